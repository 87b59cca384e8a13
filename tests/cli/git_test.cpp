// Git: init makes a repository with one commit; each writing command commits exactly the file
// it touched; --no-commit commits nothing; other staged changes are left alone.
#include "harness.hpp"

namespace {

using namespace hctest;

class CliGit : public CliTest {
 protected:
  int commits() {
    auto r = git({"rev-list", "--count", "HEAD"});
    EXPECT_EXIT_CODE(r, 0);
    return std::atoi(r.out.c_str());
  }
  std::string head_files() { return git({"show", "--name-only", "--format=", "HEAD"}).out; }
  std::string rel(const std::string& id) { return incident_file(id).lexically_relative(ops).string(); }
};

TEST_F(CliGit, InitCreatesARepositoryWithOneCommit) {
  auto r = hc({"init", ops.string(), "--example", "smart-dairy"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("hypercare.toml"), std::string::npos) << r.describe();
  EXPECT_TRUE(fs::is_directory(ops / ".git"));
  EXPECT_EQ(commits(), 1);
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");
  auto tracked = git({"ls-files"}).out;
  for (const char* f : {"hypercare.toml", ".gitattributes", ".gitignore"})
    EXPECT_NE(tracked.find(f), std::string::npos) << f << " not committed:\n" << tracked;
  EXPECT_NE(slurp(ops / ".gitattributes").find("*.jsonl merge=union"), std::string::npos);
  EXPECT_NE(slurp(ops / ".gitignore").find(".hypercare/"), std::string::npos);
  EXPECT_NE(slurp(ops / "hypercare.toml").find("Smart Dairy"), std::string::npos);
  EXPECT_EQ(git({"log", "-1", "--format=%an"}).out, "Test Runner\n");

  // The new ops dir works straight away, and status says which day of hypercare it is.
  auto st = hc({"status"});
  EXPECT_EXIT_CODE(st, 0);
  EXPECT_NE(st.out.find("Smart Dairy"), std::string::npos) << st.describe();
  EXPECT_NE(st.out.find("day 5 of 5"), std::string::npos) << st.describe();

  // The minimal example too, into the current directory.
  fs::create_directories(root / "mini");
  auto mini = hc({"init"}, {}, {}, root / "mini");
  EXPECT_EXIT_CODE(mini, 0);
  EXPECT_TRUE(fs::exists(root / "mini" / "hypercare.toml"));
}

TEST_F(CliGit, EveryWriteCommitsExactlyTheIncidentFile) {
  init_ops(true);
  int n = commits();
  const std::string id = new_incident("Commit me", "P3");
  const std::string file = rel(id) + "\n";
  EXPECT_EQ(commits(), ++n);
  EXPECT_EQ(head_files(), file);
  EXPECT_NE(git({"log", "-1", "--format=%s"}).out.find(id), std::string::npos);

  const std::vector<std::vector<std::string>> writes = {
      {"incident", "ack", id},
      {"incident", "status", id, "identified", "-m", "found"},
      {"incident", "note", id, "-m", "a note"},
      {"incident", "assign", id, "dev3"},
      {"incident", "priority", id, "P2", "-m", "worse"},
      {"incident", "resolve", id, "--root-cause", "rc", "--resolution", "fix"},
      {"incident", "reopen", id, "-m", "again"},
  };
  for (const auto& w : writes) {
    auto r = hc(w);
    ASSERT_EXIT_CODE(r, 0);
    EXPECT_EQ(commits(), ++n) << w[1];
    EXPECT_EQ(head_files(), file) << w[1];
    auto subject = git({"log", "-1", "--format=%s"}).out;
    EXPECT_NE(subject.find(id), std::string::npos) << subject;
    EXPECT_EQ(git({"status", "--porcelain"}).out, "") << w[1];
  }
  // After the reopen an ack takes the incident up again (one commit); a second ack is a no-op and
  // commits nothing.
  EXPECT_EXIT_CODE(hc({"incident", "ack", id}), 0);
  EXPECT_EQ(commits(), ++n);
  EXPECT_EXIT_CODE(hc({"incident", "ack", id}), 0);
  EXPECT_EQ(commits(), n);
  // Failures commit nothing either.
  EXPECT_EXIT_CODE(hc({"incident", "reopen", id, "-m", "not resolved"}), 65);
  EXPECT_EQ(commits(), n);
}

TEST_F(CliGit, NoCommitWritesButDoesNotCommit) {
  init_ops(true);
  const std::string id = new_incident("Uncommitted later", "P3");
  const int n = commits();
  auto r = hc({"incident", "note", id, "-m", "local only", "--no-commit"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(commits(), n);
  EXPECT_EQ(git({"status", "--porcelain"}).out, " M " + rel(id) + "\n");
  auto created = hc({"--no-commit", "incident", "new", "Never committed", "-p", "P4", "-q"});
  ASSERT_EXIT_CODE(created, 0);
  EXPECT_EQ(commits(), n);
  // The next committing write takes its own file with it, nothing else.
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}), 0);
  EXPECT_EQ(commits(), n + 1);
  EXPECT_EQ(head_files(), rel(id) + "\n");
  auto other = created.out.substr(0, created.out.find('\n'));
  EXPECT_NE(git({"status", "--porcelain"}).out.find(other), std::string::npos);
}

TEST_F(CliGit, UnrelatedStagedFileIsNotCommitted) {
  init_ops(true);
  const std::string id = new_incident("Staged neighbour", "P3");
  spit(ops / "scratch.txt", "work in progress\n");
  ASSERT_EXIT_CODE(git({"add", "scratch.txt"}), 0);
  spit(ops / "hypercare.toml", slurp(ops / "hypercare.toml") + "# an unstaged edit\n");
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "only me"}), 0);
  EXPECT_EQ(head_files(), rel(id) + "\n");
  EXPECT_EQ(git({"diff", "--cached", "--name-only"}).out, "scratch.txt\n");
  EXPECT_EQ(git({"diff", "--name-only"}).out, "hypercare.toml\n");
  const std::string new_id = new_incident("Another", "P4");
  EXPECT_EQ(head_files(), rel(new_id) + "\n");
  EXPECT_EQ(git({"diff", "--cached", "--name-only"}).out, "scratch.txt\n");
}

