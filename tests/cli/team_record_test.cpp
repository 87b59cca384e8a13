// One record for the whole team (issue 12): clones that work offline with skewed clocks and then
// share through git all show the same state, with nothing lost and nothing contradictory. These
// tests use plain git where they can, so that they also run against builds without `sync`
// (HYPERCARE_TEST_BIN) and show what those got wrong.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "team.hpp"

namespace {

using namespace hctest;
using nlohmann::json;
using TeamRecord = CliTest;

constexpr const char* T0 = "2026-11-27T03:00:00Z";

std::vector<std::string> notes_of(const json& shown) {
  std::vector<std::string> out;
  for (const auto& e : shown["timeline"])
    if (e["type"] == "note") out.push_back(e["message"].get<std::string>());
  return out;
}

// Pushes clone `c`, pulling first with `mode` ("--rebase" or "--no-rebase") when it is behind.
void share(const Team& t, int c, const std::string& mode = "--rebase") {
  auto pulled = t.git(c, {"pull", "-q", mode});
  ASSERT_EQ(pulled.exit, 0) << "clone " << c << " could not pull: " << pulled.describe();
  auto pushed = t.git(c, {"push", "-q", "origin", "HEAD:main"});
  ASSERT_EQ(pushed.exit, 0) << "clone " << c << " could not push: " << pushed.describe();
}

TEST_F(TeamRecord, EventsWrittenInOneSecondOnTwoClonesAreAllKept) {
  Team t(root, env, 2);
  auto id = t.ok(0, {"incident", "new", "Same second", "-p", "P2", "--json"}, T0)["id"].get<std::string>();
  std::vector<std::string> expected;
  for (int i = 0; i < 15; ++i) {
    expected.push_back("A" + std::to_string(i));
    t.ok(0, {"incident", "note", id, "-m", expected.back()}, T0);
  }
  share(t, 0);
  share(t, 1);
  // Clocks behind the incident's creation land in its second.
  t.ok(0, {"incident", "note", id, "-m", "A, a minute behind"}, "2026-11-27T02:59:00Z");
  t.ok(1, {"incident", "note", id, "-m", "B, two minutes behind"}, "2026-11-27T02:58:00Z");
  share(t, 0);
  share(t, 1);
  share(t, 0);
  expected.push_back("A, a minute behind");
  expected.push_back("B, two minutes behind");
  std::multiset<std::string> want(expected.begin(), expected.end());
  json first;
  for (int c = 0; c < 2; ++c) {
    auto shown = t.ok(c, {"incident", "show", id, "--json"}, T0);
    EXPECT_EQ(shown["timeline"].size(), 18u) << "clone " << c << " lost events: " << shown["timeline"].dump(1);
    auto got = notes_of(shown);
    EXPECT_EQ(std::multiset<std::string>(got.begin(), got.end()), want) << "clone " << c;
    if (c == 0) first = shown;
    else EXPECT_EQ(shown, first) << "the clones disagree";
    EXPECT_EQ(t.hc(c, {"doctor"}, T0).exit, 0);
  }
}

TEST_F(TeamRecord, AChangeOnASlowerClockTakesEffectAndSaysSo) {
  init_ops(true);
  auto id = new_incident("Reopened from a slow laptop", "P3", {}, {{"HYPERCARE_NOW", T0}});
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "rc", "--resolution", "r"},
                      {{"HYPERCARE_NOW", "2026-11-27T03:15:00Z"}}),
                   0);
  // Three minutes behind the resolution.
  auto reopened = hc({"incident", "reopen", id, "-m", "it is back", "--json"}, {{"HYPERCARE_NOW", "2026-11-27T03:12:00Z"}});
  ASSERT_EXIT_CODE(reopened, 0);
  auto j = json::parse(reopened.out, nullptr, false);
  EXPECT_EQ(j["status"], "open") << "reopen printed a state the record does not have: " << reopened.out;
  EXPECT_EQ(show(id)["status"], "open");
  EXPECT_EXIT_CODE(hc({"incident", "ack", id}, {{"HYPERCARE_NOW", "2026-11-27T03:13:00Z"}}), 0);
  EXPECT_EQ(show(id)["status"], "investigating");
}

