#include "hypercare/handover/service.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/handover/fold.hpp"
#include "hypercare/store/causal.hpp"

namespace hypercare::handover {

namespace {

using core::ErrorKind;
using nlohmann::json;

json base_event(const WriteContext& ctx, std::string_view type, const store::JsonlFile& read) {
  json e = {{"v", 1}, {"actor", ctx.write.actor}, {"type", type}};
  store::stamp_event(e, store::next_stamp(read, ctx.now), ctx.random);
  return e;
}

}  // namespace

core::Result<Handover> create(const WriteContext& ctx, const Repository& repo, const NewHandover& spec) {
  auto session = HC_TRY(store::WriteSession::begin(ctx.write));
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::string id = core::new_record_id("HO", ctx.now, ctx.random);
    json e = base_event(ctx, event::created, {});
    json scheduled = json::array(), sections = json::array();
    for (const auto& s : spec.scheduled) scheduled.push_back({{"at", core::format_rfc3339(s.at)}, {"activity", s.activity}});
    for (const auto& s : spec.sections) sections.push_back({{"heading", s.heading}, {"text", s.text}});
    e["handover"] = id;
    e["from"] = spec.plan.from;
    e["to"] = spec.plan.to;
    e["shift_start"] = core::format_rfc3339(spec.plan.shift.start);
    e["shift_end"] = core::format_rfc3339(spec.plan.shift.end);
    e["notes"] = spec.notes;
    e["watch"] = spec.watch;
    e["scheduled"] = scheduled;
    e["sections"] = sections;
    e["snapshot"] = spec.snapshot;
    if (!spec.replaces.empty()) e["replaces"] = spec.replaces;
    // What cannot be read back is never written.
    store::JsonlFile file;
    file.lines.push_back({1, e});
    auto h = HC_TRY(fold(file, repo.file_for(id)));
    auto appended = session.append(Repository::relative_path(id), HC_TRY(store::record_line(e, Repository::relative_path(id))), true);
    if (!appended && appended.error().kind == ErrorKind::cant_create &&
        appended.error().message.ends_with("already exists"))
      continue;  // the random tail collided with an existing handover: draw again
    if (!appended) return std::unexpected(appended.error());
    session.finish(fmt::format("handover {}: {} → {} by {}", id, h.from, h.to, ctx.write.actor));
    return h;
  }
  return core::fail(ErrorKind::cant_create, "could not find a free handover id for today");
}

core::Result<Accepted> accept(const WriteContext& ctx, const Repository& repo, const AcceptRequest& r) {
  auto session = HC_TRY(store::WriteSession::begin(ctx.write));
  auto loaded = HC_TRY(repo.load(r.id));
  auto& h = loaded.handover;
  auto already = h.confirmed();
  Accepted out;
  for (const auto& item : k_checklist) {
    bool wanted = std::find(r.confirm.begin(), r.confirm.end(), item.name) != r.confirm.end();
    bool done = std::find(already.begin(), already.end(), item.name) != already.end();
    if (wanted && !done) out.newly_confirmed.emplace_back(item.name);
  }
  if (h.accepted() && out.newly_confirmed.empty()) {
    out.handover = std::move(h);
    out.changed = false;
    return out;
  }
  json e = base_event(ctx, event::accepted, loaded.file);
  e["by"] = r.by;
  e["as_other"] = r.as_other;
  e["confirmed"] = out.newly_confirmed;
  auto file = loaded.file;
  file.lines.push_back({file.lines.size() + 1, e});
  file.torn_tail = false;
  auto after = HC_TRY(fold(file, repo.file_for(r.id)));
  HC_TRY(session.append(Repository::relative_path(r.id), HC_TRY(store::record_line(e, Repository::relative_path(r.id))), false));
  auto done = after.confirmed().size();
  session.finish(fmt::format("handover {}: accepted by {}{} ({} of {} confirmed)", r.id, r.by,
                             r.as_other ? fmt::format(" for {}", after.to) : "", done, k_checklist.size()));
  out.handover = std::move(after);
  return out;
}

}  // namespace hypercare::handover
