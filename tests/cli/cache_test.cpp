// The incident index in .hypercare/cache is derived data: with it on, off, cold or warm, after a
// git pull, and after a hand edit followed by `hypercare doctor`, the output is the same.
#include <sys/stat.h>

#include <cstring>
#include <set>

#include <fmt/format.h>

#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class CliCache : public CliTest {
 protected:
  void SetUp() override {
    init_ops(false);
    // ~30 incidents over two months in every state.
    const char* prios[] = {"P1", "P2", "P3", "P4"};
    const char* comps[] = {"api", "db", "web"};
    for (int i = 0; i < 30; ++i) {
      std::string when = i < 8 ? fmt::format("2026-10-{:02}T{:02}:15:00Z", 20 + i, i)
                               : fmt::format("2026-11-{:02}T{:02}:{:02}:00Z", 20 + i % 7, i % 24, i);
      Env at{{"HYPERCARE_NOW", when}};
      std::vector<std::string> extra{"-c", comps[i % 3]};
      if (i % 4 == 0) extra.insert(extra.end(), {"--assign", "dev2"});
      std::string id = new_incident(fmt::format("Incident {} \"quoted\" ü", i), prios[i % 4], extra, at);
      ids.push_back(id);
      switch (i % 5) {
        case 1: ASSERT_EXIT_CODE(hc({"incident", "ack", id}, at), 0); break;
        case 2:
          ASSERT_EXIT_CODE(hc({"incident", "status", id, "monitoring", "-m", "watch"}, at), 0);
          break;
        case 3:
          ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "rc", "--resolution", "r"}, at), 0);
          break;
        case 4:
          ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "rc", "--resolution", "r"}, at), 0);
          ASSERT_EXIT_CODE(hc({"incident", "reopen", id, "-m", "again"}, at), 0);
          break;
        default: break;
      }
    }
  }

  struct Outputs {
    std::string list, status, open_list, show_first, daily, summary;
    bool operator==(const Outputs&) const = default;
  };
  // The first line where two outputs differ, for a readable failure message.
  static std::string diff(const Outputs& a, const Outputs& b) {
    auto one = [](const char* what, const std::string& x, const std::string& y) -> std::string {
      auto lx = split_lines(x), ly = split_lines(y);
      for (std::size_t i = 0; i < std::max(lx.size(), ly.size()); ++i) {
        std::string l = i < lx.size() ? lx[i] : "<none>", r = i < ly.size() ? ly[i] : "<none>";
        if (l != r) return fmt::format("{} line {}:\n  cached:   {}\n  uncached: {}\n", what, i + 1, l.substr(0, 400), r.substr(0, 400));
      }
      return "";
    };
    return one("list --all --json", a.list, b.list) + one("status --json", a.status, b.status) +
           one("list -p P1,P2,P3", a.open_list, b.open_list) + one("show --json", a.show_first, b.show_first) +
           one("report daily --json", a.daily, b.daily) + one("report summary --json", a.summary, b.summary);
  }
  Outputs outputs(bool cache) {
    Env e;
    if (!cache) e["HYPERCARE_CACHE"] = "off";
    Outputs o;
    auto grab = [&](std::vector<std::string> args, std::string& into) {
      auto r = hc(args, e);
      EXPECT_EXIT_CODE(r, 0);
      EXPECT_EQ(r.err, "") << r.describe();
      into = r.out;
    };
    grab({"incident", "list", "--all", "--json"}, o.list);
    grab({"status", "--json"}, o.status);
    grab({"incident", "list", "-p", "P1,P2,P3"}, o.open_list);
    grab({"incident", "show", ids[0].substr(ids[0].size() - 4), "--json"}, o.show_first);
    // A day's report reads only what the day can show (with the cache on): the same as all of it.
    for (const char* day : {"2026-10-21", "2026-10-25", "2026-11-20", "2026-11-23", "2026-11-26", "2026-11-27"}) {
      std::string one;
      grab({"report", "daily", "--date", day, "--json"}, one);
      o.daily += one;
    }
    // So does a summary of a period, whatever came before it.
    for (std::vector<std::string> period : {std::vector<std::string>{"--from", "2026-11-21", "--to", "2026-11-26"},
                                            std::vector<std::string>{"--from", "2026-10-24", "--to", "2026-11-22"}}) {
      std::vector<std::string> args{"report", "summary", "--json", "--as-of", "2026-11-27T12:00:00Z"};
      args.insert(args.end(), period.begin(), period.end());
      std::string one;
      grab(args, one);
      o.summary += one;
    }
    return o;
  }
  void expect_transparent(const char* when) {
    SCOPED_TRACE(when);
    auto off = outputs(false);
    EXPECT_EQ(json::parse(off.list, nullptr, false).size(), ids.size());
    auto warm1 = outputs(true);
    auto warm2 = outputs(true);
    EXPECT_TRUE(fs::exists(ops / ".hypercare" / "cache"));
    fs::remove_all(ops / ".hypercare" / "cache");
    auto cold = outputs(true);
    auto warm3 = outputs(true);
    EXPECT_TRUE(warm1 == off) << "warm cache differs: " << diff(warm1, off);
    EXPECT_TRUE(warm2 == off) << "warm cache (2nd run) differs: " << diff(warm2, off);
    EXPECT_TRUE(cold == off) << "cold cache differs: " << diff(cold, off);
    EXPECT_TRUE(warm3 == off) << "rebuilt cache differs: " << diff(warm3, off);
  }

  fs::path index_file() const { return ops / ".hypercare" / "cache" / "incidents.idx"; }
  static struct stat stat_of(const fs::path& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st;
  }

  std::vector<std::string> ids;
};

