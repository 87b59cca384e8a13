#include "hypercare/incident/service.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "hypercare/incident/fold.hpp"

namespace hypercare::incident {
namespace {

Resolution fixed(std::string root_cause, std::string resolution) {
  Resolution r;
  r.root_cause = std::move(root_cause);
  r.resolution = std::move(resolution);
  return r;
}

namespace fs = std::filesystem;
using namespace std::chrono_literals;

NewIncident spec(std::string title, Priority p) {
  NewIncident n;
  n.title = std::move(title);
  n.priority = p;
  return n;
}

class Service : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("hc-service-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    std::ofstream(m_dir / "hypercare.toml") << "[team]\nname = \"t\"\n";
    m_cfg.priorities = config::default_priorities();
    m_cfg.zone = *core::find_zone("UTC");
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(m_dir);
  }
  ServiceContext ctx(const Repository& repo, TimePoint now) {
    store::WriteOptions w;
    w.ops_dir = m_dir;
    w.autocommit = false;
    w.actor = "tester";
    return ServiceContext{m_cfg, repo, w, now, [this] { return m_seed = m_seed * 6364136223846793005ull + 1442695040888963407ull; }};
  }
  fs::path m_dir;
  config::HypercareConfig m_cfg;
  std::uint64_t m_seed = 42;
};

TEST_F(Service, LifecycleWithAFrozenClockKeepsCausalOrder) {
  Repository repo(m_dir, [](const std::string&) {});
  auto now = *core::parse_rfc3339("2026-11-27T03:00:00Z");
  auto c = ctx(repo, now);  // every event in the same second
  auto inc = create(c, spec("Down", Priority::P1));
  ASSERT_TRUE(inc) << inc.error().message;
  ASSERT_TRUE(acknowledge(c, inc->id));
  ASSERT_TRUE(set_status(c, inc->id, "identified", "found it"));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(add_note(c, inc->id, "n" + std::to_string(i)));
  auto r = resolve(c, inc->id, fixed("cause", "fix"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(reopen(c, inc->id, "again"));
  auto loaded = repo.load(inc->id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->incident.status, State::open);
  ASSERT_EQ(loaded->incident.timeline.size(), 25u);
  EXPECT_EQ(loaded->incident.timeline[3].message, "n0");
  EXPECT_EQ(loaded->incident.timeline[22].message, "n19");
  EXPECT_EQ(loaded->incident.timeline.back().type, "reopened");
}

TEST_F(Service, InvalidTransitionsAreDataErrorsNamingTheState) {
  Repository repo(m_dir, [](const std::string&) {});
  auto c = ctx(repo, *core::parse_rfc3339("2026-11-27T03:00:00Z"));
  auto inc = *create(c, spec("Down", Priority::P2));
  auto back = set_status(c, inc.id, "open", "x");
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().kind, core::ErrorKind::data);
  auto reopened = reopen(c, inc.id, "x");
  ASSERT_FALSE(reopened);
  EXPECT_NE(reopened.error().message.find("is open"), std::string::npos);
  ASSERT_TRUE(resolve(c, inc.id, fixed("a", "b")));
  for (auto r : {resolve(c, inc.id, fixed("a", "b")), acknowledge(c, inc.id), set_status(c, inc.id, "monitoring", "m")}) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, core::ErrorKind::data);
    EXPECT_NE(r.error().message.find("is resolved"), std::string::npos) << r.error().message;
  }
  auto bad = set_status(c, inc.id, "sleeping", "m");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, core::ErrorKind::usage);
}

TEST_F(Service, SecondAckAndSamePriorityWriteNothing) {
  Repository repo(m_dir, [](const std::string&) {});
  auto c = ctx(repo, *core::parse_rfc3339("2026-11-27T03:00:00Z"));
  auto inc = *create(c, spec("Down", Priority::P2));
  ASSERT_TRUE(acknowledge(c, inc.id)->changed);
  auto size = fs::file_size(repo.file_for(inc.id));
  EXPECT_FALSE(acknowledge(c, inc.id)->changed);
  EXPECT_FALSE(change_priority(c, inc.id, Priority::P2, "same")->changed);
  EXPECT_EQ(fs::file_size(repo.file_for(inc.id)), size);
}

TEST_F(Service, IndexFollowsHandAppendsAndMatchesAFullFold) {
  Repository cached(m_dir, [](const std::string&) {});
  Repository uncached(m_dir, [](const std::string&) {}, false);
  auto now = *core::parse_rfc3339("2026-11-27T03:00:00Z");
  auto c = ctx(cached, now);
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(create(c, spec("t" + std::to_string(i), Priority(i % 4)))->id);
  ASSERT_TRUE(resolve(c, ids[3], fixed("a", "b")));
  ASSERT_EQ(cached.summaries(true)->size(), 11u);  // builds the index
  // A change that arrives the way git delivers it: the file is replaced.
  auto path = cached.file_for(ids[5]);
  auto loaded = *cached.load(ids[5]);
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text += R"({"v":1,"id":"7ZZZZZZZZZZZZZZZZZZZZZZZZZ","ts":"2026-11-27T04:00:00Z","actor":"other","type":"resolved","origin":")" +
          loaded.incident.origin + R"(","root_cause":"r","resolution":"s"})" + "\n";
  fs::remove(path);
  std::ofstream(path) << text;
  auto a = cached.summaries();
  auto b = uncached.summaries();
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].id, (*b)[i].id);
    EXPECT_EQ((*a)[i].status, (*b)[i].status);
    EXPECT_EQ((*a)[i].resolved_at, (*b)[i].resolved_at);
  }
  EXPECT_EQ(cached.summaries(true)->size(), 10u);
}

TEST_F(Service, IdsResolveByTailAndReportAmbiguity) {
  Repository repo(m_dir, [](const std::string&) {});
  auto c = ctx(repo, *core::parse_rfc3339("2026-11-27T03:00:00Z"));
  auto a = *create(c, spec("a", Priority::P3));
  auto b = *create(c, spec("b", Priority::P3));
  EXPECT_EQ(*repo.resolve(a.id.substr(13)), a.id);
  auto amb = repo.resolve("INC-20261127");
  ASSERT_FALSE(amb);
  EXPECT_EQ(amb.error().kind, core::ErrorKind::missing);
  EXPECT_NE(amb.error().message.find(a.id), std::string::npos);
  EXPECT_NE(amb.error().message.find(b.id), std::string::npos);
  EXPECT_EQ(repo.resolve("QQQQ").error().kind, core::ErrorKind::missing);
}

}  // namespace
}  // namespace hypercare::incident
