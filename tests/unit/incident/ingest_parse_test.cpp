// parse_alertmanager on payloads captured from a real Alertmanager 0.25 (tests/fixtures/
// alertmanager/, see its README.md), and on everything that must be refused before anything is
// written: cut short, oversized, not JSON, empty, another version, alerts without fingerprint.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "hypercare/incident/ingest.hpp"

namespace hypercare::incident {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(HYPERCARE_FIXTURES) + "/alertmanager/" + name, std::ios::binary);
  EXPECT_TRUE(f) << name;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

TimePoint at(const char* text) { return *core::parse_rfc3339(text); }

core::Error refused(std::string_view text) {
  auto p = parse_alertmanager(text, "payload.json");
  EXPECT_FALSE(p) << "accepted: " << text.substr(0, 200);
  if (p) return {};
  EXPECT_EQ(p.error().kind, core::ErrorKind::data) << p.error().message;
  EXPECT_TRUE(p.error().message.starts_with("payload.json")) << p.error().message;
  return p.error();
}

TEST(ParseAlertmanager, FiringCritical) {
  auto p = parse_alertmanager(fixture("firing_critical.json"), "firing_critical.json");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->receiver, "hypercare");
  EXPECT_EQ(p->status, "firing");
  EXPECT_EQ(p->group_key, "{}:{alertname=\"PaymentsApiDown\"}");
  EXPECT_EQ(p->external_url, "http://alertmanager.example:9093");
  EXPECT_EQ(p->truncated_alerts, 0);
  ASSERT_EQ(p->alerts.size(), 1u);
  const auto& a = p->alerts[0];
  EXPECT_TRUE(a.firing);
  EXPECT_EQ(a.fingerprint, "41f0e5838b3ae223");
  EXPECT_EQ(a.name(), "PaymentsApiDown");
  EXPECT_EQ(a.labels, (std::map<std::string, std::string>{{"alertname", "PaymentsApiDown"},
                                                          {"component", "api"},
                                                          {"env", "prod"},
                                                          {"instance", "payments-api-1.prod.internal:8080"},
                                                          {"job", "payments-api"},
                                                          {"service", "payments-api"},
                                                          {"severity", "critical"}}));
  EXPECT_EQ(a.annotations.at("summary"), "Payments API is down on payments-api-1");
  EXPECT_EQ(a.annotations.at("runbook_url"), "https://runbooks.example.com/payments-api-down");
  EXPECT_EQ(a.starts_at, at("2026-11-27T11:33:08Z"));
  EXPECT_FALSE(a.ends_at) << "Go's zero time 0001-01-01 means: not ended";
  // Go escapes & as \u0026: decoded.
  EXPECT_EQ(a.generator_url,
            "http://prometheus.example:9090/graph?g0.expr=up%7Bjob%3D%22payments-api%22%7D+%3D%3D+0&g0.tab=1");
}

TEST(ParseAlertmanager, AGroupOfThreeWithNanosecondTimes) {
  auto p = parse_alertmanager(fixture("firing_group.json"), "firing_group.json");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->alerts.size(), 3u);
  const char* fps[] = {"baf37153687c0ee9", "3088452175fc8292", "9f83d5b8c7c7f821"};
  const char* sev[] = {"warning", "high", "none"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(p->alerts[i].fingerprint, fps[i]);
    EXPECT_EQ(p->alerts[i].labels.at("severity"), sev[i]);
    EXPECT_TRUE(p->alerts[i].firing);
    EXPECT_EQ(p->alerts[i].annotations.at("description"), "p99 request latency has been > 2s for 10 minutes (SLO: < 800ms).");
    // 2026-11-27T11:36:08.338710385Z: sub-second digits of any length parse.
    EXPECT_EQ(std::chrono::floor<std::chrono::seconds>(p->alerts[i].starts_at), at("2026-11-27T11:36:08Z"));
  }
}

TEST(ParseAlertmanager, AResolvedAlertAndAMixedGroup) {
  auto r = parse_alertmanager(fixture("resolved_critical.json"), "resolved_critical.json");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, "resolved");
  ASSERT_EQ(r->alerts.size(), 1u);
  EXPECT_FALSE(r->alerts[0].firing);
  EXPECT_EQ(r->alerts[0].fingerprint, "41f0e5838b3ae223") << "the same label set, the same fingerprint";
  EXPECT_EQ(r->alerts[0].ends_at, at("2026-11-27T11:35:59Z"));

  auto m = parse_alertmanager(fixture("firing_group_partly_resolved.json"), "x");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->status, "firing") << "the group is firing while any alert is";
  ASSERT_EQ(m->alerts.size(), 3u);
  EXPECT_TRUE(m->alerts[0].firing);
  EXPECT_FALSE(m->alerts[1].firing);
  EXPECT_EQ(m->alerts[1].fingerprint, "3088452175fc8292");
  EXPECT_TRUE(m->alerts[2].firing);
}

