// The reports as documents (Markdown, HTML) and as JSON (every figure the documents show).
#pragma once

#include <nlohmann/json.hpp>

#include "hypercare/render/document.hpp"
#include "hypercare/report/model.hpp"

namespace hypercare::report {

enum class Format { markdown, json, html };

render::Document daily_document(const DailyReport& r, core::Zone zone);
render::Document summary_document(const SummaryReport& r, core::Zone zone);
render::Document bau_document(const BauReport& r, core::Zone zone);

nlohmann::json daily_json(const DailyReport& r);
nlohmann::json summary_json(const SummaryReport& r);
nlohmann::json bau_json(const BauReport& r);

// Markdown or HTML of a document; JSON is rendered from the report itself.
std::string render_document(const render::Document& doc, Format format);

}  // namespace hypercare::report
