#include "hypercare/identity/identity.hpp"

#include <fmt/format.h>

#include "hypercare/core/suggest.hpp"
#include "hypercare/core/text.hpp"

namespace hypercare::identity {

namespace {

constexpr std::size_t k_max_actor = 64;

// Every person the rota knows: the members, then the lead.
std::vector<const config::Person*> people(const config::RotaConfig& rota) {
  std::vector<const config::Person*> out;
  for (const auto& m : rota.members) out.push_back(&m);
  if (rota.lead) out.push_back(&*rota.lead);
  return out;
}

}  // namespace

Actor resolve(const Inputs& in, const config::RotaConfig* rota) {
  Actor a;
  auto known = [&](std::string_view who) { return rota ? rota->person(who) : nullptr; };
  if (!in.as.empty()) {
    a.person = known(in.as);
    a.id = a.person ? a.person->id : in.as;
    a.source = "--as";
    a.why = fmt::format("given with --as {}", in.as);
  } else if (!in.hypercare_user.empty()) {
    a.person = known(in.hypercare_user);
    a.id = a.person ? a.person->id : in.hypercare_user;
    a.source = "HYPERCARE_USER";
    a.why = fmt::format("HYPERCARE_USER={}", in.hypercare_user);
  } else {
    if (rota && !in.git_email.empty())
      for (const auto* p : people(*rota))
        if (!p->email.empty() && core::iequals(p->email, in.git_email)) {
          a = {p->id, "git user.email", fmt::format("git user.email {} is {}'s email in rota.toml", in.git_email, p->id), p};
          return a;
        }
    if (rota && !in.git_name.empty())
      for (const auto* p : people(*rota))
        if (core::iequals(p->name, in.git_name) || core::iequals(p->id, in.git_name)) {
          a = {p->id, "git user.name", fmt::format("git user.name \"{}\" is {} in rota.toml", in.git_name, p->id), p};
          return a;
        }
    if (!in.unix_user.empty()) {
      a.person = known(in.unix_user);
      a.id = a.person ? a.person->id : in.unix_user;
      a.source = "$USER";
      a.why = fmt::format("USER={}{}", in.unix_user,
                          rota ? " (no rota member has git's user.email or user.name)" : "");
    } else {
      a.id = "unknown";
      a.source = "default";
      a.why = "nothing names you: set HYPERCARE_USER or git config user.email";
    }
  }
  return a;
}

core::Status check_text(std::string_view name, std::string_view flag) {
  if (name.empty()) return core::fail(core::ErrorKind::usage, fmt::format("{}: the name is empty", flag));
  if (name.size() > k_max_actor)
    return core::fail(core::ErrorKind::usage,
                      fmt::format("{}: a name of {} bytes; at most {} are allowed", flag, name.size(), k_max_actor));
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      return core::fail(core::ErrorKind::usage,
                        fmt::format("{}: the name must be one line of printable characters", flag));
  return {};
}

core::Result<std::string> check_person(std::string_view name, const config::RotaConfig* rota, bool external,
                                       std::string_view flag) {
  HC_CHECK(check_text(name, flag));
  if (!rota) return std::string(name);
  if (const auto* p = rota->person(name)) return p->id;
  if (external) return std::string(name);
  std::vector<std::string> names;
  for (const auto* p : people(*rota)) names.push_back(p->id);
  auto close = core::closest(name, names);
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  return core::fail(core::ErrorKind::usage,
                    fmt::format("{}: '{}' is not on the rota (rota.toml knows {}){}", flag, name, known,
                                close.empty() ? "" : fmt::format("; did you mean {}?", close.front())),
                    "someone from outside the team (a vendor engineer): add --external");
}

}  // namespace hypercare::identity
