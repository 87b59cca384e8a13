// `hypercare kickoff`: the go-live readiness gate — what it verifies on its own (channels answered
// a test, rota and contacts, escalation chain, alert rules, checks, runbooks, a watcher), the
// [kickoff] items people confirm (committed, merged across clones), `--check`, and `status`.
#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

constexpr const char* k_before = "2026-11-21T10:00:00Z";  // two days before the example's window

class Kickoff : public NotifyCliTest {
 protected:
  json readiness(const std::string& now, int exit = 0) const {
    auto r = hc({"kickoff", "--json"}, {{"HYPERCARE_NOW", now}});
    EXPECT_EXIT_CODE(r, exit);
    return json::parse(r.out, nullptr, false);
  }
  static json item(const json& readiness, const std::string& id) {
    for (const auto& i : readiness["items"])
      if (i["id"] == id) return i;
    ADD_FAILURE() << "no item " << id << " in " << readiness.dump(2);
    return json::object();
  }
  std::size_t events_of(const std::string& type) const {
    std::size_t n = 0;
    if (fs::exists(ops / "kickoff" / "events.jsonl"))
      for (const auto& e : parse_every_line(ops / "kickoff" / "events.jsonl")) n += e["type"] == type;
    return n;
  }

  // A small ops dir where everything can be made ready: three engineers and a lead with contacts,
  // one Slack channel on `fake`, one check that passes, one valid rule file, one runbook.
  void small_ops(const FakeEndpoint& fake) {
    fs::create_directories(ops / "alerts");
    fs::create_directories(ops / "runbooks");
    spit(ops / "hypercare.toml",
         "[team]\nname = \"Small\"\ntimezone = \"UTC\"\n[hypercare]\nstart = 2026-12-01\ndays = 2\n"
         "[kickoff]\nitems = [{ id = \"war-room\", text = \"War room established\" }]\n" +
             slack_channel());
    spit(ops / "rota.toml",
         "timezone = \"UTC\"\nstart = 2026-12-01\nmin_rest = \"8h\"\n"
         "[lead]\nid = \"lead\"\nemail = \"lead@example.com\"\n"
         "[[member]]\nid = \"dev1\"\nemail = \"dev1@example.com\"\n[[member]]\nid = \"dev2\"\nslack = \"U0DEV2ABC\"\n"
         "[[member]]\nid = \"dev3\"\nphone = \"+15550100\"\n"
         "[[slot]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n[[slot]]\nname = \"B\"\nstart = \"14:00\"\nend = \"22:00\"\n"
         "[[slot]]\nname = \"C\"\nstart = \"22:00\"\nend = \"06:00\"\n");
    spit(ops / "checks.toml", "[[check]]\nname = \"always\"\nkind = \"command\"\nservice = \"app\"\ncommand = \"true\"\n");
    spit(ops / "alerts" / "rules.yaml",
         "groups:\n- name: app\n  rules:\n  - alert: AppDown\n    expr: up == 0\n    for: 1m\n    labels:\n      severity: critical\n");
    spit(ops / "runbooks" / "app-down.md", "# App down\n\nRestart it.\n");
    point_at(fake);
    ASSERT_EQ(git({"init", "-q"}).exit, 0);
    git({"add", "-A"});
    git({"commit", "-qm", "small ops dir"});
  }
};

