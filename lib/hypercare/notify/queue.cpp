#include "hypercare/notify/queue.hpp"

#include <fmt/format.h>

#include "hypercare/notify/payload.hpp"

namespace hypercare::notify {

core::Result<std::vector<Entry>> enqueue(const Outbox& outbox, const config::HypercareConfig& cfg,
                                         const std::vector<Event>& events, core::TimePoint now,
                                         const core::Random& random) {
  std::vector<Entry> out;
  std::string last;
  std::string queued = outbox.last_id();
  for (const auto& event : events) {
    for (const auto& ch : cfg.notify.channels) {
      if (!wants(ch, event)) continue;
      // Consecutive ids: the order the events happened is the order they are delivered.
      std::string id = last.empty() ? core::new_event_id(now, random) : core::next_event_id(last);
      if (!queued.empty() && id <= queued) id = core::next_event_id(queued);
      auto body = payload_for(ch, event, cfg, id);
      if (!body) continue;
      Entry e;
      e.id = id;
      e.channel = ch.name;
      e.kind = std::string(config::channel_kind_name(ch.kind));
      e.event = event.type;
      e.key = event.key;
      e.component = event.source;
      e.summary = fmt::format("{}{}: {}", event.key.starts_with("INC-") ? event.key + " " : "", event.headline, event.title);
      e.body = std::move(*body);
      e.created_at = now;
      e.next_at = now;
      HC_CHECK(outbox.save(e));
      last = queued = id;
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace hypercare::notify
