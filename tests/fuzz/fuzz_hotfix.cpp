// libFuzzer target: a hotfix event log (JSONL) parses and folds, or fails cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hypercare/hotfix/fold.hpp"
#include "hypercare/hotfix/json.hpp"
#include "hypercare/store/jsonl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = hypercare::store::parse_jsonl(text, "fuzz.jsonl");
  if (!file) return 0;
  if (auto h = hypercare::hotfix::fold(*file, "fuzz.jsonl")) (void)hypercare::hotfix::to_json(*h, std::nullopt).dump();
  return 0;
}
