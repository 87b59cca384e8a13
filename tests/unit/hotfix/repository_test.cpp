// Finding hotfixes on disk: ids by tail or prefix, lists by time and component, the newest per
// component, and the per-component lock that also says who holds it.
#include "hypercare/hotfix/repository.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "hypercare/hotfix/lock.hpp"

namespace hypercare::hotfix {
namespace {

namespace fs = std::filesystem;

class RepositoryTest : public ::testing::Test {
 protected:
  RepositoryTest() {
    std::string tmpl = (fs::temp_directory_path() / "hypercare-hotfixes-XXXXXX").string();
    ops = ::mkdtemp(tmpl.data());
  }
  ~RepositoryTest() override {
    std::error_code ec;
    if (!HasFailure()) fs::remove_all(ops, ec);
  }
  void record(const std::string& id, const std::string& ts, const std::string& component, const std::string& finished = "") {
    auto path = ops / Repository::relative_path(id);
    fs::create_directories(path.parent_path());
    std::ofstream f(path);
    f << R"({"v":1,"id":"01A","ts":")" << ts << R"(","actor":"dev1","type":"created","hotfix":")" << id
      << R"(","tag":"1.0","component":")" << component << R"(","host":"h1","pid":1})" << "\n";
    if (!finished.empty())
      f << R"({"v":1,"id":"01B","ts":")" << ts << R"(","actor":"dev1","type":"finished","status":")" << finished << R"("})" << "\n";
  }
  Repository repo() const { return Repository(ops, [](const std::string&) {}); }
  fs::path ops;
};

TEST_F(RepositoryTest, PathsFollowTheMonth) {
  EXPECT_EQ(Repository::relative_path("HF-20261127-7K2M"), fs::path("hotfixes/2026-11/HF-20261127-7K2M.jsonl"));
}

TEST_F(RepositoryTest, ResolvesTailsAndPrefixesAndNamesAmbiguity) {
  record("HF-20261127-7K2M", "2026-11-27T03:00:00Z", "odoo", "succeeded");
  record("HF-20261128-7K3A", "2026-11-28T03:00:00Z", "api", "succeeded");
  auto r = repo();
  EXPECT_EQ(*r.resolve("7k2m"), "HF-20261127-7K2M");
  EXPECT_EQ(*r.resolve("20261128"), "HF-20261128-7K3A");
  EXPECT_EQ(*r.resolve("HF-20261127-7K2M"), "HF-20261127-7K2M");
  auto ambiguous = r.resolve("HF-2026112");
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().kind, core::ErrorKind::missing);
  EXPECT_EQ(ambiguous.error().message, "'HF-2026112' is ambiguous: it matches HF-20261127-7K2M, HF-20261128-7K3A");
  auto unknown = r.resolve("ZZZZ");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "no hotfix matches 'ZZZZ'");
  EXPECT_EQ(unknown.error().hint, "hypercare hotfix list");
}

TEST_F(RepositoryTest, ListsByTimeAndComponentOldestFirst) {
  record("HF-20261128-BBBB", "2026-11-28T03:00:00Z", "odoo", "rolled_back");
  record("HF-20261127-AAAA", "2026-11-27T03:00:00Z", "odoo", "succeeded");
  record("HF-20261129-CCCC", "2026-11-29T23:00:00Z", "api");
  auto r = repo();
  auto all = r.list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, "HF-20261127-AAAA");
  EXPECT_EQ((*all)[2].status, Status::running);
  auto odoo = r.list({.since = {}, .until = {}, .component = "odoo"});
  ASSERT_EQ(odoo->size(), 2u);
  auto range = r.list({.since = core::parse_rfc3339("2026-11-28T00:00:00Z").value(),
                       .until = core::parse_rfc3339("2026-11-29T23:00:00Z").value(), .component = ""});
  ASSERT_EQ(range->size(), 1u);
  EXPECT_EQ((*range)[0].id, "HF-20261128-BBBB");
  auto latest = latest_per_component(*all);
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].id, "HF-20261129-CCCC");
  EXPECT_EQ(latest[1].id, "HF-20261128-BBBB");
}

TEST_F(RepositoryTest, OneDeployPerComponentAndTheLockSaysWho) {
  auto first = ComponentLock::acquire(ops, "odoo");
  ASSERT_TRUE(first) << first.error().message;
  first->describe({"HF-20261127-AAAA", "1.2.3", "dev1", "h1", "2026-11-27T03:00:00Z", 4242});
  auto second = ComponentLock::acquire(ops, "odoo");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, core::ErrorKind::busy);
  EXPECT_EQ(second.error().message,
            "a hotfix of odoo is already running: HF-20261127-AAAA (1.2.3) by dev1 since 2026-11-27T03:00:00Z, pid 4242 on h1");
  EXPECT_TRUE(ComponentLock::acquire(ops, "api")) << "another component is not blocked";
  auto holder = lock_holder(ops, "odoo");
  ASSERT_TRUE(holder);
  EXPECT_EQ(holder->hotfix, "HF-20261127-AAAA");

  record("HF-20261127-AAAA", "2026-11-27T03:00:00Z", "odoo");
  auto h = repo().load("HF-20261127-AAAA");
  ASSERT_TRUE(h);
  EXPECT_EQ(process_of(h->hotfix, ops, "h1"), Process::alive);
  EXPECT_EQ(process_of(h->hotfix, ops, "h2"), Process::elsewhere);
  { auto gone = std::move(*first); }
  EXPECT_FALSE(lock_holder(ops, "odoo"));
  EXPECT_EQ(process_of(h->hotfix, ops, "h1"), Process::gone);
  EXPECT_TRUE(ComponentLock::acquire(ops, "odoo"));
}

TEST_F(RepositoryTest, LockFilesForOddComponentNamesStaySafe) {
  auto path = lock_path(ops, "odoo; rm -rf /");
  EXPECT_EQ(path.parent_path(), ops / ".hypercare");
  EXPECT_EQ(path.filename().string().find('/'), std::string::npos);
  EXPECT_NE(lock_path(ops, "a b"), lock_path(ops, "a_b"));
  EXPECT_EQ(lock_path(ops, "odoo").filename(), "hotfix-odoo.lock");
  EXPECT_TRUE(ComponentLock::acquire(ops, "../../etc/passwd"));
  EXPECT_TRUE(fs::exists(lock_path(ops, "../../etc/passwd")));
}

}  // namespace
}  // namespace hypercare::hotfix
