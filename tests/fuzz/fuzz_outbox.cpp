// libFuzzer target: the notification outbox (.hypercare/outbox: one JSON file per queued
// notification, and the delivery log sent.jsonl) as `notify list`, `doctor` and delivery read it;
// parts cut at NUL are two entries and the log. A file that does not read is a warning, never a
// crash.
#include "fuzz_support.hpp"
#include "hypercare/notify/outbox.hpp"

namespace hc = hypercare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto files = fuzz::parts(fuzz::text(data, size), 3);
  auto ops = fuzz::Scratch::fresh();
  hc::notify::Outbox outbox(ops);
  fuzz::write(outbox.dir() / "01KB0000000000000000000000.json", files[0]);
  if (!files[1].empty()) fuzz::write(outbox.dir() / "01KB0000000000000000000001.json", files[1]);
  if (!files[2].empty()) fuzz::write(outbox.dir() / "sent.jsonl", files[2]);
  auto warn = [](const std::string&) {};
  if (auto entries = outbox.list(warn))
    for (const auto& e : *entries) (void)hc::notify::entry_to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)outbox.last_id();
  (void)outbox.sent(warn);
  return 0;
}