TEST_F(Kickoff, AFreshExampleSaysWhatIsMissingAndCheckFails) {
  init_ops(true);
  auto r = readiness(k_before);
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["total"], 18) << r.dump(2);  // 7 verified + the example's 11 [kickoff] items
  EXPECT_EQ(r["complete"], false);
  EXPECT_EQ(r["from"], "2026-11-23");
  EXPECT_EQ(r["days"], 5);
  std::vector<std::string> ids;
  for (const auto& i : r["items"]) ids.push_back(i["id"]);
  EXPECT_EQ(std::vector<std::string>(ids.begin(), ids.begin() + 8),
            (std::vector<std::string>{"channels", "rota", "escalation", "alerts", "checks", "runbooks", "watcher", "war-room"}));
  // The example's channels are commented out; nothing has run; there is no runbooks/ directory.
  EXPECT_EQ(item(r, "channels")["ready"], false);
  EXPECT_NE(item(r, "channels")["hint"].get<std::string>().find("[[notify.channel]]"), std::string::npos);
  EXPECT_EQ(item(r, "checks")["ready"], false);
  EXPECT_EQ(item(r, "checks")["details"][0], "ops-disk: no result yet");
  EXPECT_EQ(item(r, "watcher")["ready"], false);
  EXPECT_EQ(item(r, "runbooks")["ready"], false);
  // What is there passes: the seed's rota with its three engineers and lead, and its alert rules.
  EXPECT_EQ(item(r, "rota")["ready"], true) << item(r, "rota").dump(2);
  EXPECT_EQ(item(r, "escalation")["ready"], true) << item(r, "escalation").dump(2);
  EXPECT_EQ(item(r, "alerts")["ready"], true) << item(r, "alerts").dump(2);
  EXPECT_EQ(item(r, "war-room")["how"], "confirmed");
  EXPECT_EQ(item(r, "war-room")["hint"], "hypercare kickoff confirm war-room");
  EXPECT_EQ(r["ready"], 3);

  auto text = hc({"kickoff"}, {{"HYPERCARE_NOW", k_before}});
  EXPECT_EXIT_CODE(text, 0);  // without --check it only shows
  for (const char* s : {"go-live readiness: 3 of 18 ready", "Verified by hypercare", "Confirmed by the team",
                        "✗ war-room         War room established (virtual/physical)",
                        "→ once done: hypercare kickoff confirm ITEM… (e.g. hypercare kickoff confirm war-room)",
                        "ops-disk: no result yet", "15 items not ready."})
    EXPECT_NE(text.out.find(s), std::string::npos) << s << "\n" << text.out;
  auto check = hc({"kickoff", "--check"}, {{"HYPERCARE_NOW", k_before}});
  EXPECT_EXIT_CODE(check, 1);
  EXPECT_EQ(check.err, "hypercare: kickoff: 3 of 18 ready\n");

  // A rota that leaves a gap and a member nobody can reach: both named, with the command.
  append_bytes(ops / "rota.toml", "\n[[override]]\n");  // not a rota key: the rota does not load
  auto broken = readiness(k_before);
  EXPECT_EQ(item(broken, "rota")["ready"], false);
  EXPECT_NE(item(broken, "rota")["details"][0].get<std::string>().find("rota.toml"), std::string::npos) << broken.dump(2);
  // So does a checks.toml that does not load: the other items are still judged.
  append_bytes(ops / "checks.toml", "\n[[check]]\nname = \"x\"\nkind = \"nope\"\n");
  auto no_checks = readiness(k_before);
  EXPECT_EQ(item(no_checks, "checks")["ready"], false);
  EXPECT_NE(item(no_checks, "checks")["details"][0].get<std::string>().find("checks.toml:"), std::string::npos) << no_checks.dump(2);
  EXPECT_EQ(item(no_checks, "checks")["hint"], "hypercare doctor");
  EXPECT_EQ(item(no_checks, "alerts")["ready"], true);
}

