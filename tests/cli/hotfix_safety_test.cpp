// Values from people and from the cluster never become shell text: a corpus of hostile tags,
// component names, incident titles and "previous" versions never creates the canary and reaches
// the steps byte for byte through the environment. The dry run runs nothing; a step printing
// 1 GB does not grow hypercare's memory.
#include "hotfix_fixture.hpp"

namespace {

using namespace hctest;

// Every payload tries to create `canary` in the ops dir (the steps' working directory).
const std::vector<std::string> k_payloads = {
    "; touch canary",
    "$(touch canary)",
    "`touch canary`",
    "a && touch canary || touch canary",
    "-rf --help; touch canary",
    "'; touch canary; echo '",
    "\"; touch canary; echo \"",
    "\\$(touch canary)\\",
    "* ? [a] ~ {} %s %n ${HOME}",
    "line one\nline two; touch canary",
    std::string(10 * 1024, 'x') + "$(touch canary)",
};

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// Steps that write what they were given to files, byte for byte.
std::string recording_component(const std::string& name) {
  return "[component." + toml_string(name) + "]\n" +
         "current = \"cat payload-previous 2>/dev/null || echo img:1\"\n"
         "deploy = \"printf '%s' \\\"$HYPERCARE_TAG\\\" > seen-tag; printf '%s' \\\"$HYPERCARE_COMPONENT\\\" > seen-component; "
         "printf '%s' \\\"$HYPERCARE_INCIDENT_TITLE\\\" > seen-title\"\n"
         "smoke = \"test ! -f fail-smoke\"\n"
         "rollback = \"printf '%s' \\\"$HYPERCARE_PREVIOUS\\\" > seen-previous\"\n";
}

class HotfixSafetyTest : public HotfixTest {
 protected:
  bool canary() const { return fs::exists(ops / "canary") || fs::exists(root / "canary"); }
};

TEST_F(HotfixSafetyTest, HostileTagsAreRefusedWith64) {
  init_custom(recording_component("web"));
  for (const auto& p : k_payloads) {
    auto r = deploy(p, "web");
    EXPECT_EXIT_CODE(r, 64);
    EXPECT_FALSE(canary()) << "payload: " << p.substr(0, 80);
  }
  for (const std::string& p : {std::string("-x"), std::string("..") , std::string(129, 'a'), std::string("1.2\n"), std::string("")}) {
    auto r = hc({"hotfix", "deploy", "--yes", "--", p, "web"});
    EXPECT_EXIT_CODE(r, 64) << "tag '" << p.substr(0, 20) << "'";
  }
  EXPECT_FALSE(fs::exists(ops / "hotfixes"));
}

TEST_F(HotfixSafetyTest, HostileComponentNamesReachTheStepsByteForByte) {
  std::string toml;
  std::vector<std::string> names;
  for (const auto& p : k_payloads)
    if (p.size() <= 128 && p.find('\n') == std::string::npos) {
      names.push_back(p);
      toml += recording_component(p);
    }
  ASSERT_GE(names.size(), 8u);
  init_custom(toml);
  for (const auto& name : names) {
    auto r = hc({"hotfix", "deploy", "--yes", "--", "1.0", name});
    ASSERT_EXIT_CODE(r, 0) << name;
    EXPECT_EQ(slurp(ops / "seen-component"), name);
    EXPECT_EQ(slurp(ops / "seen-tag"), "1.0");
    EXPECT_FALSE(canary()) << name;
  }
  // Lists and details stay one line per row whatever the names hold.
  auto list = hc({"hotfix", "list"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_EQ(split_lines(list.out).size(), names.size() + 1);
  EXPECT_FALSE(canary());
}

TEST_F(HotfixSafetyTest, HostileIncidentTitlesReachTheStepsByteForByte) {
  init_custom(recording_component("web"));
  for (const auto& p : k_payloads) {
    if (p.size() > 500 || p.find('\n') != std::string::npos) continue;  // titles are one line of at most 500 bytes
    auto created = hc({"incident", "new", "-p", "P3", "--json", "--", p});
    ASSERT_EXIT_CODE(created, 0) << p;
    std::string inc = nlohmann::json::parse(created.out)["id"];
    auto r = deploy("1.0", "web", {}, {"--incident", inc});
    ASSERT_EXIT_CODE(r, 0) << p;
    EXPECT_EQ(slurp(ops / "seen-title"), p);
    EXPECT_FALSE(canary()) << p;
  }
}

TEST_F(HotfixSafetyTest, HostilePreviousVersionsFromTheClusterReachTheRollbackByteForByte) {
  init_custom(recording_component("web"));
  spit(ops / "fail-smoke", "");
  for (const auto& p : k_payloads) {
    spit(ops / "payload-previous", p);
    auto r = deploy("1.0", "web");
    ASSERT_EXIT_CODE(r, 1) << r.describe();  // smoke fails, the rollback gets the previous version
    EXPECT_EQ(slurp(ops / "seen-previous"), p) << "payload of " << p.size() << " bytes";
    EXPECT_FALSE(canary()) << p.substr(0, 80);
    EXPECT_EQ(show_hotfix(first_id(r.out))["previous"], p);
  }
  EXPECT_EQ(hc({"doctor"}).exit, 0) << "the records of all of them read back";
}

TEST_F(HotfixSafetyTest, TheDryRunRunsNothing) {
  init_custom(
      "[defaults]\nsettle = \"1s\"\n"
      "[component.web]\n"
      "precheck = [\"touch canary-precheck\"]\n"
      "current = \"touch canary-current; echo img:1\"\n"
      "deploy = \"touch canary-deploy\"\n"
      "wait = \"touch canary-wait\"\n"
      "smoke = [\"touch canary-smoke\", \"touch canary-smoke2\"]\n"
      "smoke_retries = 1\n"
      "rollback = \"touch canary-rollback\"\n");
  std::string inc = new_incident("Checkout fails", "P2");
  auto r = hc({"hotfix", "deploy", "2.0", "web", "--dry-run", "--incident", inc});
  ASSERT_EXIT_CODE(r, 0);
  for (const char* cmd : {"touch canary-precheck", "touch canary-current; echo img:1", "touch canary-deploy", "touch canary-wait",
                          "touch canary-smoke", "touch canary-smoke2", "touch canary-rollback"})
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd << "\n" << r.out;
  for (const char* env : {"HYPERCARE_TAG=2.0\n", "HYPERCARE_COMPONENT=web\n", "HYPERCARE_INCIDENT_TITLE=Checkout fails\n",
                          "HYPERCARE_ACTOR=dev1\n", "HYPERCARE_HOTFIX_ID=(given when it runs: HF-20261127-XXXX)\n"})
    EXPECT_NE(r.out.find(env), std::string::npos) << env << "\n" << r.out;
  EXPECT_NE(r.out.find("HYPERCARE_INCIDENT=" + inc + "\n"), std::string::npos);
  EXPECT_NE(r.out.find("pause 1s"), std::string::npos);
  EXPECT_NE(r.out.find("smoke #1 (up to 2 attempts"), std::string::npos) << r.out;

  auto j = hc({"hotfix", "deploy", "2.0", "web", "--dry-run", "--json"});
  ASSERT_EXIT_CODE(j, 0);
  auto plan = nlohmann::json::parse(j.out);
  EXPECT_EQ(plan["dry_run"], true);
  EXPECT_EQ(plan["env"]["HYPERCARE_TAG"], "2.0");
  EXPECT_EQ(plan["env"]["HYPERCARE_PREVIOUS"], nullptr);
  std::vector<std::string> names;
  for (const auto& s : plan["steps"]) names.push_back(s["name"].get<std::string>() + "/" + s["phase"].get<std::string>());
  EXPECT_EQ(names, (std::vector<std::string>{"precheck/deploy", "current/deploy", "deploy/deploy", "wait/deploy", "settle/deploy",
                                             "smoke/deploy", "smoke/deploy", "rollback/rollback", "wait/rollback"}));

  for (const auto& e : fs::directory_iterator(ops))
    EXPECT_EQ(e.path().filename().string().find("canary"), std::string::npos) << e.path();
  EXPECT_FALSE(fs::exists(ops / "hotfixes"));
  EXPECT_EQ(hc({"hotfix", "deploy", "2.0", "nope", "--dry-run"}).exit, 66) << "the dry run still checks its input";
}

TEST_F(HotfixSafetyTest, AStepPrintingAGigabyteDoesNotGrowMemory) {
  init_custom(
      "[defaults]\nrollback = \"true\"\n"
      "[component.small]\ndeploy = \"head -c 1K /dev/zero\"\n"
      "[component.big]\ndeploy = \"head -c 1G /dev/zero; echo; echo the end\"\ndeploy_timeout = \"240s\"\n");
  auto small = deploy("1.0", "small");
  ASSERT_EXIT_CODE(small, 0);
  auto big = deploy("1.0", "big");
  ASSERT_EXIT_CODE(big, 0);
  ASSERT_GT(small.max_rss_kb, 0);
  EXPECT_LT(big.max_rss_kb, small.max_rss_kb + 8 * 1024) << "peak RSS " << big.max_rss_kb << " KB vs " << small.max_rss_kb
                                                         << " KB for 1 KB of output";
  auto list = nlohmann::json::parse(hc({"hotfix", "list", "--json", "-c", "big"}).out);
  ASSERT_EQ(list.size(), 1u);
  auto tail = list[0]["steps"][0]["output_tail"].get<std::string>();
  EXPECT_EQ(tail.size(), 4096u);
  EXPECT_TRUE(tail.ends_with("\nthe end\n"));
}

}  // namespace
