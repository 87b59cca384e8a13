// libFuzzer target: lessons.md (Markdown people write) as `report summary` carries it into the
// summary report's Markdown, HTML and JSON.
#include "fuzz_support.hpp"
#include "hypercare/report/render.hpp"

namespace hc = hypercare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hc::report::SummaryReport r;
  r.lessons = std::string(fuzz::text(data, size));
  r.lessons_file = "lessons.md";
  auto doc = hc::report::summary_document(r, fuzz::zone());
  (void)hc::report::render_document(doc, hc::report::Format::markdown);
  (void)hc::report::render_document(doc, hc::report::Format::html);
  (void)hc::report::summary_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