TEST(ParseAlertmanager, SparseAlerts) {
  auto n = parse_alertmanager(fixture("firing_no_severity.json"), "x");
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_FALSE(n->alerts.at(0).labels.contains("severity"));
  EXPECT_FALSE(n->alerts.at(0).annotations.contains("summary"));
  auto b = parse_alertmanager(fixture("firing_bare.json"), "x");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->alerts.at(0).labels, (std::map<std::string, std::string>{{"alertname", "DiskPressure"}}));
  EXPECT_TRUE(b->alerts.at(0).annotations.empty());
  EXPECT_EQ(b->alerts.at(0).generator_url, "");
  EXPECT_EQ(b->alerts.at(0).fingerprint, "e6b697f13730ded2");
}

TEST(ParseAlertmanager, TruncatedPayloadsAreRefused) {
  std::string full = fixture("firing_group.json");
  // Every cut of a real payload is refused (not only the ones that break a string).
  for (std::size_t cut : {std::size_t(1), std::size_t(10), full.size() / 3, full.size() / 2, full.size() - 3})
    refused(std::string_view(full).substr(0, cut));
}

TEST(ParseAlertmanager, OversizedPayloadsAreRefusedBeforeParsing) {
  std::string big = fixture("firing_critical.json");
  big.insert(big.size() - 2, std::string(k_max_payload_bytes, ' '));
  auto e = refused(big);
  EXPECT_NE(e.message.find("at most 4194304 are accepted"), std::string::npos) << e.message;
}

TEST(ParseAlertmanager, ALargeGroupUnderTheCapIsAccepted) {
  // 3 200 alerts of ~700 bytes: over 2 MiB, as an alert storm of one group can be.
  std::string one = fixture("firing_critical.json");
  auto from = one.find("\"alerts\":[") + 10;
  auto to = one.find("],\"groupLabels\"");
  std::string alert = one.substr(from, to - from);
  std::string alerts;
  for (int i = 0; i < 3200; ++i) {
    std::string a = alert;
    a.replace(a.find("41f0e5838b3ae223"), 16, fmt::format("{:016x}", i));
    alerts += (i ? "," : "") + a;
  }
  std::string big = one.substr(0, from) + alerts + one.substr(to);
  ASSERT_GT(big.size(), 2u << 20);
  ASSERT_LT(big.size(), k_max_payload_bytes);
  auto p = parse_alertmanager(big, "storm.json");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->alerts.size(), 3200u);
  EXPECT_EQ(p->alerts.back().fingerprint, "0000000000000c7f");
}

TEST(ParseAlertmanager, NotJsonEmptyOrNotAnAlertmanagerPayload) {
  refused("<html>502 Bad Gateway</html>");
  EXPECT_EQ(refused("").message, "payload.json: the payload is empty");
  EXPECT_EQ(refused(" \n\t").message, "payload.json: the payload is empty");
  refused("[]");
  refused("\"4\"");
  EXPECT_EQ(refused(R"({"alerts":[]})").message, "payload.json: not an Alertmanager webhook payload: no \"version\"");
  // Deep nesting must not blow the stack.
  refused(std::string(100000, '[') + std::string(100000, ']'));
}

TEST(ParseAlertmanager, OnlyVersion4IsUnderstood) {
  std::string v3 = fixture("firing_critical.json");
  auto pos = v3.find("\"version\":\"4\"");
  ASSERT_NE(pos, std::string::npos);
  v3.replace(pos, 13, "\"version\":\"3\"");
  EXPECT_EQ(refused(v3).message, "payload.json: Alertmanager webhook version \"3\" is not supported (expected \"4\")");
  std::string numeric = fixture("firing_critical.json");
  numeric.replace(numeric.find("\"version\":\"4\""), 13, "\"version\":4");
  refused(numeric);
}

TEST(ParseAlertmanager, EveryAlertNeedsAFingerprintLabelsAndAStatus) {
  std::string base = fixture("firing_group.json");
  std::string no_fp = base;
  no_fp.replace(no_fp.find("\"fingerprint\":\"3088452175fc8292\""), 32, "\"fingerprint\":\"\"");
  EXPECT_EQ(refused(no_fp).message, "payload.json: alerts[1]: `fingerprint` is missing");
  std::string gone = base;
  gone.replace(gone.find(",\"fingerprint\":\"9f83d5b8c7c7f821\""), 33, "");
  EXPECT_EQ(refused(gone).message, "payload.json: alerts[2]: `fingerprint` is missing");
  std::string status = base;
  status.replace(status.find("{\"status\":\"firing\""), 18, "{\"status\":\"pending\"");
  EXPECT_EQ(refused(status).message, "payload.json: alerts[0]: `status` must be \"firing\" or \"resolved\"");
  std::string labels = base;
  labels.replace(labels.find("\"severity\":\"warning\""), 20, "\"severity\":7");
  EXPECT_EQ(refused(labels).message, "payload.json: alerts[0]: labels.severity must be a string");
  std::string times = base;
  const std::string starts = "\"startsAt\":\"2026-11-27T11:36:08.338710385Z\"";
  times.replace(times.find(starts), starts.size(), "\"startsAt\":\"yesterday\"");
  auto bad_time = refused(times).message;
  EXPECT_TRUE(bad_time.starts_with("payload.json: alerts[0]: startsAt:")) << bad_time;
  refused(R"({"version":"4","alerts":{}})");
  refused(R"({"version":"4","alerts":[42]})");
}

}  // namespace
}  // namespace hypercare::incident
