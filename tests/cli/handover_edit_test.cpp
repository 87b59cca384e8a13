// `handover new --edit` on a pseudo-terminal, with a scripted EDITOR that edits the draft with
// sed: what the person writes in the free-text sections is kept; an unchanged or emptied draft
// saves nothing.
#include "handover_fixture.hpp"

namespace hctest {
namespace {

class HandoverEditTest : public HandoverTest {
 protected:
  // An EDITOR that runs `script` on the file ($1).
  std::string editor(const std::string& name, const std::string& script) {
    auto path = root / name;
    spit(path, "#!/bin/sh\nset -e\n" + script + "\n");
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }
  RunResult edit(const std::string& editor_path, const std::vector<std::string>& extra = {}) {
    Env e = env;
    e["HYPERCARE_NOW"] = k_handover_now;
    e["EDITOR"] = editor_path;
    e.erase("VISUAL");
    std::vector<std::string> argv{bin(), "handover", "new", "--edit"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_on_tty(argv, e, root);
  }
  std::vector<std::string> handover_files() const {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::exists(ops / "handovers")) return out;
    for (auto it = fs::recursive_directory_iterator(ops / "handovers", ec); it != fs::recursive_directory_iterator(); ++it)
      if (it->is_regular_file()) out.push_back(it->path().filename().string());
    return out;
  }
};

TEST_F(HandoverEditTest, KeepsWhatThePersonWroteInTheFreeTextSections) {
  init_ops();
  scenario();
  auto ed = editor("ed.sh",
                   "cp \"$1\" \"$(dirname \"$0\")/seen.md\"\n"
                   "sed -i \\\n"
                   "  -e '/^### Issues to Monitor$/a\\\nWatch the payment gateway error rate' \\\n"
                   "  -e '/^### Scheduled Activities$/a\\\n- 02:00: DB backup verification' \\\n"
                   "  -e '/^### Notes for Next Shift$/a\\\nVendor ticket 4711 is open.' \\\n"
                   "  -e '/^### Active Incidents$/a\\\nINC-20261127-P1AA: the vendor promised a fix by 02:00.' \\\n"
                   "  -e 's/^1\\. carried over$/1. carried over, edited/' \\\n"
                   "  \"$1\"\n"
                   "printf '\\n### Vendor contacts\\nGateway vendor: +91 80 0000 0000\\n' >> \"$1\"");
  auto r = edit(ed, {"--watch", "carried over"});
  ASSERT_EXIT_CODE(r, 0);
  // The editor saw the draft: the generated document with the flags' text in it.
  auto seen = slurp(root / "seen.md");
  EXPECT_NE(seen.find("<!-- hypercare handover draft."), std::string::npos);
  EXPECT_NE(seen.find("### Issues to Monitor\n1. carried over\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("| INC-20261127-P1AA | P1 | identified |"), std::string::npos) << seen;

  auto j = nlohmann::json::parse(hc({"handover", "show", "--json"}).out);
  EXPECT_EQ(j["watch"], nlohmann::json({"Watch the payment gateway error rate", "carried over, edited"}));
  EXPECT_EQ(j["notes"], nlohmann::json({"Vendor ticket 4711 is open."}));
  ASSERT_EQ(j["scheduled"].size(), 1u);
  EXPECT_EQ(j["scheduled"][0]["at"], "2026-11-27T20:30:00Z");
  EXPECT_EQ(j["scheduled"][0]["activity"], "DB backup verification");
  EXPECT_EQ(j["sections"], nlohmann::json::parse(R"([
    {"heading": "Active Incidents", "text": "INC-20261127-P1AA: the vendor promised a fix by 02:00."},
    {"heading": "Vendor contacts", "text": "Gateway vendor: +91 80 0000 0000"}])"));
  std::string id = j["id"];
  auto doc = document_of(id);
  EXPECT_NE(doc.find("|\n\nINC-20261127-P1AA: the vendor promised a fix by 02:00.\n\n### Pending"), std::string::npos) << doc;
  EXPECT_NE(doc.find("### Vendor contacts\nGateway vendor: +91 80 0000 0000\n"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- 2026-11-28 02:00 IST: DB backup verification"), std::string::npos) << doc;
  EXPECT_EQ(doc.find("<!--"), std::string::npos) << doc;
  // The draft file is gone once the handover is saved.
  std::vector<std::string> drafts;
  for (const auto& e : fs::directory_iterator(ops / ".hypercare"))
    if (e.path().filename().string().starts_with("handover-draft-")) drafts.push_back(e.path().string());
  EXPECT_TRUE(drafts.empty());
}

TEST_F(HandoverEditTest, AnUnchangedDraftSavesNothing) {
  init_ops();
  auto r = edit(editor("noop.sh", "true"));
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.out.find("the draft came back unchanged: nothing saved"), std::string::npos) << r.out;
  EXPECT_TRUE(handover_files().empty());
}

TEST_F(HandoverEditTest, AnEmptiedDraftSavesNothing) {
  init_ops();
  auto r = edit(editor("empty.sh", ": > \"$1\""));
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.out.find("the draft came back empty: nothing saved"), std::string::npos) << r.out;
  EXPECT_TRUE(handover_files().empty());
}

TEST_F(HandoverEditTest, AFailingEditorSavesNothing) {
  init_ops();
  auto r = edit(editor("fail.sh", "echo 'x' >> \"$1\"; exit 3"));
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.out.find("exited with status 3: nothing saved"), std::string::npos) << r.out;
  EXPECT_TRUE(handover_files().empty());
}

TEST_F(HandoverEditTest, ABadScheduledLineKeepsTheTextAndSavesNothing) {
  init_ops();
  auto r = edit(editor("bad.sh", "sed -i '/^### Scheduled Activities$/a\\\n- sometime: restart' \"$1\""));
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.out.find("Scheduled Activities: 'sometime: restart': it must start with a time"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("your text is kept in"), std::string::npos) << r.out;
  EXPECT_TRUE(handover_files().empty());
}

}  // namespace
}  // namespace hctest
