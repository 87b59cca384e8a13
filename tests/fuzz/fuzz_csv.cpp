// libFuzzer target: the CSV parser and the survey import never crash, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hypercare/core/time.hpp"
#include "hypercare/feedback/csv.hpp"
#include "hypercare/feedback/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hypercare::feedback::parse_csv(text, "fuzz.csv");
  (void)hypercare::feedback::parse_csv(text, "fuzz.csv", ';');
  static auto zone = hypercare::core::find_zone("Asia/Kolkata");
  hypercare::feedback::ImportOptions o;
  o.zone = *zone;
  (void)hypercare::feedback::read_survey(text, "fuzz.csv", o);
  o.columns = "ts=1,score=2,comment=3";
  (void)hypercare::feedback::read_survey(text, "fuzz.csv", o);
  return 0;
}