TEST_F(TeamRecord, AnOverrideMadeOnASlowerClockWins) {
  init_ops(true);
  ASSERT_EXIT_CODE(hc({"rota", "override", "dev2", "--from", "2026-11-28 10:00", "--to", "2026-11-28 12:00", "--force"},
                      {{"HYPERCARE_NOW", T0}}),
                   0);
  auto second = hc({"rota", "override", "dev3", "--from", "2026-11-28 10:00", "--to", "2026-11-28 12:00", "--json", "--force"},
                   {{"HYPERCARE_NOW", "2026-11-27T02:55:00Z"}});
  ASSERT_EXIT_CODE(second, 0);
  EXPECT_EQ(json::parse(second.out, nullptr, false)["member"], "dev3") << second.out;
  auto now = hc({"rota", "now", "--at", "2026-11-28 11:00", "--json"});
  ASSERT_EXIT_CODE(now, 0);
  EXPECT_EQ(json::parse(now.out, nullptr, false)["primary"]["id"], "dev3") << now.out;
}

TEST_F(TeamRecord, AResolutionAndAConcurrentStatusChangeFoldIntoOneConsistentState) {
  Team t(root, env, 2);
  auto id = t.ok(0, {"incident", "new", "Disputed", "-p", "P2", "--json"}, T0)["id"].get<std::string>();
  share(t, 0);
  share(t, 1);
  t.ok(0, {"incident", "resolve", id, "--root-cause", "disk full", "--resolution", "cleaned"}, "2026-11-27T03:30:00Z",
       {{"HYPERCARE_USER", "dev1"}});
  // dev2 is offline and has not seen the resolution.
  t.ok(1, {"incident", "status", id, "identified", "-m", "it is the disk"}, "2026-11-27T03:35:00Z",
       {{"HYPERCARE_USER", "dev2"}});
  share(t, 0);
  share(t, 1, "--no-rebase");
  share(t, 0);
  json first;
  for (int c = 0; c < 2; ++c) {
    auto j = t.ok(c, {"incident", "show", id, "--json"}, "2026-11-27T04:00:00Z");
    EXPECT_EQ(j["status"], "resolved") << j.dump(1);
    EXPECT_EQ(j["resolved_at"], "2026-11-27T03:30:00Z");
    EXPECT_EQ(j["root_cause"], "disk full");
    bool marked = false;
    for (const auto& e : j["timeline"])
      if (e["type"] == "status") marked = e["withdrawn"].is_string();
    EXPECT_TRUE(marked) << "the overruled status change is not marked: " << j["timeline"].dump(1);
    auto open = t.ok(c, {"incident", "list", "--json"}, "2026-11-27T04:00:00Z");
    for (const auto& inc : open) EXPECT_NE(inc["id"], id) << "a resolved incident is listed as unresolved";
    if (c == 0) first = j;
    else EXPECT_EQ(j, first);
  }
}

TEST_F(TeamRecord, AnAckOnALaptopWithdrawsTheBreachAndEscalationAWatcherRecordedMeanwhile) {
  Team t(root, env, 2);  // 0: a laptop, 1: the CI clone running watch
  auto created = t.ok(0, {"incident", "new", "Checkout down", "-p", "P1", "--json"}, T0);
  auto id = created["id"].get<std::string>();
  auto assignee = created["assignee"].get<std::string>();
  share(t, 0);
  share(t, 1);
  t.ok(0, {"incident", "ack", id}, "2026-11-27T03:10:00Z");  // not pushed yet
  auto round = t.hc(1, {"--no-notify", "watch", "--once", "--json"}, "2026-11-27T03:20:00Z");
  ASSERT_EXIT_CODE(round, 0);
  auto r = json::parse(round.out, nullptr, false);
  ASSERT_EQ(r["breaches"].size(), 1u) << round.out;
  ASSERT_EQ(r["escalations"].size(), 1u) << round.out;
  share(t, 1);
  share(t, 0);
  share(t, 1);
  for (int c = 0; c < 2; ++c) {
    auto j = t.ok(c, {"incident", "show", id, "--json"}, "2026-11-27T03:30:00Z");
    EXPECT_EQ(j["acknowledged_at"], "2026-11-27T03:10:00Z");
    EXPECT_EQ(j["sla"]["response_breached"], false);
    EXPECT_EQ(j["assignee"], assignee) << "the incident stayed with the person escalated to";
    EXPECT_EQ(j["escalation_level"], 0);
    int withdrawn = 0, breaches = 0, escalations = 0;
    for (const auto& e : j["timeline"]) {
      breaches += e["type"] == "breached";
      escalations += e["type"] == "escalated";
      withdrawn += (e["type"] == "breached" || e["type"] == "escalated") && e["withdrawn"].is_string();
    }
    // What the watcher did (and whom it paged) stays in the timeline, marked as withdrawn.
    EXPECT_EQ(breaches, 1);
    EXPECT_EQ(escalations, 1);
    EXPECT_EQ(withdrawn, 2) << j["timeline"].dump(1);
  }
  auto breached = t.ok(0, {"incident", "list", "--breached", "--json"}, "2026-11-27T03:30:00Z");
  EXPECT_TRUE(breached.empty()) << breached.dump(1);
}

