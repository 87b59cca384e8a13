// `handover accept` and `handover list`: the incoming engineer's sign-off, item by item; someone
// else's handover only with --as; unknown and ambiguous ids.
#include "handover_fixture.hpp"

namespace hctest {
namespace {

class HandoverAcceptTest : public HandoverTest {
 protected:
  void SetUp() override {
    init_ops();
    id = new_handover({}, k_handover_now);  // dev3 → dev1
  }
  nlohmann::json shown() const {
    auto r = hc({"handover", "show", id, "--json"});
    EXPECT_EXIT_CODE(r, 0);
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  std::string id;
  const Env dev1 = {{"HYPERCARE_USER", "dev1"}, {"HYPERCARE_NOW", "2026-11-27T16:35:00Z"}};
};

TEST_F(HandoverAcceptTest, DefaultsToTheNewestHandoverAddressedToTheActor) {
  auto r = hc({"handover", "accept", "--all"}, dev1);
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find(id + ": accepted by dev1 · confirmed dashboards, tickets, contacts, access"), std::string::npos) << r.out;
  auto j = shown();
  EXPECT_EQ(j["accepted"], true);
  EXPECT_EQ(j["accepted_by"], "dev1");
  EXPECT_EQ(j["accepted_at"], "2026-11-27T16:35:00Z");
  EXPECT_EQ(j["as_other"], false);
  EXPECT_EQ(j["unconfirmed_count"], 0);
  auto doc = document_of(id);
  EXPECT_NE(doc.find("- [x] Monitoring dashboards reviewed\n- [x] Open tickets reviewed\n- [x] Escalation contacts confirmed\n"
                     "- [x] Access verified\n\nAccepted by dev1 at 2026-11-27 22:05 IST.\n"),
            std::string::npos)
      << doc;
  auto log = git({"log", "-1", "--name-only", "--format=%s"});
  EXPECT_NE(log.out.find("handover " + id + ": accepted by dev1 (4 of 4 confirmed)"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find(id + ".md"), std::string::npos) << "a derived document was committed: " << log.out;
  EXPECT_NE(log.out.find(id + ".jsonl"), std::string::npos) << log.out;

  // The same again changes nothing and writes nothing.
  auto before = slurp(log_of(id));
  auto again = hc({"handover", "accept", id.substr(id.size() - 4), "--all"}, dev1);
  EXPECT_EXIT_CODE(again, 0);
  EXPECT_NE(again.out.find("already accepted by dev1"), std::string::npos) << again.out;
  EXPECT_EQ(slurp(log_of(id)), before);
}

TEST_F(HandoverAcceptTest, UnconfirmedItemsStayVisibleUntilConfirmed) {
  auto r = hc({"handover", "accept", "--confirm", "dashboards,Tickets"}, dev1);
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("not confirmed yet: contacts, access"), std::string::npos) << r.out;
  auto j = shown();
  EXPECT_EQ(j["confirmed"], nlohmann::json({"dashboards", "tickets"}));
  EXPECT_EQ(j["unconfirmed"], nlohmann::json({"contacts", "access"}));
  auto doc = document_of(id);
  EXPECT_NE(doc.find("- [ ] Escalation contacts confirmed"), std::string::npos) << doc;
  EXPECT_NE(doc.find("Not confirmed yet: contacts, access"), std::string::npos) << doc;

  auto list = hc({"handover", "list"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_NE(list.out.find("2 (contacts, access)"), std::string::npos) << list.out;
  auto pending = nlohmann::json::parse(hc({"handover", "list", "--pending", "--json"}).out);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["unconfirmed_count"], 2);

  // Confirming the rest appends one more sign-off; the first acceptance stays the acceptance.
  auto rest = hc({"handover", "accept", "--confirm", "contacts", "--confirm", "access"}, dev1);
  ASSERT_EXIT_CODE(rest, 0);
  j = shown();
  EXPECT_EQ(j["unconfirmed_count"], 0);
  EXPECT_EQ(j["acceptances"].size(), 2u);
  EXPECT_NE(document_of(id).find("Accepted by dev1 at 2026-11-27 22:05 IST.\ndev1 confirmed contacts, access at "
                                        "2026-11-27 22:05 IST.\n"),
            std::string::npos)
      << document_of(id);
  EXPECT_EQ(nlohmann::json::parse(hc({"handover", "list", "--pending", "--json"}).out).size(), 0u);
}

TEST_F(HandoverAcceptTest, TheActorIsMatchedToTheRotaByName) {
  // git's user.name "Dev 1" is the rota's dev1.
  auto r = hc({"handover", "accept", "--all"}, {{"HYPERCARE_USER", "Dev 1"}});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(shown()["accepted_by"], "dev1");
  EXPECT_EQ(shown()["as_other"], false);
}

TEST_F(HandoverAcceptTest, PlainAcceptSignsOffWithNothingConfirmed) {
  auto r = hc({"handover", "accept"}, dev1);
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("not confirmed yet: dashboards, tickets, contacts, access"), std::string::npos) << r.out;
  EXPECT_EQ(shown()["accepted"], true);
}

TEST_F(HandoverAcceptTest, SomeoneElsesHandoverNeedsAs) {
  Env dev2 = {{"HYPERCARE_USER", "dev2"}};
  auto r = hc({"handover", "accept", id, "--all"}, dev2);
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find(id + " is addressed to dev1, not to dev2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: hypercare handover accept " + id + " --as dev2"), std::string::npos) << r.err;
  EXPECT_EQ(shown()["accepted"], false);