TEST_F(Kickoff, ConfirmRecordsWhoWhenAndANoteCommittedAndUndoTakesItBack) {
  init_ops(true);
  auto r = hc({"kickoff", "confirm", "war-room", "vpn", "-m", "room 4.12, bridge line in the channel topic"},
              {{"HYPERCARE_NOW", k_before}});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("✓ war-room confirmed: War room established (virtual/physical)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kickoff: 5 of 18 ready (hypercare kickoff shows the rest)"), std::string::npos) << r.out;
  EXPECT_EQ(git({"status", "--porcelain"}).out, "") << "committed";
  EXPECT_EQ(git({"log", "-1", "--format=%s"}).out, "kickoff: war-room, vpn confirmed by dev1\n");
  auto events = parse_every_line(ops / "kickoff" / "events.jsonl");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "confirmed");
  EXPECT_EQ(events[0]["actor"], "dev1");

  auto w = item(readiness(k_before), "war-room");
  EXPECT_EQ(w["ready"], true);
  EXPECT_EQ(w["confirmed"]["by"], "dev1");
  EXPECT_EQ(w["confirmed"]["at"], k_before);
  EXPECT_EQ(w["confirmed"]["note"], "room 4.12, bridge line in the channel topic");
  auto text = hc({"kickoff"}, {{"HYPERCARE_NOW", "2026-11-21T12:00:00Z"}});
  EXPECT_NE(text.out.find("confirmed by dev1 at 2026-11-21 15:30 (2h ago): room 4.12"), std::string::npos) << text.out;

  auto undo = hc({"kickoff", "confirm", "--undo", "vpn"}, {{"HYPERCARE_NOW", k_before}});
  EXPECT_EXIT_CODE(undo, 0);
  EXPECT_NE(undo.out.find("✓ vpn withdrawn"), std::string::npos) << undo.out;
  EXPECT_EQ(item(readiness(k_before), "vpn")["ready"], false);
  EXPECT_EQ(item(readiness(k_before), "war-room")["ready"], true);

  // Wrong items: a typo gets the closest; a verified item cannot be confirmed by hand; nothing written.
  auto before = slurp(ops / "kickoff" / "events.jsonl");
  auto typo = hc({"kickoff", "confirm", "war-rom"});
  EXPECT_EXIT_CODE(typo, 66);
  EXPECT_NE(typo.err.find("no kickoff item 'war-rom' (did you mean 'war-room'?)"), std::string::npos) << typo.err;
  auto verified = hc({"kickoff", "confirm", "faq", "rota"});
  EXPECT_EXIT_CODE(verified, 64);
  EXPECT_NE(verified.err.find("'rota' is verified by hypercare, not confirmed by hand"), std::string::npos) << verified.err;
  EXPECT_EQ(slurp(ops / "kickoff" / "events.jsonl"), before);
  auto stranger = hc({"kickoff", "confirm", "faq", "--as", "mallory"});
  EXPECT_EXIT_CODE(stranger, 64);
  EXPECT_EQ(slurp(ops / "kickoff" / "events.jsonl"), before);
}

TEST_F(Kickoff, ConfirmationsFromTwoClonesBothStandAfterAMerge) {
  init_ops(true);
  auto other = root / "other";
  ASSERT_EQ(run({"git", "clone", "-q", ops.string(), other.string()}, env).exit, 0);
  EXPECT_EXIT_CODE(hc({"-C", other.string(), "kickoff", "confirm", "vpn"}, {{"HYPERCARE_USER", "dev2"}}), 0);
  EXPECT_EXIT_CODE(hc({"kickoff", "confirm", "war-room"}), 0);
  auto pull = git({"pull", "-q", "--no-rebase", "--no-edit", other.string(), "HEAD"});
  ASSERT_EQ(pull.exit, 0) << pull.describe();
  auto r = readiness(k_before);
  EXPECT_EQ(item(r, "vpn")["confirmed"]["by"], "dev2");
  EXPECT_EQ(item(r, "war-room")["confirmed"]["by"], "dev1");
  EXPECT_EXIT_CODE(hc({"doctor"}), 0);
}

