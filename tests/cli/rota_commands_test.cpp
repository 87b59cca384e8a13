// `hypercare rota ...` end to end on the smart-dairy example (dev1..dev3, lead; A 06–14, B 14–22,
// C 22–06 Asia/Kolkata from 2026-11-23): every verb in text and --json, the exit codes, the
// events in rota/changes.jsonl and their git commits, and the iCalendar export parsed by Debian's
// python3-icalendar.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class CliRota : public CliTest {
 protected:
  void SetUp() override { init_ops(true); }
  json js(const std::vector<std::string>& args, const Env& extra = {}, int code = 0) {
    auto a = args;
    a.push_back("--json");
    auto r = hc(a, extra);
    EXPECT_EXIT_CODE(r, code);
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.describe();
    return j;
  }
  std::string last_commit() { return git({"log", "-1", "--format=%s"}).out; }
  std::vector<json> changes() { return parse_every_line(ops / "rota/changes.jsonl"); }
};

const std::string k_legend = "* override   ~ swap   (times are wall-clock in Asia/Kolkata)\n";

TEST_F(CliRota, ShowTableMarksTodayAndFiltersAMember) {
  auto r = hc({"rota", "show", "--from", "2026-11-26", "--days", "3"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.out, "DAY                     A 06:00–14:00  B 14:00–22:00  C 22:00–06:00\n"
                   "2026-11-26 Thu          dev1           dev2           dev3\n"
                   "2026-11-27 Fri ◀ today  dev2           dev3           dev1\n"
                   "2026-11-28 Sat          dev3           dev1           dev2\n" + k_legend);
  EXPECT_EQ(r.err, "");
  auto m = hc({"rota", "show", "--from", "2026-11-27", "--days", "2", "--member", "DEV1"});
  ASSERT_EXIT_CODE(m, 0);
  EXPECT_EQ(m.out, "DAY                     A 06:00–14:00  B 14:00–22:00  C 22:00–06:00\n"
                   "2026-11-27 Fri ◀ today  ·              ·              dev1\n"
                   "2026-11-28 Sat          ·              dev1           ·\n" + k_legend);
  // Default: 7 days from today.
  EXPECT_EQ(count_of(hc({"rota", "show"}).out, "\n"), 9u);
}

TEST_F(CliRota, ShowJsonIsAListOfShifts) {
  auto j = js({"rota", "show", "--from", "2026-11-27", "--days", "1"});
  EXPECT_EQ(j, json::parse(R"([
    {"start":"2026-11-27T00:30:00Z","end":"2026-11-27T08:30:00Z","day":"2026-11-27","slot":"A","member":"dev2","override":false},
    {"start":"2026-11-27T08:30:00Z","end":"2026-11-27T16:30:00Z","day":"2026-11-27","slot":"B","member":"dev3","override":false},
    {"start":"2026-11-27T16:30:00Z","end":"2026-11-28T00:30:00Z","day":"2026-11-27","slot":"C","member":"dev1","override":false}])"));
  EXPECT_EQ(js({"rota", "show", "--days", "3", "--member", "dev3"}).size(), 3u);
}

TEST_F(CliRota, BadRangeArgumentsAreUsageErrors) {
  for (std::vector<std::string> a : {std::vector<std::string>{"rota", "show", "--from", "bogus"},
                                     {"rota", "show", "--member", "ghost"},
                                     {"rota", "show", "--days", "0"},
                                     {"rota", "show", "--days=-1"},
                                     {"rota", "show", "--days", "4000"},
                                     {"rota", "check", "--days", "0"},
                                     {"rota", "export", "--format", "xml"},
                                     {"rota", "stats", "--from", "2026-11-27", "--to", "2026-11-26"},
                                     {"rota", "now", "--at", "nonsense"},
                                     {"rota", "now", "-p", "P9"},
                                     {"rota", "bogus"}}) {
    auto r = hc(a);
    EXPECT_EXIT_CODE(r, 64) << a[1] << " " << a.back();
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(CliRota, NowShowsShiftNextAndTheChainPerPriority) {
  auto r = hc({"rota", "now"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.out, "On call at Fri 2026-11-27 08:30 IST: Dev 2 (dev2) — slot A, until 14:00 IST (in 5h30m)\n"
                   "Next: Dev 3 (dev3) — slot B from 14:00 IST (in 5h30m)\n"
                   "Escalation for P1:  1. Dev 2 (dev2) (primary)  2. Dev 3 (dev3) (secondary)  3. Project Lead (lead) (tertiary)\n");
  auto p2 = hc({"rota", "now", "--at", "2026-11-27 22:00", "-p", "p2"});
  ASSERT_EXIT_CODE(p2, 0);
  EXPECT_EQ(p2.out, "On call at Fri 2026-11-27 22:00 IST: Dev 1 (dev1) — slot C, until Sat 2026-11-28 06:00 IST (in 21h30m)\n"
                    "Next: Dev 3 (dev3) — slot A from Sat 2026-11-28 06:00 IST (in 21h30m)\n"
                    "Escalation for P2:  1. Dev 1 (dev1) (primary)  2. Dev 3 (dev3) (secondary)"
                    "  (the lead is not in the chain for this priority)\n");
  auto j = js({"rota", "now", "--at", "2026-11-27T16:30:00Z"});
  EXPECT_EQ(j, json::parse(R"({"at":"2026-11-27T16:30:00Z","priority":"P1",
    "slot":{"name":"C","start":"2026-11-27T16:30:00Z","end":"2026-11-28T00:30:00Z","override":false},
    "primary":{"id":"dev1","name":"Dev 1","email":"dev1@example.com"},
    "secondary":{"id":"dev3","name":"Dev 3","email":"dev3@example.com"},
    "tertiary":{"id":"lead","name":"Project Lead","email":"lead@example.com"},
    "next":{"name":"A","start":"2026-11-28T00:30:00Z","end":"2026-11-28T08:30:00Z","override":false,
            "member":"dev3","person":{"id":"dev3","name":"Dev 3","email":"dev3@example.com"}}})"));
  // A member is its rota id in every record, as in a shift of `rota show`.
  EXPECT_EQ(js({"rota", "show", "--from", "2026-11-28", "--days", "1"})[0]["member"], j["next"]["member"]);
  EXPECT_TRUE(js({"rota", "now", "-p", "P4"})["tertiary"].is_null());
  EXPECT_EQ(js({"rota", "now", "-p", "P3"})["secondary"]["id"], "dev3");
}

TEST_F(CliRota, OverrideIsAnEventCommittedToGitAndWinsWhileItLasts) {
  auto r = hc({"rota", "override", "dev3", "--from", "2026-11-27 10:00", "--to", "2026-11-27 12:00", "-m", "dentist, sorry", "--force"});
  ASSERT_EXIT_CODE(r, 0);
  auto ev = changes();
  ASSERT_EQ(ev.size(), 1u);
  const std::string id = ev[0]["override"];
  ASSERT_EQ(id.rfind("OV-20261127-", 0), 0u) << id;
  EXPECT_EQ(r.out, "✓ Override " + id + ": dev3 is on call from 2026-11-27 10:00 IST to 2026-11-27 12:00 IST\n");
  EXPECT_EQ(ev[0]["type"], "override");
  EXPECT_EQ(ev[0]["member"], "dev3");
  EXPECT_EQ(ev[0]["from"], "2026-11-27T04:30:00Z");
  EXPECT_EQ(ev[0]["to"], "2026-11-27T06:30:00Z");
  EXPECT_EQ(ev[0]["message"], "dentist, sorry");
  EXPECT_EQ(ev[0]["actor"], "dev1");
  EXPECT_EQ(ev[0]["ts"], k_now);
  EXPECT_FALSE(ev[0].contains("replacing"));
  EXPECT_EQ(last_commit(), "rota: override " + id + " — dev3 on call 2026-11-27 10:00 to 2026-11-27 12:00 by dev1\n");
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");
  EXPECT_EQ(git({"show", "--name-only", "--format=", "HEAD"}).out, "rota/changes.jsonl\n");

  EXPECT_EQ(js({"rota", "now", "--at", "2026-11-27 11:00"})["primary"]["id"], "dev3");
  EXPECT_EQ(js({"rota", "now", "--at", "2026-11-27 12:00"})["primary"]["id"], "dev2");
  auto show = hc({"rota", "show", "--days", "1"});
  EXPECT_NE(show.out.find("dev2/dev3*/dev2"), std::string::npos) << show.out;

  // A newer override on top, replacing dev3 only: JSON output and the fold order.
  auto j = js({"rota", "override", "lead", "--from", "2026-11-27T05:00:00Z", "--to", "2026-11-27T09:00:00Z",
               "--replacing", "dev3", "--force"});
  EXPECT_EQ(j["member"], "lead");
  EXPECT_EQ(j["replacing"], "dev3");
  EXPECT_EQ(js({"rota", "now", "--at", "2026-11-27T05:10:00Z"})["primary"]["id"], "dev3");  // A is dev2's: not replaced
  EXPECT_EQ(js({"rota", "now", "--at", "2026-11-27T08:40:00Z"})["primary"]["id"], "lead");   // B is dev3's
  EXPECT_EQ(changes().size(), 2u);
}

TEST_F(CliRota, OverrideErrorsWriteNothing) {
  const std::vector<std::vector<std::string>> bad = {
      {"rota", "override", "ghost", "--from", "2026-11-28 10:00", "--to", "2026-11-28 12:00"},
      {"rota", "override", "dev3", "--from", "2026-11-28 10:00", "--to", "2026-11-28 09:00"},
      {"rota", "override", "dev3", "--from", "2026-11-20 10:00", "--to", "2026-11-20 12:00"},
      {"rota", "override", "dev3", "--from", "2026-11-28 10:00", "--to", "2026-11-28 12:00", "--replacing", "dev3"},
      {"rota", "override", "dev3", "--from", "2026-11-28 10:00", "--to", "2026-11-28 12:00", "--replacing", "nobody"},
      {"rota", "override", "dev3", "--from", "2026-11-28 10:00"},
      {"rota", "override", "dev3", "--from", "tomorrow", "--to", "2026-11-28 12:00"},
  };
  for (const auto& a : bad) EXPECT_EXIT_CODE(hc(a), 64) << a[2] << " " << a.back();
  EXPECT_FALSE(fs::exists(ops / "rota/changes.jsonl"));
  EXPECT_EQ(last_commit(), "hypercare init (smart-dairy example)\n");
}

TEST_F(CliRota, OverridesListsAndCancelHidesThem) {
  auto a = js({"rota", "override", "dev3", "--from", "2026-11-27 10:00", "--to", "2026-11-27 12:00", "--force"});
  auto b = js({"rota", "override", "dev1", "--from", "2026-11-28 06:00", "--to", "2026-11-28 08:00", "-m", "swap day", "--force"});
  const std::string ida = a["id"], idb = b["id"];
  auto list = js({"rota", "overrides"});
  ASSERT_EQ(list.size(), 2u);
  auto want = json::parse(R"({"from":"2026-11-27T04:30:00Z","to":"2026-11-27T06:30:00Z","member":"dev3",
                               "replacing":null,"message":"","by":"dev1","state":"upcoming","kind":"override"})");
  want["id"] = ida;
  EXPECT_EQ(list[0], want);
  EXPECT_EQ(js({"rota", "overrides"}, {{"HYPERCARE_NOW", "2026-11-27T05:00:00Z"}})[0]["state"], "active");
  auto text = hc({"rota", "overrides"});
  EXPECT_EQ(text.out, "ID                KIND      WHO / SHIFTS  WHEN                                 STATE     BY    NOTE\n" +
                          ida + "  override  dev3          2026-11-27 10:00 → 2026-11-27 12:00  upcoming  dev1\n" +
                          idb + "  override  dev1          2026-11-28 06:00 → 2026-11-28 08:00  upcoming  dev1  swap day\n");

  auto c = hc({"rota", "cancel", ida.substr(12), "-m", "feeling better"});
  ASSERT_EXIT_CODE(c, 0);
  EXPECT_EQ(c.out, "✓ " + ida + " cancelled\n");
  auto ev = changes();
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[2]["type"], "cancelled");
  EXPECT_EQ(ev[2]["target"], ida);
  EXPECT_EQ(ev[2]["message"], "feeling better");
  EXPECT_EQ(last_commit(), "rota: cancel " + ida.substr(12) + " by dev1\n");
  EXPECT_EQ(js({"rota", "now", "--at", "2026-11-27 11:00"})["primary"]["id"], "dev2");
  EXPECT_EQ(js({"rota", "overrides"}).size(), 1u);
  auto all = js({"rota", "overrides", "--all"}, {{"HYPERCARE_NOW", "2026-11-29T00:00:00Z"}});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["state"], "cancelled");
  EXPECT_EQ(all[1]["state"], "past");
  EXPECT_EQ(hc({"rota", "overrides"}, {{"HYPERCARE_NOW", "2026-11-29T00:00:00Z"}}).out,
            "No current or upcoming overrides or swaps (--all shows past and cancelled ones).\n");

  EXPECT_EXIT_CODE(hc({"rota", "cancel", ida}), 65);        // already cancelled
  EXPECT_EXIT_CODE(hc({"rota", "cancel", "OV-NOPE"}), 66);  // no such id
  EXPECT_EXIT_CODE(hc({"rota", "cancel", "OV"}), 66);       // ambiguous
  EXPECT_EQ(js({"rota", "cancel", idb})["cancelled"], idb);
  EXPECT_EQ(changes().size(), 4u);
}

TEST_F(CliRota, SwapExchangesTwoShiftsAndCanBeCancelled) {
  auto r = hc({"rota", "swap", "2026-11-28/B", "2026-11-29/b", "-m", "family", "--force"});
  ASSERT_EXIT_CODE(r, 0);
  auto ev = changes();
  ASSERT_EQ(ev.size(), 1u);
  const std::string id = ev[0]["swap"];
  EXPECT_EQ(r.out, "✓ Swap " + id + ": 2026-11-28/B ⇄ 2026-11-29/b\n");
  EXPECT_EQ(ev[0]["a"], "2026-11-28/B");
  EXPECT_EQ(ev[0]["b"], "2026-11-29/B");
  EXPECT_EQ(ev[0]["message"], "family");
  EXPECT_EQ(last_commit(), "rota: swap " + id + " — 2026-11-28/B and 2026-11-29/b by dev1\n");
  auto show = hc({"rota", "show", "--from", "2026-11-28", "--days", "2"});
  EXPECT_EQ(show.out, "DAY             A 06:00–14:00  B 14:00–22:00  C 22:00–06:00\n"
                      "2026-11-28 Sat  dev3           dev2~          dev2\n"
                      "2026-11-29 Sun  dev1           dev1~          dev3\n" + k_legend);
  auto listed = js({"rota", "overrides"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["kind"], "swap");
  EXPECT_EQ(listed[0]["a"], "2026-11-28/B");
  EXPECT_EQ(listed[0]["b"], "2026-11-29/B");
  auto j = js({"rota", "show", "--from", "2026-11-28", "--days", "1"});
  EXPECT_EQ(j[1]["member"], "dev2");
  EXPECT_EQ(j[1]["swap_id"], id);
  // 2026-11-28: dev2 now works B and C back to back.
  auto check = hc({"rota", "check", "--from", "2026-11-28", "--days", "2"});
  EXPECT_EXIT_CODE(check, 1);
  EXPECT_NE(check.out.find("rest"), std::string::npos) << check.describe();

  EXPECT_EXIT_CODE(hc({"rota", "swap", "2026-11-28/C", "2026-11-30/A"}), 65);  // both dev2's
  EXPECT_EXIT_CODE(hc({"rota", "swap", "2026-11-28/A", "2026-11-28/A"}), 64);
  EXPECT_EXIT_CODE(hc({"rota", "swap", "2026-11-28/Z", "2026-11-28/A"}), 64);
  EXPECT_EXIT_CODE(hc({"rota", "swap", "2026-11-28", "2026-11-28/A"}), 64);
  EXPECT_EQ(changes().size(), 1u);
  EXPECT_EQ(js({"rota", "cancel", id})["cancelled"], id);
  EXPECT_EQ(js({"rota", "show", "--from", "2026-11-28", "--days", "1"})[1]["member"], "dev1");
  EXPECT_EXIT_CODE(hc({"rota", "check", "--from", "2026-11-28", "--days", "2"}), 0);
}

TEST_F(CliRota, CheckIsCleanForTheSeedAndExitsOneOnAGap) {
  auto ok = hc({"rota", "check"});
  ASSERT_EXIT_CODE(ok, 0);
  EXPECT_EQ(ok.out, "✓ rota checked for 14 days from 2026-11-27: no gaps, overlaps, short rests, dangling changes or uneven spread\n");
  EXPECT_EQ(js({"rota", "check", "--days", "3"}), json::parse(R"({"from":"2026-11-27","days":3,"problems":[]})"));
  auto toml = slurp(ops / "rota.toml");
  auto pos = toml.find("start = \"14:00\"");
  ASSERT_NE(pos, std::string::npos);
  spit(ops / "rota.toml", toml.replace(pos, 15, "start = \"15:00\""));
  auto bad = hc({"rota", "check", "--days", "2"});
  EXPECT_EXIT_CODE(bad, 1);
  EXPECT_EQ(bad.out, "gap                nobody is on call from 2026-11-27 14:00 IST to 2026-11-27 15:00 IST (between slot A and slot B)\n"
                     "gap                nobody is on call from 2026-11-28 14:00 IST to 2026-11-28 15:00 IST (between slot A and slot B)\n");
  EXPECT_EQ(bad.err, "hypercare: 2 rota problem(s)\n");
  auto j = js({"rota", "check", "--days", "1"}, {}, 1);
  ASSERT_EQ(j["problems"].size(), 1u);
  EXPECT_EQ(j["problems"][0]["kind"], "gap");
  EXPECT_EQ(j["problems"][0]["at"], "2026-11-27T08:30:00Z");
  // In the gap nobody is on call: `rota now` answers "no" with exit 1.
  auto now = hc({"rota", "now", "--at", "2026-11-27 14:30"});
  EXPECT_EXIT_CODE(now, 1);
  EXPECT_EQ(now.out.rfind("Nobody is on call at Fri 2026-11-27 14:30 IST", 0), 0u) << now.out;
}

}  // namespace