// Clone B drew clone A's incident id offline: its creation and a note, as B's binary wrote them.
std::string offline_twin(const std::string& id, const std::string& origin) {
  json created = {{"v", 1}, {"id", origin}, {"seq", 1}, {"ts", "2026-11-27T03:00:30Z"}, {"actor", "dev2"},
                  {"type", "created"}, {"incident", id}, {"title", "Made in clone B"}, {"priority", "P4"},
                  {"component", "web"}, {"impact", ""}, {"description", ""}, {"assignee", "dev2"},
                  {"tags", json::array()}};
  json note = {{"v", 1}, {"id", origin.substr(0, 25) + "N"}, {"seq", 2}, {"ts", "2026-11-27T03:01:00Z"},
               {"actor", "dev2"}, {"type", "note"}, {"message", "B before the split"}, {"origin", origin}};
  return created.dump() + "\n" + note.dump() + "\n";
}

TEST_F(TeamRecord, TwoClonesSplittingOneDuplicateAgreeAndLateEventsFindTheirIncident) {
  Team t(root, env, 3);
  auto id = t.ok(0, {"incident", "new", "Made in clone A", "-p", "P2", "--json"}, T0)["id"].get<std::string>();
  const std::string file = "incidents/2026-11/" + id + ".jsonl";
  const std::string origin_b = "01KBBBBBBBBBBBBBBBBBBBBBBB";
  // B created the same id offline.
  fs::create_directories((t.dir(1) / file).parent_path());
  spit(t.dir(1) / file, offline_twin(id, origin_b));
  ASSERT_EQ(t.git(1, {"add", file}).exit, 0);
  ASSERT_EQ(t.git(1, {"commit", "-qm", "B's incident"}).exit, 0);
  ASSERT_EQ(t.git(1, {"push", "-q"}).exit, 0);
  share(t, 0);  // A now holds both
  auto listed = t.hc(0, {"incident", "list", "--all"}, T0);
  EXPECT_NE(listed.err.find("doctor --fix"), std::string::npos) << "an unsplit duplicate is listed silently: "
                                                                 << listed.describe();
  share(t, 2);
  // C and A repair it independently.
  ASSERT_EXIT_CODE(t.hc(2, {"doctor", "--fix"}, "2026-11-27T03:05:00Z"), 0);
  share(t, 2);
  ASSERT_EXIT_CODE(t.hc(0, {"doctor", "--fix"}, "2026-11-27T03:06:00Z"), 0);
  // B, still offline, goes on with its incident under the old id.
  t.ok(1, {"incident", "note", id, "-m", "B after the split"}, "2026-11-27T03:07:00Z");
  share(t, 1);
  share(t, 0);
  share(t, 2);
  share(t, 1);
  auto tree = [&](int c) {
    auto s = snapshot(t.dir(c));
    std::erase_if(s, [](const auto& kv) { return !kv.first.starts_with("incidents/") || !kv.first.ends_with(".jsonl"); });
    return s;
  };
  EXPECT_EQ(tree(0), tree(1));
  EXPECT_EQ(tree(0), tree(2));
  EXPECT_EQ(tree(0).size(), 2u) << "the split made more than one new incident";
  for (int c = 0; c < 3; ++c) {
    auto all = t.ok(c, {"incident", "list", "--all", "--json"}, "2026-11-27T03:30:00Z");
    ASSERT_EQ(all.size(), 2u) << all.dump(1);
    std::map<std::string, std::string> ids;
    for (const auto& inc : all) ids[inc["title"].get<std::string>()] = inc["id"].get<std::string>();
    EXPECT_EQ(ids["Made in clone A"], id);
    auto b = t.ok(c, {"incident", "show", ids["Made in clone B"], "--json"}, "2026-11-27T03:30:00Z");
    EXPECT_EQ(notes_of(b), (std::vector<std::string>{"B before the split", "B after the split"}));
    EXPECT_TRUE(notes_of(t.ok(c, {"incident", "show", id, "--json"}, "2026-11-27T03:30:00Z")).empty());
    EXPECT_EQ(t.hc(c, {"doctor"}, "2026-11-27T03:30:00Z").exit, 0);
  }
  // Another fix changes nothing.
  ASSERT_EXIT_CODE(t.hc(1, {"doctor", "--fix"}, "2026-11-27T03:40:00Z"), 0);
  EXPECT_EQ(tree(1), tree(0));
  auto log = t.git(2, {"log", "--format=%s"});
  EXPECT_NE(log.out.find("split " + id + " → INC-20261127-"), std::string::npos) << log.out;
}

