// The HTML report in a real browser: headless Chromium loads it with no console errors and no
// network requests, and a screenshot is kept as a test artefact in the build tree.
#include <unistd.h>

#include "report_fixture.hpp"

namespace hctest {
namespace {

std::string chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (::access(p, X_OK) == 0) return p;
  return {};
}

class ReportHtml : public CliTest {};

TEST_F(ReportHtml, RendersInHeadlessChromiumWithoutConsoleErrors) {
  auto browser = chromium();
  HC_REQUIRE(!browser.empty(), "chromium is not installed (tests/deps.sh installs it)");
  init_ops(false);
  write_report_fixture(ops);
  for (const char* report : {"summary", "daily", "bau"}) {
    auto file = root / (std::string(report) + ".html");
    std::vector<std::string> args = {"report", report, "--format", "html", "-o", file.string()};
    if (std::string(report) == "daily") args.insert(args.end(), {"--date", "2026-11-25"});
    auto r = hc(args, {{"HYPERCARE_NOW", k_after_window}});
    ASSERT_EXIT_CODE(r, 0);
    auto url = "file://" + file.string();
    std::vector<std::string> common = {browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                       "--no-first-run", "--user-data-dir=" + (root / "chromium").string(),
                                       "--enable-logging=stderr", "--v=0"};
    auto dump = common;
    dump.insert(dump.end(), {"--dump-dom", url});
    auto d = run(dump, env, {}, root, std::chrono::seconds(180));
    ASSERT_EQ(d.exit, 0) << d.describe();
    EXPECT_NE(d.out.find("</html>"), std::string::npos) << report;
    EXPECT_EQ(d.err.find("CONSOLE"), std::string::npos) << report << ": " << d.err;
    EXPECT_EQ(d.err.find("Failed to load resource"), std::string::npos) << report << ": " << d.err;
    EXPECT_EQ(d.err.find("Uncaught"), std::string::npos) << d.err;
    if (std::string(report) == "summary") {
      EXPECT_EQ(count_of(d.out, "<svg"), 3u);
      EXPECT_NE(d.out.find("Executive summary"), std::string::npos);
    }
    fs::path artefacts = HYPERCARE_ARTEFACTS;
    fs::create_directories(artefacts);
    auto png = artefacts / ("report-" + std::string(report) + ".png");
    fs::remove(png);
    auto shot = common;
    shot.insert(shot.end(), {"--hide-scrollbars", "--window-size=1280,2000", "--screenshot=" + png.string(), url});
    auto s = run(shot, env, {}, root, std::chrono::seconds(180));
    ASSERT_EQ(s.exit, 0) << s.describe();
    ASSERT_TRUE(fs::exists(png)) << s.describe();
    EXPECT_GT(fs::file_size(png), 20000u);  // a real page, not a blank one
    EXPECT_EQ(s.err.find("CONSOLE"), std::string::npos) << s.err;
    std::cout << "screenshot: " << png.string() << "\n";
  }
}

}  // namespace
}  // namespace hctest