TEST_F(CliCache, CachedAndUncachedOutputsAreIdentical) { expect_transparent("fresh"); }

TEST_F(CliCache, AHandEditInPlaceIsSeenOnceDoctorHasRun) {
  // Appending to a record file in place (`>>`) moves no directory mtime, so the index cannot see
  // it (checking every file's stat would cost more than the whole listing). That is documented:
  // `hypercare doctor` re-reads every record and holds the index to each file.
  auto warm = outputs(true);
  // With nothing changed, doctor keeps the index as it is: the next command starts warm.
  const auto kept = stat_of(index_file());
  ASSERT_NE(kept.st_ino, ino_t(0));
  EXPECT_EXIT_CODE(hc({"doctor"}), 0);
  auto now = stat_of(index_file());
  EXPECT_TRUE(now.st_ino == kept.st_ino && now.st_size == kept.st_size) << "doctor changed an index that was current";
  const std::string id = ids[0];  // open P1
  auto file = incident_file(id);
  auto first = json::parse(split_lines(slurp(file)).front());
  json ev = {{"v", 1},
             {"id", "01ZZZZZZZZZZZZZZZZZZZZZZZZ"},
             {"ts", "2026-11-27T02:00:00Z"},
             {"actor", "teammate"},
             {"type", "resolved"},
             {"root_cause", "fixed by hand"},
             {"resolution", "edited"},
             {"origin", first["id"]}};
  append_bytes(file, ev.dump() + "\n");

  auto off = outputs(false);
  EXPECT_NE(off.list, warm.list) << "the appended event changed nothing?";
  auto doctor = hc({"doctor"});
  EXPECT_EXIT_CODE(doctor, 0);
  const auto repaired = stat_of(index_file());
  EXPECT_NE(repaired.st_ino, ino_t(0)) << "doctor dropped the index";
  EXPECT_FALSE(repaired.st_ino == kept.st_ino && repaired.st_size == kept.st_size)
      << "doctor did not bring the index in step";
  auto cached = outputs(true);
  EXPECT_TRUE(cached == off) << "after `hypercare doctor` the index must match the files:\n" << diff(cached, off);
  now = stat_of(index_file());
  EXPECT_TRUE(now.st_ino == repaired.st_ino && now.st_size == repaired.st_size)
      << "the next command had to bring the index in step again";
  expect_transparent("after a hand append and doctor");
}

