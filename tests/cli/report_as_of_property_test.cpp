// Property (issue 14): for random event histories — every event kind, priority changes, reopens,
// duplicates, false alarms — a report as of T is identical however many events later than T are
// appended, and identical between a clone that has those events and one that does not.
#include <ctime>
#include <random>

#include "harness.hpp"
#include "report_fixture.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

constexpr const char* k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string rfc(std::int64_t epoch) {
  std::time_t t = std::time_t(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct History {
  std::string id, priority, created;
  std::int64_t last = 0;  // the newest event's time
  bool resolved = false;
  std::vector<Event> events;
};

class ReportAsOfProperty : public CliTest {
 protected:
  std::mt19937 rng;
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

  // One more event on `h`, `gap` seconds or more after its last one; valid for its state.
  void add_event(History& h, std::int64_t at) {
    static const char* priorities[] = {"P1", "P2", "P3", "P4"};
    static const char* people[] = {"dev1", "dev2", "dev3", "lead"};
    h.last = at;
    auto ts = rfc(at);
    if (h.resolved) {
      if (pick(3) == 0) h.events.push_back({ts, "note", R"("message":"after")"});
      else {
        h.events.push_back({ts, "reopened", R"("message":"back")"});
        h.resolved = false;
      }
      return;
    }
    switch (pick(8)) {
      case 0: h.events.push_back({ts, "acknowledged", ""}); break;
      case 1: h.events.push_back({ts, "status", R"("status":"identified")"}); break;
      case 2: h.events.push_back({ts, "priority", fmt::format(R"("priority":"{}")", priorities[pick(4)])}); break;
      case 3:
        h.events.push_back({ts, "escalated", fmt::format(R"("level":{},"to":"{}","due":{})", 1 + pick(3), people[pick(4)],
                                                         pick(2) ? "true" : "false")});
        break;
      case 4: h.events.push_back({ts, "note", R"("message":"looking")"}); break;
      default: {
        int kind = pick(6);
        std::string extra = k_resolved;
        if (kind == 0) extra += R"(,"kind":"false_alarm")";
        if (kind == 1) extra += R"(,"kind":"duplicate","duplicate_of":"INC-20261123-0000")";
        h.events.push_back({ts, "resolved", extra});
        h.resolved = true;
      }
    }
  }
  void write(const fs::path& dir, const History& h) { write_incident(dir, h.id, h.priority, h.created, "api", {"t"}, h.events); }
  std::string run(const fs::path& dir, const std::vector<std::string>& args) {
    std::vector<std::string> a{"-C", dir.string()};
    a.insert(a.end(), args.begin(), args.end());
    auto r = hc(a, {{"HYPERCARE_NOW", "2026-12-31T00:00:00Z"}, {"HYPERCARE_OPS", ""}});
    EXPECT_EXIT_CODE(r, 0);
    return r.out;
  }
};

TEST_F(ReportAsOfProperty, AReportAsOfTIgnoresEverythingLater) {
  init_ops(false);
  const std::int64_t window = 1795392000;  // 2026-11-23T00:00:00Z
  for (unsigned seed = 1; seed <= 12; ++seed) {
    rng.seed(seed);
    auto a = root / fmt::format("a{}", seed), b = root / fmt::format("b{}", seed);
    fs::copy(ops, a, fs::copy_options::recursive);
    // As of T, somewhere in the window; every history is written up to T into both clones.
    const std::int64_t t = window + 3600 * (24 + pick(72));
    std::vector<History> all;
    for (int i = 0; i < 12; ++i) {
      History h;
      std::int64_t created = window + 60 * pick(int((t - window) / 60));
      h.id = fmt::format("INC-{}-{}{}{}{}", "20261123", k_alphabet[i % 32], k_alphabet[seed % 32], k_alphabet[pick(32)], 'Q');
      h.priority = fmt::format("P{}", 1 + pick(4));
      h.created = rfc(created);
      h.last = created;
      for (int n = pick(7); n > 0; --n) {
        auto at = h.last + 60 * (1 + pick(240));
        if (at >= t) break;
        add_event(h, at);
      }
      all.push_back(std::move(h));
    }
    for (const auto& h : all) write(a, h);
    const std::string as_of = rfc(t - 1);  // events at T - 1 count, events from T on do not
    const std::string day = rfc(t - 1).substr(0, 10);
    const std::vector<std::vector<std::string>> reports = {
        {"report", "summary", "--json", "--as-of", as_of},
        {"report", "summary", "--as-of", as_of},
        {"report", "daily", "--date", day, "--json", "--as-of", as_of},
        {"report", "bau", "--json", "--as-of", as_of}};
    std::vector<std::string> before;
    for (const auto& r : reports) before.push_back(run(a, r));

    // Clone b: the same histories plus events from T on, and incidents created after T.
    fs::copy(ops, b, fs::copy_options::recursive);
    for (auto h : all) {
      for (int n = 1 + pick(5); n > 0; --n) add_event(h, std::max(h.last, t) + 60 * pick(600));
      write(b, h);
    }
    for (int i = 0; i < 3; ++i) {
      History late;
      late.id = fmt::format("INC-20261123-Z{}{}{}", k_alphabet[seed % 32], k_alphabet[i], 'Y');
      late.priority = "P1";
      late.created = rfc(t + 60 * pick(600));
      write(b, late);
    }
    for (std::size_t i = 0; i < reports.size(); ++i) {
      EXPECT_EQ(run(b, reports[i]), before[i]) << "seed " << seed << ": " << fmt::format("{}", fmt::join(reports[i], " "));
      EXPECT_EQ(run(a, reports[i]), before[i]) << "seed " << seed << " again on the clone without the later events";
    }
    if (HasFailure()) break;
  }
}

}  // namespace