TEST_F(CliGit, WithoutAGitIdentityTheActorAuthorsTheCommit) {
  spit(home / ".gitconfig", "[init]\n\tdefaultBranch = main\n");
  init_ops(true);
  EXPECT_EQ(git({"log", "-1", "--format=%an"}).out, "dev1\n");
  const std::string id = new_incident("Anonymous", "P3", {}, {{"HYPERCARE_USER", "carol"}});
  EXPECT_EQ(git({"log", "-1", "--format=%an"}).out, "carol\n");
  EXPECT_EQ(show(id)["created_by"], "carol");
}

TEST_F(CliGit, InitOnAnExistingOpsDirIs73AndTouchesNothing) {
  init_ops(true);
  const std::string id = new_incident("Keep me", "P3");
  spit(ops / "hypercare.toml", slurp(ops / "hypercare.toml") + "# my edit\n");
  const auto before = snapshot(ops);
  const auto head = git({"rev-parse", "HEAD"}).out;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"init", ops.string()}, {"init", ops.string(), "--example", "smart-dairy"}, {"init", "--json", ops.string()}}) {
    auto r = hc(args);
    EXPECT_EXIT_CODE(r, 73);
    EXPECT_NE(r.err.find("already"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("--force"), std::string::npos) << r.describe();
    EXPECT_EQ(snapshot(ops), before);
    EXPECT_EQ(git({"rev-parse", "HEAD"}).out, head);
  }
  // --force rewrites the config files and keeps the records.
  auto forced = hc({"init", ops.string(), "--example", "smart-dairy", "--force"});
  EXPECT_EXIT_CODE(forced, 0);
  EXPECT_EQ(slurp(ops / "hypercare.toml").find("# my edit"), std::string::npos);
  EXPECT_EQ(slurp(incident_file(id)), before.at(rel(id)));
  EXPECT_EQ(show(id)["title"], "Keep me");
  // An unknown example is a usage error and creates nothing.
  auto bad = hc({"init", (root / "other").string(), "--example", "nope"});
  EXPECT_EXIT_CODE(bad, 64);
  EXPECT_FALSE(fs::exists(root / "other" / "hypercare.toml"));
}

}  // namespace