TEST_F(CliCache, AChangePulledWithGitIsSeen) {
  // The real thing: another engineer resolves an incident in their clone, we `git pull`.
  ASSERT_EXIT_CODE(git({"init", "-q"}), 0);
  ASSERT_EXIT_CODE(git({"add", "-A"}), 0);
  ASSERT_EXIT_CODE(git({"commit", "-qm", "ops"}), 0);
  auto warm = outputs(true);
  fs::path clone = root / "clone";
  ASSERT_EXIT_CODE(run({"git", "clone", "-q", ops.string(), clone.string()}, env, {}, root), 0);
  auto resolved = hc({"-C", clone.string(), "incident", "resolve", ids[0], "--root-cause", "a", "--resolution", "b"});
  ASSERT_EXIT_CODE(resolved, 0);
  ASSERT_EXIT_CODE(git({"pull", "-q", "--no-rebase", clone.string(), "HEAD"}), 0);
  auto off = outputs(false);
  EXPECT_NE(off.list, warm.list) << "the pulled change changed nothing?";
  auto cached = outputs(true);
  EXPECT_TRUE(cached == off) << diff(cached, off);
}

TEST_F(CliCache, AFileReplacedByGitIsSeen) {
  // The common git case: checkout/merge rewrites the file (new inode, the directory changes).
  auto warm = outputs(true);
  const std::string id = ids[1];
  auto file = incident_file(id);
  auto first = json::parse(split_lines(slurp(file)).front());
  json ev = {{"v", 1}, {"id", "01ZZZZZZZZZZZZZZZZZZZZZZZY"}, {"ts", "2026-11-27T02:00:00Z"},
             {"actor", "teammate"}, {"type", "priority"}, {"priority", "P4"}, {"message", "downgraded"},
             {"origin", first["id"]}};
  auto tmp = file;
  tmp += ".new";
  spit(tmp, slurp(file) + ev.dump() + "\n");
  fs::rename(tmp, file);
  auto off = outputs(false);
  EXPECT_NE(off.list, warm.list);
  auto cached = outputs(true);
  EXPECT_TRUE(cached == off) << diff(cached, off);
  expect_transparent("after a replace");
}


// A write reaches the index as a patch appended to it (issue 19): the next read rewrites nothing
// already written, and shows what the files say.
TEST_F(CliCache, AWriteIsAppendedToTheIndexInsteadOfRewritingIt) {
  outputs(true);
  const auto before = stat_of(index_file());
  ASSERT_NE(before.st_ino, ino_t(0));
  ASSERT_EXIT_CODE(hc({"incident", "note", ids[1], "-m", "appended"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", ids[0], "--root-cause", "a", "--resolution", "b"}), 0);
  ids.push_back(new_incident("Brand new", "P2", {}, {{"HYPERCARE_NOW", "2026-11-27T01:00:00Z"}}));
  auto cached = outputs(true);
  const auto after = stat_of(index_file());
  EXPECT_EQ(after.st_ino, before.st_ino) << "the index was rewritten whole";
  EXPECT_GT(after.st_size, before.st_size);
  EXPECT_LT(after.st_size - before.st_size, 8 * 1024) << "more than the three incidents written to";
  auto off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);
  expect_transparent("after writes appended to the index");
}

// A write brings the index up to date itself (issue 19: the first read after a write stat'ed every
// file of the month to find the one that changed): the next read finds it current and changes
// nothing. A write after a change from elsewhere (a pull) leaves that month to the next read.
TEST_F(CliCache, AWriteLeavesTheIndexCurrentForTheNextRead) {
  outputs(true);
  const auto built = slurp(index_file());
  ASSERT_EXIT_CODE(hc({"incident", "note", ids[10], "-m", "written"}), 0);
  ids.push_back(new_incident("Brand new", "P2", {}, {{"HYPERCARE_NOW", "2026-11-27T01:00:00Z"}}));
  const auto written = slurp(index_file());
  EXPECT_GT(written.size(), built.size()) << "the writes did not append to the index";
  EXPECT_EQ(written.substr(0, built.size()), built) << "the index was rewritten, not appended to";
  ASSERT_EXIT_CODE(hc({"status"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "list", "--all"}), 0);
  EXPECT_TRUE(slurp(index_file()) == written) << "the read after the writes had to bring the index up to date";
  auto cached = outputs(true);
  auto off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);

  // ids[11]'s file replaced as `git pull` replaces it, resolved in another clone; then a write
  // here to ids[12], of the same month.
  const auto other = root / "other-clone";
  fs::copy(ops, other, fs::copy_options::recursive);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", ids[11], "--root-cause", "pulled", "--resolution", "r"},
                      {{"HYPERCARE_OPS", other.string()}}),
                   0);
  const auto pulled = incident_file(ids[11]);
  fs::copy_file(other / fs::relative(pulled, ops), fs::path(pulled.string() + ".tmp"));
  fs::rename(fs::path(pulled.string() + ".tmp"), pulled);
  ASSERT_EXIT_CODE(hc({"incident", "note", ids[12], "-m", "here"}), 0);
  cached = outputs(true);
  off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);
  EXPECT_NE(hc({"incident", "show", ids[11], "--json"}).out.find("pulled"), std::string::npos) << "the pull did not happen";
  expect_transparent("after writes that kept the index current");
}

