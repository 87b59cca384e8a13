// libFuzzer target: an incident event log (JSONL) parses and folds, or fails cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hypercare/incident/fold.hpp"
#include "hypercare/store/jsonl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = hypercare::store::parse_jsonl(text, "fuzz.jsonl");
  if (file) (void)hypercare::incident::fold(*file, "fuzz.jsonl");
  return 0;
}
