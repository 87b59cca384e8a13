#include "hypercare/config/rota_config.hpp"

#include "hypercare/core/text.hpp"
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "hypercare/config/schema.hpp"

namespace hypercare::config {

namespace {

using core::iequals;

std::optional<int> parse_clock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

core::Result<Person> person(const TomlFile& f, const toml::table& t, const std::string& kp) {
  Person p;
  auto id = HC_TRY(f.string(t, "id", kp + ".id"));
  if (!id || id->empty()) return std::unexpected(f.error_at(&t, kp + ".id", "is required"));
  if (id->find_first_of(" \t/,") != std::string::npos)
    return std::unexpected(f.error_at(t.get("id"), kp + ".id", "must not contain spaces, commas or slashes"));
  p.id = *id;
  p.name = HC_TRY(f.string(t, "name", kp + ".name")).value_or("");
  p.email = HC_TRY(f.string(t, "email", kp + ".email")).value_or("");
  if (!p.email.empty() && !valid_email(p.email))
    return std::unexpected(f.error_at(t.get("email"), kp + ".email",
                                      fmt::format("'{}' is not a mail address: write local@domain, without a display name", p.email)));
  p.slack = HC_TRY(f.string(t, "slack", kp + ".slack")).value_or("");
  // A Slack member id (U… or W…), which is what a mention needs: <@U0123ABCD>.
  bool member_id = p.slack.size() >= 9 && p.slack.size() <= 20 && (p.slack[0] == 'U' || p.slack[0] == 'W') &&
                   p.slack.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos;
  if (!p.slack.empty() && !member_id)
    return std::unexpected(f.error_at(t.get("slack"), kp + ".slack",
                                      fmt::format("'{}' is not a Slack member id: give one such as U0123ABCD (in Slack: the "
                                                  "person's profile → More → Copy member ID)",
                                                  p.slack)));
  p.phone = HC_TRY(f.string(t, "phone", kp + ".phone")).value_or("");
  p.ntfy = HC_TRY(f.string(t, "ntfy", kp + ".ntfy")).value_or("");
  if (!p.ntfy.empty() && !valid_topic_url(p.ntfy))
    return std::unexpected(f.error_at(t.get("ntfy"), kp + ".ntfy",
                                      fmt::format("'{}' is not an ntfy topic URL: write https://SERVER/TOPIC", p.ntfy)));
  p.webhook = HC_TRY(f.string(t, "webhook", kp + ".webhook")).value_or("");
  if (!p.webhook.empty() && (p.webhook.find("://") != std::string::npos || p.webhook.find_first_of(" \t\"'=") != std::string::npos))
    return std::unexpected(f.error_at(t.get("webhook"), kp + ".webhook",
                                      "names a key in the secrets store ($XDG_CONFIG_HOME/hypercare/secrets.toml) that "
                                      "holds the URL, never the URL itself"));
  return p;
}

}  // namespace

std::string format_clock(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

const Person* RotaConfig::person(std::string_view who) const {
  for (const auto& m : members)
    if (iequals(m.id, who) || (!m.name.empty() && iequals(m.name, who))) return &m;
  if (lead && (iequals(lead->id, who) || (!lead->name.empty() && iequals(lead->name, who)))) return &*lead;
  return nullptr;
}

std::optional<std::size_t> RotaConfig::member_index(std::string_view who) const {
  for (std::size_t i = 0; i < members.size(); ++i)
    if (iequals(members[i].id, who) || (!members[i].name.empty() && iequals(members[i].name, who))) return i;
  return std::nullopt;
}

std::optional<std::size_t> RotaConfig::slot_index(std::string_view name) const {
  for (std::size_t i = 0; i < slots.size(); ++i)
    if (iequals(slots[i].name, name)) return i;
  return std::nullopt;
}

core::Result<std::optional<RotaConfig>> load_rota_config(const std::filesystem::path& ops_dir,
                                                         const HypercareConfig& team) {
  std::error_code ec;
  auto path = ops_dir / k_rota_file;
  if (!std::filesystem::exists(path, ec)) return std::optional<RotaConfig>{};
  auto file = HC_TRY(TomlFile::load(path));
  return std::optional<RotaConfig>{HC_TRY(parse_rota_config(file, team))};
}

const Schema& rota_schema() {
  static const Schema person{{"id", {}}, {"name", {}}, {"email", {}}, {"slack", {}}, {"phone", {}},
                               {"ntfy", {}},  {"webhook", {}}};
  static const Schema schema{
      {"timezone", {}}, {"start", {}}, {"min_rest", {}}, {"lead", person}, {"member", person},
      {"slot", {{"name", {}}, {"start", {}}, {"end", {}}}},
      {"assignment", {{"date", {}}, {"slot", {}}, {"member", {}}}},
  };
  return schema;
}

core::Result<RotaConfig> parse_rota_config(const TomlFile& f, const HypercareConfig& team) {
  RotaConfig c;
  c.file = f.path();
  HC_CHECK(f.reject_secrets());  // first: a secret is worse than a typo
  HC_CHECK(check_schema(f, rota_schema()));
  const auto& root = f.root();
  c.timezone = HC_TRY(f.string(root, "timezone", "timezone")).value_or(team.timezone);
  auto zone = core::find_zone(c.timezone);
  if (!zone) return std::unexpected(f.error_at(root.get("timezone"), "timezone", zone.error().message));
  c.zone = *zone;
  auto start = HC_TRY(f.date(root, "start", "start"));
  if (!start) {
    if (!team.start) return std::unexpected(f.error_at(nullptr, "start", "is required (the first day of the rotation)"));
    start = team.start;
  }
  c.start = *start;
  if (auto r = HC_TRY(f.duration(root, "min_rest", "min_rest"))) c.min_rest = *r;

  if (const auto* lead = HC_TRY(f.table(root, "lead", "lead"))) c.lead = HC_TRY(person(f, *lead, "lead"));

  std::set<std::string> ids;
  auto unique = [&](const Person& p, const toml::node* at, const std::string& kp) -> core::Status {
    std::string key;
    for (char ch : p.id) key += char(std::tolower(static_cast<unsigned char>(ch)));
    if (!ids.insert(key).second) return std::unexpected(f.error_at(at, kp + ".id", fmt::format("'{}' is used twice", p.id)));
    return {};
  };
  if (c.lead) HC_CHECK(unique(*c.lead, root.get("lead"), "lead"));

  const toml::node* members = root.get("member");
  if (!members || !members->is_array_of_tables() || members->as_array()->empty())
    return std::unexpected(f.error_at(members, "member", "at least one [[member]] with an id is required"));
  std::size_t i = 0;
  for (const auto& node : *members->as_array()) {
    auto kp = fmt::format("member[{}]", i++);
    auto p = HC_TRY(person(f, *node.as_table(), kp));
    HC_CHECK(unique(p, node.as_table()->get("id"), kp));
    c.members.push_back(std::move(p));
  }

  const toml::node* slots = root.get("slot");
  if (!slots || !slots->is_array_of_tables() || slots->as_array()->empty())
    return std::unexpected(f.error_at(slots, "slot", "at least one [[slot]] with name, start and end is required"));
  i = 0;
  std::set<std::string> names;
  for (const auto& node : *slots->as_array()) {
    auto kp = fmt::format("slot[{}]", i++);
    const auto& t = *node.as_table();
    Slot s;
    auto name = HC_TRY(f.string(t, "name", kp + ".name"));
    if (!name || name->empty() || name->find_first_of(" /") != std::string::npos)
      return std::unexpected(f.error_at(&t, kp + ".name", "is required, without spaces or slashes (e.g. \"A\")"));
    s.name = *name;
    std::string lower;
    for (char ch : s.name) lower += char(std::tolower(static_cast<unsigned char>(ch)));
    if (!names.insert(lower).second) return std::unexpected(f.error_at(t.get("name"), kp + ".name", "is used twice"));
    for (auto [key, out] : {std::pair{"start", &s.start}, std::pair{"end", &s.end}}) {
      auto v = HC_TRY(f.string(t, key, kp + "." + key));
      if (!v) return std::unexpected(f.error_at(&t, kp + "." + key, "is required, as \"HH:MM\""));
      auto m = parse_clock(*v);
      if (!m) return std::unexpected(f.error_at(t.get(key), kp + "." + key, fmt::format("'{}' is not a time of day HH:MM", *v)));
      *out = *m;
    }
    if (s.start == s.end && slots->as_array()->size() > 1)
      return std::unexpected(f.error_at(t.get("end"), kp + ".end", "equals the start: a 24-hour slot must be the only slot"));
    c.slots.push_back(std::move(s));
  }

  if (const toml::node* as = root.get("assignment")) {
    if (!as->is_array_of_tables()) return std::unexpected(f.error_at(as, "assignment", "must be [[assignment]] tables"));
    i = 0;
    for (const auto& node : *as->as_array()) {
      auto kp = fmt::format("assignment[{}]", i++);
      const auto& t = *node.as_table();
      Assignment a;
      auto date = HC_TRY(f.date(t, "date", kp + ".date"));
      if (!date) return std::unexpected(f.error_at(&t, kp + ".date", "is required"));
      a.date = *date;
      auto slot = HC_TRY(f.string(t, "slot", kp + ".slot")).value_or("");
      auto si = c.slot_index(slot);
      if (!si) return std::unexpected(f.error_at(t.get("slot") ? t.get("slot") : &t, kp + ".slot", fmt::format("unknown slot '{}'", slot)));
      a.slot = *si;
      auto who = HC_TRY(f.string(t, "member", kp + ".member")).value_or("");
      auto mi = c.member_index(who);
      if (!mi) return std::unexpected(f.error_at(t.get("member") ? t.get("member") : &t, kp + ".member", fmt::format("unknown member '{}'", who)));
      a.member = *mi;
      c.assignments.push_back(a);
    }
  }
  return c;
}

}  // namespace hypercare::config
