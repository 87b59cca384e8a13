// libFuzzer target: a handover draft as a person saved it from the editor (`handover new --edit`)
// — read back against the draft hypercare wrote, its scheduled activities parsed, and the
// handover it makes rendered as Markdown and JSON.
#include "fuzz_support.hpp"
#include "hypercare/handover/edit.hpp"
#include "hypercare/handover/fold.hpp"
#include "hypercare/handover/json.hpp"
#include "hypercare/handover/markdown.hpp"
#include "hypercare/handover/scheduled.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hc = hypercare;

namespace {

// A handover from dev3 to dev1 with one open P1 incident, as `handover new` snapshots it.
constexpr std::string_view k_log =
    R"({"v":1,"id":"01M8EWKRX0JDY6ZYNA5XYM5ZAC","ts":"2026-11-27T16:15:00Z","actor":"dev3","type":"created",)"
    R"("handover":"HO-20261127-RTVZ","from":"dev3","to":"dev1","shift_start":"2026-11-27T08:30:00Z",)"
    R"("shift_end":"2026-11-27T16:30:00Z","notes":["all good otherwise"],"watch":["api flapping"],)"
    R"("scheduled":[{"activity":"DB backup","at":"2026-11-27T20:30:00Z"}],"sections":[],"snapshot":{)"
    R"("changes":{"checks_recovered":[],"checks_red":[],"hotfixes":[],"incidents_escalated":[],)"
    R"("incidents_opened":[],"incidents_resolved":[]},"counts":{"open":1,"pending":1},)"
    R"("from":{"id":"dev3","name":"Dev 3"},"generated_at":"2026-11-27T16:15:00Z","health":null,)"
    R"("incidents":[{"acknowledged_at":null,"assignee":"dev3","clock":"respond in 15m","component":"payments",)"
    R"("created_at":"2026-11-27T16:15:00Z","escalation_level":0,"id":"INC-20261127-608M","priority":"P1",)"
    R"("status":"open","title":"Payment gateway returns 502"}],"pending":{"due":[],"hotfixes":[],)"
    R"("notifications":{"dead":0,"entries":[],"queued":0},"unacknowledged":[]},)"
    R"("shift":{"end":"2026-11-27T16:30:00Z","slot":"B","start":"2026-11-27T08:30:00Z"},)"
    R"("since":"2026-11-27T08:30:00Z","since_handover":null,"team":"Smart Dairy","timezone":"Asia/Kolkata",)"
    R"("to":{"id":"dev1","name":"Dev 1"}}})"
    "\n";

const hc::handover::Handover& draft() {
  static auto h = [] {
    auto file = hc::store::parse_jsonl(k_log, "HO-20261127-RTVZ.jsonl");
    auto folded = file ? hc::handover::fold(*file, "HO-20261127-RTVZ.jsonl") : std::unexpected(file.error());
    if (!folded) {
      std::fprintf(stderr, "draft: %s\n", folded.error().message.c_str());
      std::abort();
    }
    folded->id.clear();  // a draft
    folded->acceptances.clear();
    return *folded;
  }();
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string written = hc::handover::draft_preamble() + hc::handover::render_markdown(draft(), fuzz::zone());
  auto edited = hc::handover::read_edited(written, fuzz::text(data, size));
  auto h = draft();
  h.notes = edited.notes;
  h.watch = edited.watch;
  h.sections = edited.sections;
  h.scheduled.clear();
  for (const auto& line : edited.scheduled)
    if (auto s = hc::handover::parse_scheduled(line, fuzz::zone(), fuzz::now())) h.scheduled.push_back(*s);
  h.id = "HO-20261127-RTVZ";
  (void)hc::handover::render_markdown(h, fuzz::zone());
  (void)hc::handover::to_json(h).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
