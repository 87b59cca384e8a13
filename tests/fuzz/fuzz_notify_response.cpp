// libFuzzer target: what Slack, PagerDuty and webhook endpoints answer, as delivery judges it —
// delivered, retried (with Retry-After) or dead-lettered with the service's words, the outbox
// entry saved either way. The input is "STATUS RETRY_AFTER\n" then the body; status 0 is a
// transport failure whose message is the body.
#include <charconv>

#include "fuzz_support.hpp"
#include "hypercare/notify/delivery.hpp"

namespace hc = hypercare;

namespace {

struct Answer {
  long status = 200, retry_after = -1;
  std::string body;
};

Answer answer(std::string_view text) {
  Answer a;
  auto nl = text.find('\n');
  std::string_view head = text.substr(0, nl);
  a.body = nl == std::string_view::npos ? std::string() : std::string(text.substr(nl + 1));
  auto r = std::from_chars(head.data(), head.data() + head.size(), a.status);
  if (r.ptr < head.data() + head.size() && *r.ptr == ' ')
    std::from_chars(r.ptr + 1, head.data() + head.size(), a.retry_after);
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto a = answer(fuzz::text(data, size));
  auto ops = fuzz::Scratch::fresh();
  const auto& cfg = fuzz::team();
  hc::notify::Outbox outbox(ops);
  int n = 0;
  for (const auto& ch : cfg.notify.channels) {
    hc::notify::Entry e;
    e.id = "01KB000000000000000000000" + std::to_string(n++);
    e.channel = ch.name;
    e.kind = std::string(hc::config::channel_kind_name(ch.kind));
    e.event = "incident.created";
    e.key = "INC-20261127-7K2M";
    e.summary = "INC-20261127-7K2M P1 incident opened: Checkout down";
    e.body = {{"text", "P1 incident opened"}};
    e.created_at = e.next_at = fuzz::now();
    if (!outbox.save(e)) return 0;
  }
  hc::notify::Env env{{"HYPERCARE_SLACK_WEBHOOK", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX"},
                      {"HYPERCARE_PD_ROUTING_KEY", "R0UT1NGKEY0123456789abcdefabcdef"},
                      {"HYPERCARE_WEBHOOK", "https://ops.example.com/hooks/hypercare/6f1d2b"}};
  hc::notify::Secrets secrets(env);
  auto transport = [&a](const hc::http::Request&, hc::http::SendInfo* info) -> hc::core::Result<hc::http::Response> {
    if (a.status == 0) {
      if (info) info->request_sent = !a.body.empty() && a.body[0] == 's';
      return hc::core::fail(hc::core::ErrorKind::unavailable, a.body);
    }
    if (info) info->request_sent = true;
    return hc::http::Response{a.status, a.body, std::chrono::milliseconds(12), a.retry_after};
  };
  std::uint64_t r = 0;
  hc::notify::Delivery d{outbox, cfg.notify, secrets, transport, fuzz::now(), [&r] { return ++r * 0x9E3779B97F4A7C15ull; },
                         [](const std::string&) {}};
  (void)hc::notify::deliver(d, {});
  (void)outbox.list([](const std::string&) {});
  return 0;
}
