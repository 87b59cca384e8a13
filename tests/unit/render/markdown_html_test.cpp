// lessons.md in the reports: Markdown rendered by md4c, escaped, without raw HTML, unsafe links or
// images that would load; headings placed under the section's own.
#include <gtest/gtest.h>

#include "hypercare/render/document.hpp"
#include "hypercare/render/markdown_html.hpp"

namespace hypercare::render {
namespace {

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST(MarkdownHtml, InlineMarkupIsRenderedNotShownLiterally) {
  auto h = markdown_to_html("The **rota** held, see [the runbook](https://wiki.example/rb) and `kubectl top`.\n", 3);
  EXPECT_EQ(h,
            "<p>The <strong>rota</strong> held, see <a href=\"https://wiki.example/rb\">the runbook</a> and "
            "<code>kubectl top</code>.</p>\n");
  EXPECT_TRUE(has(markdown_to_html("*slow* ~~gone~~", 3), "<em>slow</em> <del>gone</del>"));
}

TEST(MarkdownHtml, FencedCodeKeepsItsLines) {
  auto h = markdown_to_html("```sh\nkubectl get pods\nkubectl top pods\n```\n", 3);
  EXPECT_EQ(h, "<pre><code class=\"language-sh\">kubectl get pods\nkubectl top pods\n</code></pre>\n");
}

TEST(MarkdownHtml, NestedListsStayNested) {
  auto h = markdown_to_html("- alerts\n  - too noisy\n  - missing on disk\n- rota\n", 3);
  EXPECT_EQ(h,
            "<ul>\n<li>alerts<ul>\n<li>too noisy</li>\n<li>missing on disk</li>\n</ul>\n</li>\n<li>rota</li>\n</ul>\n");
}

TEST(MarkdownHtml, HeadingsGoUnderTheSection) {
  EXPECT_EQ(markdown_to_html("### What went well\n", 3), "<h3>What went well</h3>\n");
  EXPECT_EQ(markdown_to_html("# Good\n## Detail\n", 3), "<h3>Good</h3>\n<h4>Detail</h4>\n");
  EXPECT_EQ(markdown_to_html("# A\n###### F\n", 3), "<h3>A</h3>\n<h6>F</h6>\n") << "never below h6";
}

TEST(MarkdownHtml, TaskListsAndTables) {
  auto t = markdown_to_html("- [x] runbooks\n- [ ] alert tuning\n", 3);
  EXPECT_TRUE(has(t, "<li><span class=\"box\">&#9745;</span>runbooks</li>")) << t;
  EXPECT_TRUE(has(t, "<li><span class=\"box\">&#9744;</span>alert tuning</li>")) << t;
  auto table = markdown_to_html("| day | P1 |\n|---|--:|\n| 1 | 2 |\n", 3);
  EXPECT_TRUE(has(table, "<th>day</th><th class=\"num\">P1</th>")) << table;
  EXPECT_TRUE(has(table, "<td>1</td><td class=\"num\">2</td>")) << table;
}

TEST(MarkdownHtml, NothingFromTheTextBecomesMarkupOrLoads) {
  auto raw = markdown_to_html("<script>alert(1)</script>\n\nok <b onclick=x>bold</b> & co\n", 3);
  EXPECT_FALSE(has(raw, "<script")) << raw;
  EXPECT_FALSE(has(raw, "<b ")) << raw;
  EXPECT_TRUE(has(raw, "&lt;script&gt;")) << raw;
  EXPECT_TRUE(has(raw, "&amp; co")) << raw;
  auto js = markdown_to_html("[click](javascript:alert(1)) [data](DATA:text/html,x) [ok](/runbooks/db.md)\n", 3);
  EXPECT_FALSE(has(js, "javascript")) << js;
  EXPECT_FALSE(has(js, "DATA:")) << js;
  EXPECT_TRUE(has(js, "click")) << "the text stays";
  EXPECT_TRUE(has(js, "<a href=\"/runbooks/db.md\">ok</a>")) << js;
  auto img = markdown_to_html("![error rate](https://grafana.example/render.png \"last week\")\n", 3);
  EXPECT_FALSE(has(img, "<img")) << img;
  EXPECT_TRUE(has(img, "<a href=\"https://grafana.example/render.png\" title=\"last week\">[image: error rate]</a>")) << img;
  auto quote = markdown_to_html("[x](https://e.example/?a=1&b=\"2\")\n", 3);
  EXPECT_TRUE(has(quote, "href=\"https://e.example/?a=1&amp;b=%222%22\"") || has(quote, "href=\"https://e.example/?a=1&amp;b=&quot;2&quot;\""))
      << quote;
}

TEST(MarkdownDocument, LessonsHeadingsMoveDownOutsideCode) {
  Document d("Summary");
  d.markdown("# Good\nthe rota held\n```\n# a shell comment\n```\n## Detail\n");
  auto md = to_markdown(d);
  EXPECT_TRUE(has(md, "### Good\nthe rota held\n```\n# a shell comment\n```\n#### Detail\n")) << md;
  Document kept("Summary");
  kept.markdown("### What went well\n");
  EXPECT_TRUE(has(to_markdown(kept), "\n### What went well\n")) << to_markdown(kept);
}

}  // namespace
}  // namespace hypercare::render
