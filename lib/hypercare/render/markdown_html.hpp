// Markdown that people write (lessons.md) as HTML for the reports: CommonMark with GitHub's tables,
// task lists, strikethrough and autolinks, parsed by md4c. Everything from the text is escaped;
// raw HTML shows as text, links keep only http(s), mailto and relative targets, and images become
// links (a report loads nothing from elsewhere).
#pragma once

#include <string>
#include <string_view>

namespace hypercare::render {

// The text placed under a document's own headings: its headings move down together so that the
// highest becomes at least <h`top_level`> ("###" stays <h3> under top level 3; "#" becomes <h3>
// and "##" <h4>); levels stop at <h6>.
std::string markdown_to_html(std::string_view text, int top_level);

// The level of the text's highest heading (1 for "#"), 0 when it has none.
int top_heading_level(std::string_view text);

}  // namespace hypercare::render
