// libFuzzer target: feedback/YYYY-MM.jsonl (user-satisfaction responses) as reports read it; or
// a clean error naming file:line.
#include "fuzz_support.hpp"
#include "hypercare/feedback/repository.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto ops = fuzz::Scratch::fresh();
  fuzz::write(ops / "feedback" / "2026-11.jsonl", fuzz::text(data, size));
  (void)hypercare::feedback::read_responses(ops, [](const std::string&) {});
  return 0;
}
