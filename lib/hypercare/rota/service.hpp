// Changing the rota: overrides, swaps and cancellations appended to rota/changes.jsonl under
// the ops lock, then committed.
#pragma once

#include <string>

#include "hypercare/config/rota_config.hpp"
#include "hypercare/rota/changes.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::rota {

struct RotaWriteContext {
  const config::RotaConfig& rota;
  store::WriteOptions write;
  TimePoint now;
  core::Random random;
};

struct OverrideRequest {
  std::string member, replacing, message;
  TimePoint from, to;
};

// What add_override refuses before writing anything: an unknown member, a replacement by oneself,
// an empty or past stretch, a huge message (ErrorKind::usage).
core::Status check_override(const config::RotaConfig& rota, TimePoint now, const OverrideRequest& request);
core::Result<Override> add_override(const RotaWriteContext& ctx, const OverrideRequest& request);
core::Result<Swap> add_swap(const RotaWriteContext& ctx, std::string_view a, std::string_view b, const std::string& message);
// Cancels an override or a swap by id (or an unambiguous tail); returns its full id.
core::Result<std::string> cancel(const RotaWriteContext& ctx, std::string_view id, const std::string& message);

}  // namespace hypercare::rota
