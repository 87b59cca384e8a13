#include "hypercare/rota/service.hpp"

#include <fmt/format.h>

#include "hypercare/rota/schedule.hpp"
#include "hypercare/store/causal.hpp"

namespace hypercare::rota {

namespace {

using core::ErrorKind;
using nlohmann::json;

// Appends one event to the changes file under the lock, re-folding first so that what cannot be
// read back is never written.
template <class Make>
core::Result<Changes> append_change(const RotaWriteContext& ctx, Make make, const std::string& summary) {
  auto session = HC_TRY(store::WriteSession::begin(ctx.write));
  auto current = HC_TRY(load_changes(ctx.write.ops_dir, ctx.write.warn));
  json e = {{"v", 1}, {"actor", ctx.write.actor}};
  store::stamp_event(e, store::next_stamp(current.file, ctx.now), ctx.random);
  HC_CHECK(make(current, e));
  auto line = HC_TRY(store::record_line(e, k_changes_file));
  auto file = current.file;
  file.lines.push_back({file.lines.size() + 1, e});
  file.torn_tail = false;
  auto after = HC_TRY(fold_changes(std::move(file), ctx.write.ops_dir / k_changes_file));
  std::error_code ec;
  bool exists = std::filesystem::exists(ctx.write.ops_dir / k_changes_file, ec);
  HC_CHECK(session.append(k_changes_file, line, !exists));
  session.finish(fmt::format("rota: {} by {}", summary, ctx.write.actor));
  return after;
}

std::string local(TimePoint t, const config::RotaConfig& rota) { return core::format_local(t, rota.zone, "%F %H:%M"); }

}  // namespace

core::Status check_override(const config::RotaConfig& rota, TimePoint now, const OverrideRequest& r) {
  const auto* who = rota.person(r.member);
  if (!who)
    return core::fail(ErrorKind::usage, fmt::format("unknown member '{}': rota.toml has no such member or lead", r.member),
                      fmt::format("the members are listed in {}", rota.file.string()));
  if (!r.replacing.empty()) {
    const auto* old = rota.person(r.replacing);
    if (!old) return core::fail(ErrorKind::usage, fmt::format("--replacing: unknown member '{}'", r.replacing));
    if (old == who) return core::fail(ErrorKind::usage, fmt::format("{} cannot replace themselves", who->id));
  }
  if (r.to <= r.from) return core::fail(ErrorKind::usage, "--to must be after --from");
  if (r.to <= now) return core::fail(ErrorKind::usage, fmt::format("the override would end in the past ({})", local(r.to, rota)));
  if (r.message.size() > 64 * 1024) return core::fail(ErrorKind::usage, "the message (-m) is longer than 64 KiB");
  return {};
}

core::Result<Override> add_override(const RotaWriteContext& ctx, const OverrideRequest& r) {
  HC_CHECK(check_override(ctx.rota, ctx.now, r));
  const auto* who = ctx.rota.person(r.member);
  if (!who)
    return core::fail(ErrorKind::usage, fmt::format("unknown member '{}': rota.toml has no such member or lead", r.member),
                      fmt::format("the members are listed in {}", ctx.rota.file.string()));
  std::string replacing = r.replacing.empty() ? "" : ctx.rota.person(r.replacing)->id;
  std::string id = core::new_record_id("OV", ctx.now, ctx.random);
  auto after = HC_TRY(append_change(
      ctx,
      [&](const Changes& current, json& e) -> core::Status {
        for (const auto& o : current.overrides)
          if (o.id == id) return core::fail(ErrorKind::cant_create, "override id collision; try again");
        if (!replacing.empty()) {
          Schedule schedule(ctx.rota, current);
          bool holds = false;
          for (const auto& sh : schedule.between(r.from, r.to)) holds = holds || sh.member == replacing;
          if (!holds)
            ctx.write.warn(fmt::format("{} has no shift between {} and {}: this override changes nothing", replacing,
                                       local(r.from, ctx.rota), local(r.to, ctx.rota)));
        }
        e["type"] = "override";
        e["override"] = id;
        e["member"] = who->id;
        e["from"] = core::format_rfc3339(r.from);
        e["to"] = core::format_rfc3339(r.to);
        if (!replacing.empty()) e["replacing"] = replacing;
        if (!r.message.empty()) e["message"] = r.message;
        return {};
      },
      fmt::format("override {} — {} on call {} to {}{}", id, who->id, local(r.from, ctx.rota), local(r.to, ctx.rota),
                  replacing.empty() ? "" : " instead of " + replacing)));
  for (const auto& o : after.overrides)
    if (o.id == id) return o;
  return core::fail(ErrorKind::internal, fmt::format("override {} was written but not found again", id));
}

core::Result<Swap> add_swap(const RotaWriteContext& ctx, std::string_view a, std::string_view b, const std::string& message) {
  auto ra = HC_TRY(parse_shift_ref(a));
  auto rb = HC_TRY(parse_shift_ref(b));
  auto sa = ctx.rota.slot_index(ra.second), sb = ctx.rota.slot_index(rb.second);
  for (auto [ref, idx] : {std::pair{a, sa}, std::pair{b, sb}})
    if (!idx) {
      std::string names;
      for (const auto& s : ctx.rota.slots) names += (names.empty() ? "" : ", ") + s.name;
      return core::fail(ErrorKind::usage, fmt::format("'{}': unknown slot; rota.toml has {}", ref, names));
    }
  if (ra.first == rb.first && *sa == *sb) return core::fail(ErrorKind::usage, "a shift cannot be swapped with itself");
  std::string id = core::new_record_id("SW", ctx.now, ctx.random);
  auto after = HC_TRY(append_change(
      ctx,
      [&](const Changes& current, json& e) -> core::Status {
        Schedule schedule(ctx.rota, current);
        auto x = schedule.base(ra.first, *sa), y = schedule.base(rb.first, *sb);
        if (x.member == y.member)
          return core::fail(ErrorKind::data, fmt::format("both shifts belong to {}: swapping them changes nothing", x.member));
        e["type"] = "swap";
        e["swap"] = id;
        e["a"] = fmt::format("{}/{}", core::format_date(ra.first), ctx.rota.slots[*sa].name);
        e["b"] = fmt::format("{}/{}", core::format_date(rb.first), ctx.rota.slots[*sb].name);
        if (!message.empty()) e["message"] = message;
        return {};
      },
      fmt::format("swap {} — {} and {}", id, a, b)));
  for (const auto& sw : after.swaps)
    if (sw.id == id) return sw;
  return core::fail(ErrorKind::internal, fmt::format("swap {} was written but not found again", id));
}

core::Result<std::string> cancel(const RotaWriteContext& ctx, std::string_view query, const std::string& message) {
  std::string full;
  HC_TRY(append_change(
      ctx,
      [&](const Changes& current, json& e) -> core::Status {
        std::vector<std::string> ids;
        for (const auto& o : current.overrides) ids.push_back(o.id);
        for (const auto& s : current.swaps) ids.push_back(s.id);
        auto m = core::match_id(query, ids);
        if (m.candidates.empty())
          return core::fail(ErrorKind::missing, fmt::format("no override or swap matches '{}'", query),
                            "hypercare rota overrides --all");
        if (m.candidates.size() > 1)
          return core::fail(ErrorKind::missing, fmt::format("'{}' is ambiguous: it matches {}", query,
                                                            fmt::join(m.candidates, ", ")));
        full = m.candidates.front();
        bool cancelled = false;
        for (const auto& o : current.overrides)
          if (o.id == full) cancelled = o.cancelled;
        for (const auto& s : current.swaps)
          if (s.id == full) cancelled = s.cancelled;
        if (cancelled) return core::fail(ErrorKind::data, fmt::format("{} is already cancelled", full));
        e["type"] = "cancelled";
        e["target"] = full;
        if (!message.empty()) e["message"] = message;
        return {};
      },
      fmt::format("cancel {}", std::string(query))));
  return full;
}

}  // namespace hypercare::rota