TEST_F(TeamRecord, TwoClonesAcceptingOneHandoverDoNotConflict) {
  Team t(root, env, 2);
  auto ho = t.ok(0, {"handover", "new", "--from", "dev3", "--to", "dev1", "--json"}, T0);
  ASSERT_TRUE(ho.contains("id")) << ho.dump();
  auto id = ho["id"].get<std::string>();
  share(t, 0);
  share(t, 1);
  t.ok(0, {"handover", "accept", id, "--confirm", "dashboards"}, "2026-11-27T03:05:00Z", {{"HYPERCARE_USER", "dev1"}});
  t.ok(1, {"handover", "accept", id, "--all"}, "2026-11-27T03:06:00Z", {{"HYPERCARE_USER", "dev1"}});
  share(t, 0);
  share(t, 1);
  share(t, 0);
  auto a = t.ok(0, {"handover", "show", id, "--format", "json"}, "2026-11-27T04:00:00Z");
  auto b = t.ok(1, {"handover", "show", id, "--format", "json"}, "2026-11-27T04:00:00Z");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a["acceptances"].size(), 2u);
  EXPECT_EQ(a["unconfirmed_count"], 0);
  EXPECT_EQ(t.hc(0, {"doctor"}, "2026-11-27T04:00:00Z").exit, 0);
}

TEST_F(TeamRecord, DoctorFindsConflictMarkersInAnyTrackedTextFile) {
  init_ops(true);
  fs::create_directories(ops / "runbooks");
  spit(ops / "runbooks" / "payments.md", "# Payments\n<<<<<<< HEAD\nrestart the gateway\n=======\nfail over\n>>>>>>> b\n");
  ASSERT_EXIT_CODE(git({"add", "runbooks/payments.md"}), 0);
  ASSERT_EXIT_CODE(git({"commit", "-qm", "runbook"}), 0);
  auto r = hc({"doctor", "--json"});
  EXPECT_EXIT_CODE(r, 1);
  auto j = json::parse(r.out, nullptr, false);
  std::set<std::size_t> lines;
  for (const auto& p : j["problems"])
    if (p["file"] == "runbooks/payments.md" && p["kind"] == "conflict_marker") lines.insert(p["line"].get<std::size_t>());
  EXPECT_EQ(lines, (std::set<std::size_t>{2, 4, 6})) << r.out;
}

