#include "hypercare/render/document.hpp"

#include <gtest/gtest.h>

namespace hypercare::render {
namespace {

TEST(Document, MarkdownEscapesTableCellsAndSkipsCharts) {
  Document d("T");
  d.table({"a", "b"}, {{Cell("x|y"), Cell("two\nlines")}});
  Chart c;
  c.title = "chart";
  d.chart(c);
  auto md = to_markdown(d);
  EXPECT_NE(md.find("| x\\|y | two lines |"), std::string::npos) << md;
  EXPECT_EQ(md.find("chart"), std::string::npos);
}

TEST(Document, HtmlIsEscapedSelfContainedAndHasCharts) {
  Document d("<Team> & co");
  d.paragraph("<script>alert(1)</script>");
  Chart c;
  c.kind = Chart::Kind::grouped;
  c.title = "Uptime per day";
  c.unit = "%";
  c.zoom = true;
  c.labels = {"11-23", "11-24"};
  c.series = {{"uptime", "#2e8b57", {std::nullopt, 99.5}}};
  c.target = 99.9;
  d.chart(c);
  d.markdown("### Went well\n1. a < b\n- [x] done\n");
  auto html = to_html(d);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<title>&lt;Team&gt; &amp; co</title>"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("no data"), std::string::npos);  // the 11-23 bar
  EXPECT_NE(html.find("stroke-dasharray"), std::string::npos);  // the target line
  EXPECT_NE(html.find("<h3>Went well</h3>"), std::string::npos) << "as in the Markdown, under the section's <h2>";
  EXPECT_NE(html.find("<li>a &lt; b</li>"), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
}

}  // namespace
}  // namespace hypercare::render
