// `handover new` and `handover show`: the document written from a fixed scenario (golden
// Markdown), "what changed" with and without a previous handover, without a rota, bad input.
#include "handover_fixture.hpp"

namespace hctest {
namespace {

const fs::path k_golden = fs::path(HYPERCARE_CLI_TEST_DIR) / "golden" / "handover_new.md";

class HandoverNewTest : public HandoverTest {};

TEST_F(HandoverNewTest, WritesTheDocumentFromTheDataInTheSeedsOrder) {
  init_ops();
  scenario();
  auto id = new_handover({"--watch", "api-health keeps failing: HTTP 502 from the gateway", "--scheduled",
                          "02:00 DB backup verification", "--note", "Vendor ticket 4711 is open for the gateway certificate."},
                         k_handover_now);
  // The document is derived from the record, rendered on `show`: no .md in git to conflict on.
  EXPECT_FALSE(fs::exists(markdown_of(id)));
  auto document = masked(document_of(id));
  if (::getenv("HYPERCARE_UPDATE_GOLDEN")) spit(k_golden, document);
  EXPECT_EQ(document, slurp(k_golden)) << "regenerate with HYPERCARE_UPDATE_GOLDEN=1 after checking the difference";

  // show renders the same document from the log.
  auto shown = hc({"handover", "show", id.substr(id.size() - 4)}, at("2026-11-28T03:00:00Z"));
  ASSERT_EXIT_CODE(shown, 0);
  EXPECT_EQ(masked(shown.out), document);
  auto latest = hc({"handover", "show", "latest", "--format", "md"});
  EXPECT_EQ(latest.out, shown.out);

  // The log holds the computed snapshot, so the document is auditable.
  auto events = parse_every_line(log_of(id));
  ASSERT_EQ(events.size(), 1u);
  const auto& e = events[0];
  EXPECT_EQ(e["type"], "created");
  EXPECT_EQ(e["from"], "dev3");
  EXPECT_EQ(e["to"], "dev1");
  EXPECT_EQ(e["shift_start"], "2026-11-27T08:30:00Z");
  EXPECT_EQ(e["shift_end"], "2026-11-27T16:30:00Z");
  EXPECT_EQ(e["scheduled"][0]["at"], "2026-11-27T20:30:00Z");
  EXPECT_EQ(e["snapshot"]["health"]["overall"], "RED");
  EXPECT_EQ(e["snapshot"]["counts"]["open"], 3);
  EXPECT_EQ(e["snapshot"]["counts"]["pending"], 4);

  // The record is committed; no derived document is.
  auto log = git({"log", "-1", "--name-only", "--format=%s"});
  EXPECT_NE(log.out.find("handover " + id + ": dev3 → dev1 by dev1"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("handovers/2026-11/" + id + ".jsonl"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find("handovers/2026-11/" + id + ".md"), std::string::npos) << log.out;
}

TEST_F(HandoverNewTest, ShowsJsonAndSaysWhatWasWritten) {
  init_ops();
  scenario();
  auto r = hc({"handover", "new"}, at(k_handover_now));
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("dev3 → dev1 at 2026-11-27 21:45 IST"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 open incident(s) · 4 pending · services RED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dev1 signs off with: hypercare handover accept"), std::string::npos) << r.out;
  auto show = hc({"handover", "show", "--json"});
  ASSERT_EXIT_CODE(show, 0);
  auto j = nlohmann::json::parse(show.out);
  EXPECT_EQ(j["from"], "dev3");
  EXPECT_EQ(j["accepted"], false);
  EXPECT_EQ(j["unconfirmed_count"], 4);
  EXPECT_EQ(j["snapshot"]["pending"]["unacknowledged"][0]["id"], "INC-20261127-P2BB");
  EXPECT_EQ(j["snapshot"]["pending"]["hotfixes"][0]["id"], "HF-20261127-HF02");
  auto same = hc({"handover", "show", "--format", "json"});
  EXPECT_EQ(same.out, show.out);
  auto bad = hc({"handover", "show", "--format", "html"});
  EXPECT_EXIT_CODE(bad, 64);
  // -q: only the id, for scripts.
  auto quiet = hc({"handover", "new", "-q", "--replace"}, at(k_handover_now));
  ASSERT_EXIT_CODE(quiet, 0);
  EXPECT_TRUE(std::regex_match(quiet.out, std::regex("HO-20261127-[0-9A-Z]{4}\n"))) << quiet.out;
}

TEST_F(HandoverNewTest, ChangesRunFromTheShiftStartWithoutAPreviousHandover) {
  init_ops();
  scenario();
  auto id = new_handover({}, k_handover_now);
  auto doc = document_of(id);
  EXPECT_NE(doc.find("Since the shift started at 14:00:"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- Resolved INC-20261126-P3CC P3 \"Slow farm reports\" at 15:30"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- Hotfix HF-20261127-HF01 odoo 2.3.1: deployed at 16:36"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- Recovered: check celery-queue (celery-worker) at 17:30"), std::string::npos) << doc;
}

TEST_F(HandoverNewTest, ChangesRunFromThePreviousHandover) {
  init_ops();
  scenario();
  // 17:00 IST: the handover of the 14:00 change (dev2 → dev3), written late.
  auto first = new_handover({}, "2026-11-27T11:30:00Z");
  auto j = nlohmann::json::parse(hc({"handover", "show", first, "--json"}).out);
  EXPECT_EQ(j["from"], "dev2");
  EXPECT_EQ(j["to"], "dev3");
  auto second = new_handover({}, k_handover_now);
  auto doc = document_of(second);
  EXPECT_NE(doc.find("Since the previous handover " + first + " at 17:00:"), std::string::npos) << doc;
  EXPECT_EQ(doc.find("Resolved INC-20261126-P3CC"), std::string::npos) << doc;  // 15:30, before it
  EXPECT_EQ(doc.find("HF-20261127-HF01 odoo 2.3.1: deployed"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- Opened INC-20261127-P1AA P1 \"Payment gateway returns 502\" at 20:30"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- Escalated INC-20261127-P1AA P1 \"Payment gateway returns 502\" to level 1 (dev1) at 20:50"),
            std::string::npos)
      << doc;
  EXPECT_NE(doc.find("- Went red: check api-health (api) fail at 17:30 — HTTP 502"), std::string::npos) << doc;
  EXPECT_NE(doc.find("- Hotfix HF-20261127-HF02 api 1.4.2: failed (its rollback failed too) at 18:42"), std::string::npos)
      << doc;

  // Written again for the same change (replacing the draft): still counted from the handover before it.
  auto third = new_handover({"--replace"}, "2026-11-27T16:20:00Z");
  EXPECT_NE(document_of(third).find("Since the previous handover " + first), std::string::npos);
}

TEST_F(HandoverNewTest, WithoutARotaTheIncomingEngineerMustBeNamed) {
  init_ops();
  fs::remove(ops / "rota.toml");
  auto r = hc({"handover", "new"}, at(k_handover_now));
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("there is no rota.toml to say who takes over: name them with --to WHO"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: hypercare handover new --to NAME"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(ops / "handovers"));

  auto id = new_handover({"--to", "support-team"}, k_handover_now);
  auto j = nlohmann::json::parse(hc({"handover", "show", id, "--json"}).out);
  EXPECT_EQ(j["from"], "dev1");  // the actor
  EXPECT_EQ(j["to"], "support-team");
  EXPECT_EQ(j["shift"]["start"], "2026-11-27T08:15:00Z");  // 8 hours back
  EXPECT_NE(document_of(id).find("Since the shift started at 13:45:"), std::string::npos);
}

TEST_F(HandoverNewTest, BadInputWritesNothing) {
  init_ops();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--to", "dev9"}, "--to: 'dev9' is not on the rota (rota.toml knows dev1, dev2, dev3, lead)"},
      {{"--from", "dev1", "--to", "dev1"}, "dev1 would hand over to themselves"},
      {{"--scheduled", "later restart workers"}, "--scheduled 'later restart workers': it must start with a time"},
      {{"--scheduled", "25:00 restart workers"}, "--scheduled '25:00 restart workers'"},
      {{"--scheduled", "02:00"}, "say what is scheduled after the time"},
      {{"--note", ""}, "--note: the note is empty"},
      {{"--watch", " "}, "--watch: the text is empty"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"handover", "new"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = hc(args, at(k_handover_now));
    EXPECT_EXIT_CODE(r, 64);
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(ops / "handovers"));
}

TEST_F(HandoverNewTest, NoteDashReadsStandardInput) {
  init_ops();
  auto id = new_handover({"--note", "-", "--note", "second note"}, k_handover_now, "first line\nsecond line\n");
  auto j = nlohmann::json::parse(hc({"handover", "show", id, "--json"}).out);
  EXPECT_EQ(j["notes"], nlohmann::json({"first line\nsecond line", "second note"}));
  auto doc = document_of(id);
  EXPECT_NE(doc.find("### Notes for Next Shift\nfirst line\nsecond line\n\nsecond note\n"), std::string::npos) << doc;
}

TEST_F(HandoverNewTest, NeverPromptsWithoutATerminal) {
  init_ops();
  // stdin is a pipe that is already at its end: --edit refuses at once, nothing is written.
  auto r = hc({"handover", "new", "--edit"}, at(k_handover_now));
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("--edit needs a terminal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: give the text with flags instead"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(ops / "handovers"));
  // Without --edit everything comes from flags, with stdin at its end.
  auto ok = hc({"handover", "new", "--note", "all quiet"}, at(k_handover_now));
  EXPECT_EXIT_CODE(ok, 0);
}

}  // namespace
}  // namespace hctest

namespace hctest {
namespace {

TEST_F(HandoverNewTest, AMalformedRecordIsBadDataAndDoctorNamesIt) {
  init_ops();
  auto id = new_handover({}, k_handover_now);
  append_bytes(log_of(id), "{\"v\":1,\"id\":\"01ZZ\",\"ts\":\"2026-11-27T16:20:00Z\",\"type\":\"accepted\",\"confirmed\":[\"coffee\"]}\n");
  auto show = hc({"handover", "show", id});
  EXPECT_EXIT_CODE(show, 65);
  EXPECT_NE(show.err.find(id + ".jsonl:2: unknown checklist item 'coffee'"), std::string::npos) << show.err;
  auto doctor = hc({"doctor"});
  EXPECT_EXIT_CODE(doctor, 1);
  EXPECT_NE(doctor.out.find("handovers/2026-11/" + id + ".jsonl:2: unknown checklist item 'coffee'"), std::string::npos)
      << doctor.out << doctor.err;
}

}  // namespace
}  // namespace hctest