// Patches are bounded: after enough of them the next read writes a new index, with the same answers.
TEST_F(CliCache, ManyPatchesAreFoldedIntoANewIndex) {
  outputs(true);
  const auto first = stat_of(index_file()).st_ino;
  std::set<ino_t> inodes{first};
  for (int i = 0; i < 40; ++i) {
    ASSERT_EXIT_CODE(hc({"incident", "note", ids[std::size_t(i) % ids.size()], "-m", fmt::format("note {}", i)}), 0);
    ASSERT_EXIT_CODE(hc({"status"}), 0);
    inodes.insert(stat_of(index_file()).st_ino);
  }
  EXPECT_EQ(inodes.size(), 2u) << "one new index after the longest chain of patches, not one per write";
  expect_transparent("after 40 patches");
}

// An append cut short (a crash, a full disk) leaves bytes that are not a whole patch: readers take
// the index without them, and the next change writes a new index rather than appending after them.
// A file that went away is never left in the index either.
TEST_F(CliCache, ATornPatchAndARemovedFileAreNeverShown) {
  outputs(true);
  const auto before = stat_of(index_file());
  append_bytes(index_file(), std::string("HCPATCH\n") + std::string(40, '\x07'));
  auto cached = outputs(true);
  auto off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);
  EXPECT_EQ(stat_of(index_file()).st_ino, before.st_ino) << "nothing had changed: the index is kept";

  ASSERT_EXIT_CODE(hc({"incident", "note", ids[2], "-m", "after the torn patch"}), 0);
  cached = outputs(true);
  EXPECT_NE(stat_of(index_file()).st_ino, before.st_ino) << "appended after bytes that are not a patch";
  off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);

  fs::remove(incident_file(ids[3]));
  ids.erase(ids.begin() + 3);
  cached = outputs(true);
  off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);
  EXPECT_EQ(json::parse(cached.list, nullptr, false).size(), ids.size());
}


// A damaged entry (a bad sector, a stray write) is found before it is used, and the index is built
// again from the files.
TEST_F(CliCache, ADamagedIndexEntryIsNeverRead) {
  outputs(true);
  std::string bytes = slurp(index_file());
  std::uint64_t entries_off = 0;
  ASSERT_GT(bytes.size(), 64u);
  std::memcpy(&entries_off, bytes.data() + 32, sizeof entries_off);  // the header's entries table offset
  ASSERT_LT(entries_off + 32, bytes.size());
  std::memset(bytes.data() + entries_off + 24, 0xFF, 8);  // the first entry's blob offset: far past the end
  spit(index_file(), bytes);
  auto cached = outputs(true);
  auto off = outputs(false);
  EXPECT_TRUE(cached == off) << diff(cached, off);
}

}  // namespace

