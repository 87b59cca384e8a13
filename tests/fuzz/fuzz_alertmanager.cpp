// libFuzzer target: Alertmanager webhook payloads as `incident ingest` and `watch --listen` take
// them — parsed, then ingested into an ops dir (incidents opened, still firing, resolved at
// source), and each change's notification built for every kind of channel; bytes that are not an
// Alertmanager payload are tried as a generic webhook (POST /webhook/NAME, incident/webhook.hpp).
// Two payloads, cut at NUL, arrive one after the other, so the second can update what the first
// opened.
#include "fuzz_support.hpp"
#include "hypercare/incident/ingest.hpp"
#include "hypercare/incident/webhook.hpp"
#include "hypercare/notify/event.hpp"
#include "hypercare/notify/payload.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hc = hypercare;

namespace {

void notify(const hc::incident::IngestAction& a) {
  if (!a.incident) return;
  auto event = hc::notify::incident_event("incident.created", *a.incident, fuzz::team(), fuzz::now(), "alertmanager");
  for (const auto& ch : fuzz::team().notify.channels)
    if (auto body = hc::notify::payload_for(ch, event, fuzz::team(), "01KB0000000000000000000000"))
      (void)body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto payloads = fuzz::parts(fuzz::text(data, size), 2);
  auto ops = fuzz::Scratch::fresh();
  hc::incident::Repository repo(ops, [](const std::string&) {});
  hc::store::WriteOptions write;
  write.ops_dir = ops;
  write.autocommit = false;
  write.actor = "alertmanager";
  hc::rota::Changes none;
  hc::rota::Schedule schedule(fuzz::rota(), none);
  std::uint64_t n = 0;
  hc::incident::ServiceContext ctx{fuzz::team(), repo, write, fuzz::now(), [&n] { return ++n * 0x9E3779B97F4A7C15ull; },
                                   &schedule};
  for (auto text : payloads) {
    if (text.empty()) continue;
    auto payload = hc::incident::parse_alertmanager(text, "payload.json");
    if (!payload) {
      static const hc::config::ListenSource source{"cron", hc::config::Priority::P2, "backup"};
      payload = hc::incident::parse_webhook(text, source, "POST /webhook/cron");
    }
    if (!payload) continue;
    auto actions = hc::incident::ingest(ctx, *payload);
    if (!actions) continue;
    for (const auto& a : *actions) notify(a);
  }
  return 0;
}
