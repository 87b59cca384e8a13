#include "hypercare/handover/status.hpp"

#include "hypercare/handover/repository.hpp"

namespace hypercare::handover {

Overview overview(const std::vector<Handover>& oldest_first, const rota::Schedule* schedule, TimePoint now) {
  Overview out;
  if (const auto* last = latest_before(oldest_first, now)) out.last = *last;
  if (!schedule) return out;
  auto change = last_change(*schedule, now);
  if (!change || now - change->at <= k_handover_grace) return out;
  // Written for this change (its shift ended there), or written around it by hand.
  for (const auto& h : oldest_first)
    if (h.created_at <= now && (h.shift_end == change->at || h.created_at >= change->at - std::chrono::hours(1)))
      return out;
  out.missing = change;
  return out;
}

}  // namespace hypercare::handover