namespace {

// A command about one incident named by its tail finds it from the file names: the index is not
// built (issue 19: `incident note TAIL` decoded every incident of the store to find one).
TEST_F(CliCache, ACommandAboutOneIncidentByItsTailNeverBuildsTheIndex) {
  fs::remove_all(ops / ".hypercare" / "cache");
  const auto idx = ops / ".hypercare" / "cache" / "incidents.idx";
  std::string tail = ids[5].substr(ids[5].size() - 4);
  auto shown = hc({"incident", "show", tail, "--json"});
  EXPECT_EXIT_CODE(shown, 0);
  EXPECT_EQ(json::parse(shown.out, nullptr, false)["id"], ids[5]);
  EXPECT_EXIT_CODE(hc({"incident", "note", tail, "-m", "looked at it"}), 0);
  EXPECT_EXIT_CODE(hc({"incident", "show", ids[5].substr(0, 12) + "-" + tail.substr(0, 2), "--json"}), 0) << "a prefix";
  EXPECT_FALSE(fs::exists(idx)) << "only the one incident was read";

  auto unknown = hc({"incident", "show", "QQQQ"});
  EXPECT_EXIT_CODE(unknown, 66);
  EXPECT_NE(unknown.err.find("no incident matches 'QQQQ'"), std::string::npos) << unknown.err;
  // An incident whose file cannot be read is still found, and asking about it says why.
  append_bytes(incident_file(ids[6]), "{not json}\n");
  auto broken = hc({"incident", "show", ids[6].substr(ids[6].size() - 4)});
  EXPECT_EXIT_CODE(broken, 65);
  EXPECT_NE(broken.err.find(ids[6]), std::string::npos) << broken.err;
  EXPECT_FALSE(fs::exists(idx));
  // The listings still read (and build) the index, and agree.
  EXPECT_EXIT_CODE(hc({"incident", "list", "--all"}), 0);
  EXPECT_TRUE(fs::exists(idx));
}

// Where the index is current for a month, a short id is found from its entries instead of the
// directory's 4 000 names: found alike, whatever the month holds (issue 19).
TEST_F(CliCache, AShortIdIsFoundFromTheIndexAsFromTheDirectories) {
  // A record whose file is not named after its incident (misplaced: doctor reports it), a record
  // that cannot be read, then the index brought up to date with both.
  const std::string misnamed = ids[7].substr(0, ids[7].size() - 4) + "ZZZZ";
  spit(incident_file(misnamed), slurp(incident_file(ids[7])));
  append_bytes(incident_file(ids[6]), "{not json}\n");
  EXPECT_EXIT_CODE(hc({"incident", "list", "--all"}), 0);
  const auto indexed = slurp(index_file());
  // Then a file the index does not know yet, as a pull brings it: its directory's mtime moved.
  const std::string pulled = ids[9].substr(0, ids[9].size() - 4) + "PA7H";
  auto record = slurp(incident_file(ids[9]));
  for (auto at = record.find(ids[9]); at != std::string::npos; at = record.find(ids[9], at))
    record.replace(at, ids[9].size(), pulled);
  spit(incident_file(pulled), record);

  auto tail = [](const std::string& id) { return id.substr(id.size() - 4); };
  std::vector<std::string> queries{tail(ids[0]), tail(ids[7]), "ZZZZ", tail(ids[6]), "PA7H", "QQQQ",
                                   ids[12].substr(0, 15), "INC-2026"};
  for (const auto& q : queries) {
    SCOPED_TRACE(q);
    auto cached = hc({"incident", "show", q, "--json"});
    auto uncached = hc({"incident", "show", q, "--json"}, {{"HYPERCARE_CACHE", "off"}});
    EXPECT_EQ(cached.exit, uncached.exit) << cached.describe() << uncached.describe();
    EXPECT_EQ(cached.out, uncached.out);
    EXPECT_EQ(cached.err, uncached.err);
  }
  EXPECT_EQ(json::parse(hc({"incident", "show", "PA7H", "--json"}).out, nullptr, false)["id"], pulled);
  EXPECT_EXIT_CODE(hc({"incident", "show", "ZZZZ"}), 0) << "found by its file's name";
  EXPECT_EQ(slurp(index_file()), indexed) << "resolving an id neither refreshes nor rewrites the index";
}

}  // namespace
