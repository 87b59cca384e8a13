// libFuzzer target: an incident event log (JSONL) parses and folds, or fails cleanly; and the cold
// index's reader without a JSON tree (fold_flat) answers only when it agrees with the full one.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hypercare/incident/fold.hpp"
#include "hypercare/store/jsonl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hypercare;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = store::parse_jsonl(text, "fuzz.jsonl");
  for (bool timeline : {true, false}) {
    incident::FoldOptions options{.timeline = timeline, .before = std::nullopt};
    auto flat = incident::fold_flat(text, "fuzz.jsonl", options);
    if (!file) {
      if (flat) __builtin_trap();
      continue;
    }
    auto full = incident::fold(*file, "fuzz.jsonl", options);
    if (flat && (!full || !(*flat == *full))) __builtin_trap();
  }
  return 0;
}