TEST_F(Kickoff, EverythingReadyAfterATestTheChecksAWatcherRoundAndTheConfirmation) {
  FakeEndpoint fake;
  small_ops(fake);
  const Env at{{"HYPERCARE_NOW", "2026-11-30T09:00:00Z"}};
  auto r = readiness(at.at("HYPERCARE_NOW"));
  EXPECT_EQ(r["ready"], 4) << r.dump(2);  // rota, escalation, alerts, runbooks
  EXPECT_EQ(item(r, "runbooks")["details"][0], "runbooks/ holds 1 file");

  ASSERT_EXIT_CODE(hc({"notify", "test", "hypercare-slack"}, at), 0);
  EXPECT_EQ(events_of("channel_tested"), 1u);
  ASSERT_EXIT_CODE(hc({"health-check"}, at), 0);
  ASSERT_EXIT_CODE(hc({"watch", "--once"}, at), 0);
  ASSERT_EXIT_CODE(hc({"watch", "--once"}, {{"HYPERCARE_NOW", "2026-11-30T10:00:00Z"}}), 0);
  EXPECT_EQ(events_of("watcher_seen"), 1u) << "once a day, not every round";
  EXPECT_EQ(git({"log", "--format=%s", "--", "kickoff"}).out.find("kickoff: a watcher ran on "), 0u);

  auto status = hc({"status"}, at);
  EXPECT_NE(status.out.find("hypercare starts 2026-12-01, in 15h (2 days) (kickoff: 7/8 ready)"), std::string::npos)
      << status.out;
  ASSERT_EXIT_CODE(hc({"kickoff", "confirm", "war-room"}, at), 0);
  auto done = hc({"kickoff", "--check"}, at);
  EXPECT_EXIT_CODE(done, 0);
  EXPECT_NE(done.out.find("Ready for go-live."), std::string::npos) << done.out;
  r = readiness(at.at("HYPERCARE_NOW"));
  EXPECT_EQ(r["complete"], true);
  EXPECT_NE(item(r, "channels")["details"][0].get<std::string>().find("hypercare-slack: answered a test"), std::string::npos);
  EXPECT_NE(item(r, "watcher")["details"][0].get<std::string>().find("`hypercare watch` ran on "), std::string::npos);
  status = hc({"status", "--json"}, at);
  EXPECT_EQ(json::parse(status.out)["kickoff"], nullptr) << "complete: status says nothing more";
  EXPECT_EQ(hc({"status"}, at).out.find("kickoff"), std::string::npos);

  // A check that turns red, and a day without a watcher: not ready again, each saying why.
  spit(ops / "checks.toml", "[[check]]\nname = \"always\"\nkind = \"command\"\nservice = \"app\"\ncommand = \"false\"\n");
  const Env later{{"HYPERCARE_NOW", "2026-12-01T12:00:00Z"}};
  EXPECT_EXIT_CODE(hc({"health-check"}, later), 1);
  auto red = readiness(later.at("HYPERCARE_NOW"));
  EXPECT_EQ(item(red, "checks")["ready"], false);
  EXPECT_NE(item(red, "checks")["details"][0].get<std::string>().find("always: fail"), std::string::npos) << red.dump(2);
  EXPECT_EQ(item(red, "watcher")["ready"], false);
  auto during = hc({"status"}, later);
  EXPECT_NE(during.out.find("kickoff  6/8 ready (hypercare kickoff)"), std::string::npos) << during.out;
  EXPECT_EQ(hc({"status"}, {{"HYPERCARE_NOW", "2026-12-05T12:00:00Z"}}).out.find("kickoff"), std::string::npos)
      << "a window that ended needs no kickoff";
}

TEST_F(Kickoff, ItemsInHypercareTomlAreCheckedWithFileLineAndKey) {
  init_ops(true);
  auto text = slurp(ops / "hypercare.toml");
  auto with = [&](const std::string& items) {
    auto t = text;
    auto at = t.find("items = [");
    auto end = t.find("]\n", t.find("devices", at)) + 2;
    t.replace(at, end - at, items);
    spit(ops / "hypercare.toml", t);
    return hc({"kickoff"}, {{"HYPERCARE_NOW", k_before}});
  };
  auto dup = with("items = [{ id = \"vpn\", text = \"VPN\" },\n  { id = \"vpn\", text = \"VPN again\" }]\n");
  EXPECT_EXIT_CODE(dup, 78);
  EXPECT_NE(dup.err.find("hypercare.toml:"), std::string::npos) << dup.err;
  EXPECT_NE(dup.err.find("kickoff.items[1].id: 'vpn' is listed twice"), std::string::npos) << dup.err;
  auto doctor = hc({"doctor"});
  EXPECT_EXIT_CODE(doctor, 1);
  EXPECT_NE(doctor.out.find("'vpn' is listed twice"), std::string::npos) << doctor.out;
  auto reserved = with("items = [{ id = \"rota\", text = \"Shift schedule confirmed\" }]\n");
  EXPECT_EXIT_CODE(reserved, 78);
  EXPECT_NE(reserved.err.find("'rota' is checked by hypercare itself"), std::string::npos) << reserved.err;
  auto bad = with("items = [{ id = \"War Room\", text = \"x\" }]\n");
  EXPECT_EXIT_CODE(bad, 78);
  EXPECT_NE(bad.err.find("'War Room' is not an item id"), std::string::npos) << bad.err;
  auto unknown = with("items = [{ id = \"vpn\", txt = \"VPN\" }]\n");
  EXPECT_EXIT_CODE(unknown, 78);
  EXPECT_NE(unknown.err.find("txt"), std::string::npos) << unknown.err;
  EXPECT_EXIT_CODE(hc({"status"}, {{"HYPERCARE_NOW", k_before}}), 78) << "the config is broken: status says so";
}

}  // namespace