// HC_READS=N (the README's figure: 10 000) keeps the writers going — creating records, then
// appending notes to them — until two readers have made N reads.
TEST_F(TeamRecord, ReadersNeverSeeARecordBeingCreated) {
  init_ops(false);
  int target = 0;
  if (const char* n = ::getenv("HC_READS")) target = std::stoi(n);
  std::atomic<int> reads{0}, failed{0}, writing{3};
  // Writers that create records as fast as they can; readers that fold every file each time.
  std::vector<std::thread> threads;
  for (int w = 0; w < 3; ++w)
    threads.emplace_back([&, w] {
      std::vector<std::string> mine;
      for (int i = 0; i < 40 || reads < target; ++i) {
        if (i < 40) {
          auto r = hc({"--no-commit", "incident", "new", fmt::format("Created beside readers {}/{}", w, i), "-p", "P3",
                       "--json"});
          EXPECT_EQ(r.exit, 0) << r.describe();
          if (r.exit == 0) mine.push_back(json::parse(r.out)["id"].get<std::string>());
        } else if (!mine.empty()) {
          auto r = hc({"--no-commit", "incident", "note", mine[std::size_t(i) % mine.size()], "-m", "beside readers"});
          EXPECT_EQ(r.exit, 0) << r.describe();
        }
      }
      --writing;
    });
  std::mutex m;
  std::string first_failure;
  for (int reader = 0; reader < 2; ++reader)
    threads.emplace_back([&, reader] {
      while (writing > 0) {
        std::vector<std::string> args = reader ? std::vector<std::string>{"status"}
                                               : std::vector<std::string>{"incident", "list", "--all"};
        auto r = hc(args, {{"HYPERCARE_CACHE", "off"}});
        ++reads;
        if (r.exit != 0 || !r.err.empty()) {
          ++failed;
          std::lock_guard lock(m);
          if (first_failure.empty()) first_failure = r.describe();
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_GT(reads, 20);
  EXPECT_EQ(failed, 0) << "of " << reads << " reads; the first: " << first_failure;
  if (target) fmt::print("readers beside writers: {} reads, {} failed\n", reads.load(), failed.load());
}

// Found by 10 000 reads beside writers: a reader that meets a line without its newline while a
// writer holds the ops lock waits for the writer and reads again, instead of calling the append
// in progress a crash's torn tail. The "writer" here is the test: it holds .hypercare/lock, and
// finishes the line only once the reader has opened the lock file to wait on it.
TEST_F(TeamRecord, AReaderWaitsForAnAppendInProgress) {
  init_ops(false);
  auto id = new_incident("Being written", "P3");
  auto file = incident_file(id);
  auto lines = split_lines(slurp(file));
  json note = json::parse(lines[0]);
  note = {{"v", 1}, {"id", "01KNOTEWRITTENINTWOPARTS00"}, {"seq", 2}, {"ts", "2026-11-27T03:01:00Z"},
          {"actor", "dev1"}, {"type", "note"}, {"message", "half, then whole"}, {"origin", note["id"]}};
  std::string line = note.dump() + "\n";
  int lock = ::open((ops / ".hypercare" / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);  // not inherited
  ASSERT_GE(lock, 0);
  ASSERT_EQ(::flock(lock, LOCK_EX), 0);
  append_bytes(file, line.substr(0, line.size() / 2));
  bool finished = false;
  auto waiting_on_lock = [](pid_t pid) {
    std::error_code ec;
    for (const auto& fd : fs::directory_iterator(fs::path("/proc") / std::to_string(pid) / "fd", ec)) {
      auto target = fs::read_symlink(fd.path(), ec);
      if (!ec && target.filename() == "lock" && target.parent_path().filename() == ".hypercare") return true;
    }
    return false;
  };
  auto r = run({bin(), "incident", "show", id, "--json"}, env_with({{"HYPERCARE_CACHE", "off"}}), {}, ops,
               std::chrono::seconds(60), [&](pid_t pid) {
                 if (finished || !waiting_on_lock(pid)) return;
                 append_bytes(file, line.substr(line.size() / 2));
                 ::close(lock);  // releases the flock
                 finished = true;
               });
  if (!finished) ::close(lock);
  EXPECT_TRUE(finished) << "the reader never waited for the writer: " << r.describe();
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(json::parse(r.out)["timeline"].back()["message"], "half, then whole") << r.out;
}

TEST_F(TeamRecord, RecordsAnInterruptedCommandLeftUncommittedAreReportedAndCommitted) {
  Team t(root, env, 1);
  auto id = t.ok(0, {"incident", "new", "Interrupted", "-p", "P3", "--json"}, T0)["id"].get<std::string>();
  // What a SIGKILL between the append and the commit leaves: a changed file and a new one.
  auto file = t.dir(0) / "incidents" / "2026-11" / (id + ".jsonl");
  auto lines = split_lines(slurp(file));
  json note = json::parse(lines[0]);
  note = {{"v", 1}, {"id", "01KNOTECUTOFFBEFORECOMMIT0"}, {"seq", 2}, {"ts", "2026-11-27T03:01:00Z"},
          {"actor", "dev1"}, {"type", "note"}, {"message", "written, never committed"}, {"origin", note["id"]}};
  append_bytes(file, note.dump() + "\n");
  fs::create_directories(t.dir(0) / "feedback");
  spit(t.dir(0) / "feedback" / "2026-11.jsonl",
       json{{"v", 1}, {"id", "01KFEEDBACKCUTOFF000000000"}, {"ts", T0}, {"type", "response"}, {"score", 5}}.dump() + "\n");
  auto report = t.hc(0, {"doctor", "--json"}, T0);
  EXPECT_EQ(report.exit, 1) << report.describe();
  EXPECT_NE(report.out.find("\"uncommitted\""), std::string::npos) << report.out;
  auto synced = t.hc(0, {"sync", "--json"}, T0);
  ASSERT_EXIT_CODE(synced, 0);
  EXPECT_EQ(json::parse(synced.out, nullptr, false)["committed"].size(), 2u) << synced.out;
  EXPECT_EQ(t.git(0, {"status", "--porcelain"}).out, "");
  EXPECT_EQ(t.git(0, {"status", "-sb"}).out.find("ahead"), std::string::npos) << "not pushed";
  EXPECT_EQ(t.hc(0, {"doctor"}, T0).exit, 0);
}

}  // namespace
