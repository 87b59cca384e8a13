// libFuzzer target: a handover event log (JSONL) parses, folds and renders, or fails cleanly. The
// snapshot in it is rendered as it comes, so odd types and missing fields must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hypercare/handover/fold.hpp"
#include "hypercare/handover/json.hpp"
#include "hypercare/handover/markdown.hpp"
#include "hypercare/store/jsonl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = hypercare::store::parse_jsonl(text, "fuzz.jsonl");
  if (!file) return 0;
  auto h = hypercare::handover::fold(*file, "fuzz.jsonl");
  if (!h) return 0;
  static auto zone = *hypercare::core::find_zone("Asia/Kolkata");
  (void)hypercare::handover::render_markdown(*h, zone);
  (void)hypercare::handover::to_json(*h);
  return 0;
}