  // Without an id nothing is addressed to dev2: the hint names the newest handover.
  auto none = hc({"handover", "accept"}, dev2);
  EXPECT_EXIT_CODE(none, 66);
  EXPECT_NE(none.err.find("no handover is addressed to dev2"), std::string::npos) << none.err;

  auto as = hc({"handover", "accept", id, "--all", "--as", "lead"});
  ASSERT_EXIT_CODE(as, 0);
  EXPECT_NE(as.out.find("accepted by lead on behalf of dev1"), std::string::npos) << as.out;
  auto j = shown();
  EXPECT_EQ(j["accepted_by"], "lead");
  EXPECT_EQ(j["as_other"], true);
  auto events = parse_every_line(log_of(id));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["type"], "accepted");
  EXPECT_EQ(events[1]["by"], "lead");
  EXPECT_EQ(events[1]["as_other"], true);
  EXPECT_EQ(events[1]["actor"], "lead");
  EXPECT_NE(document_of(id).find("Accepted by lead on behalf of dev1"), std::string::npos);
}

TEST_F(HandoverAcceptTest, UnknownAndAmbiguousIdsAndItems) {
  auto unknown = hc({"handover", "accept", "ZZZZ"}, dev1);
  EXPECT_EXIT_CODE(unknown, 66);
  EXPECT_NE(unknown.err.find("no handover matches 'ZZZZ'"), std::string::npos) << unknown.err;
  auto show_unknown = hc({"handover", "show", "ZZZZ"});
  EXPECT_EXIT_CODE(show_unknown, 66);

  // Two handovers of the same day share the prefix HO-20261127 (another shift change's).
  new_handover({"--from", "dev2", "--to", "dev3", "--note", "again"}, "2026-11-27T16:20:00Z");
  auto ambiguous = hc({"handover", "accept", "HO-20261127"}, dev1);
  EXPECT_EXIT_CODE(ambiguous, 66);
  EXPECT_NE(ambiguous.err.find("'HO-20261127' is ambiguous: it matches"), std::string::npos) << ambiguous.err;

  auto item = hc({"handover", "accept", id, "--confirm", "coffee"}, dev1);
  EXPECT_EXIT_CODE(item, 64);
  EXPECT_NE(item.err.find("--confirm: unknown checklist item 'coffee'; the items are dashboards, tickets, contacts, access"),
            std::string::npos)
      << item.err;
  auto both = hc({"handover", "accept", id, "--all", "--confirm", "access"}, dev1);
  EXPECT_EXIT_CODE(both, 64);
  EXPECT_EQ(shown()["accepted"], false);
}

TEST_F(HandoverAcceptTest, ListShowsAcceptedAndPending) {
  ASSERT_EXIT_CODE(hc({"handover", "accept", "--all"}, dev1), 0);
  auto second = new_handover({"--from", "dev1", "--to", "dev2"}, "2026-11-28T00:20:00Z");
  auto r = hc({"handover", "list"}, at("2026-11-28T00:30:00Z"));
  ASSERT_EXIT_CODE(r, 0);
  auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_NE(lines[0].find("ID"), std::string::npos);
  EXPECT_NE(lines[0].find("UNCONFIRMED"), std::string::npos);
  EXPECT_NE(lines[1].find(second), std::string::npos);  // newest first
  EXPECT_NE(lines[1].find("pending"), std::string::npos);
  EXPECT_NE(lines[2].find(id), std::string::npos);
  EXPECT_NE(lines[2].find("dev1 2026-11-27 22:05"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(hc({"handover", "list", "--json", "--limit", "1"}).out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], second);
  EXPECT_EQ(j[0]["accepted"], false);
}

}  // namespace
}  // namespace hctest
