// hypercare_bench_gen — writes a synthetic ops directory for the performance benchmark
// (tests/bench/run.sh), and optionally the same workload as a taskwarrior import file.
//
//   hypercare_bench_gen --out DIR [--count N] [--seed S] [--end YYYY-MM-DD] [--days D]
//                       [--open-percent P] [--config hypercare.toml] [--tasks FILE]
//
// DIR receives incidents/YYYY-MM/INC-YYYYMMDD-XXXX.jsonl, one file per incident, in exactly the
// format hypercare itself writes: one JSON event per line, `created` first, later events carrying
// `origin`, timestamps strictly increasing. Incidents are spread over D days (default 730) ending
// at --end (default 2026-11-30); about P% (default 2) stay unresolved, the rest are resolved, and
// each has about 10 events. With --config, that file is copied to DIR/hypercare.toml with
// `autocommit = true` turned off. With --tasks, FILE receives N taskwarrior tasks (one JSON
// object per line, for `task import`) with the same open/closed split and ~3 annotations each.
//
// Deterministic for a given seed. No fsync: this is test data.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct Options {
  fs::path out;
  long count = 100000;
  std::uint64_t seed = 42;
  std::string end = "2026-11-30";
  long days = 730;
  double open_percent = 2.0;
  fs::path config;
  fs::path tasks;
};

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "hypercare_bench_gen: " << msg << "\n";
  std::exit(2);
}

void usage() {
  std::cerr << "usage: hypercare_bench_gen --out DIR [--count N] [--seed S] [--end YYYY-MM-DD]\n"
               "                           [--days D] [--open-percent P] [--config FILE] [--tasks FILE]\n";
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--out") o.out = value();
    else if (a == "--count") o.count = std::stol(value());
    else if (a == "--seed") o.seed = std::stoull(value());
    else if (a == "--end") o.end = value();
    else if (a == "--days") o.days = std::stol(value());
    else if (a == "--open-percent") o.open_percent = std::stod(value());
    else if (a == "--config") o.config = value();
    else if (a == "--tasks") o.tasks = value();
    else if (a == "-h" || a == "--help") {
      usage();
      std::exit(0);
    } else {
      usage();
      die("unknown argument " + a);
    }
  }
  if (o.out.empty()) {
    usage();
    die("--out is required");
  }
  if (o.count < 1 || o.days < 1) die("--count and --days must be positive");
  return o;
}

std::int64_t parse_date(const std::string& d) {
  std::tm tm{};
  if (std::sscanf(d.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) die("bad date " + d);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::int64_t(timegm(&tm));
}

std::tm utc(std::int64_t t) {
  std::time_t tt = std::time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

std::string rfc3339(std::int64_t t) {
  std::tm tm = utc(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// taskwarrior's compact ISO form: 20261127T030405Z
std::string tw_date(std::int64_t t) {
  std::tm tm = utc(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// JSON string literal; the generated text is ASCII, but escape properly anyway.
void json_str(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : m_rng(seed) {}
  std::uint64_t next() { return m_rng(); }
  long range(long lo, long hi) { return lo + long(next() % std::uint64_t(hi - lo + 1)); }
  bool chance(double p) { return double(next() % 1000000) < p * 1000000.0; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[next() % N]; }

  // Same layout as hypercare's core::new_event_id: 10 chars of ms time, 16 random chars.
  std::string event_id(std::int64_t t) {
    std::uint64_t ms = std::uint64_t(t) * 1000;
    std::string out(26, '0');
    for (int i = 9; i >= 0; --i) {
      out[std::size_t(i)] = k_alphabet[ms & 31];
      ms >>= 5;
    }
    std::uint64_t a = next(), b = next();
    for (int i = 10; i < 26; ++i) {
      std::uint64_t& src = i < 18 ? a : b;
      out[std::size_t(i)] = k_alphabet[src & 31];
      src >>= 5;
    }
    return out;
  }

  std::string uuid() {
    std::uint64_t a = next(), b = next();
    a = (a & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;   // version 4
    b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;   // variant 10
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(a >> 32), unsigned((a >> 16) & 0xFFFF),
                  unsigned(a & 0xFFFF), unsigned(b >> 48), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
    return buf;
  }

 private:
  std::mt19937_64 m_rng;
};

const char* const k_components[] = {"api", "web", "mobile", "billing", "auth", "db", "etl", "iot-gateway", "reports"};
const char* const k_people[] = {"dev1", "dev2", "dev3", "ops1", "ops2", "lead", "qa1", "dba"};
const char* const k_what[] = {"Milk collection sync fails", "Dashboard times out", "Login loop on mobile",
                              "Invoice totals off by one paisa", "Sensor readings delayed", "Report export empty",
                              "Payment webhook rejected", "Farmer app crashes on start", "Slow search on herd list",
                              "Nightly ETL did not finish"};
const char* const k_where[] = {"for Pune depot", "after deploy", "for some users", "on Android 12", "since 02:00",
                               "in the north region", "for chilling centre 7", "intermittently"};
const char* const k_tags[] = {"go-live", "data", "ux", "infra", "customer", "regression"};
const char* const k_notes[] = {
    "Checked the logs; errors started after the 02:00 batch.",
    "Rolled the canary back; watching error rate.",
    "Customer confirms the issue on their side.",
    "Found a slow query on the collections table; adding an index.",
    "Vendor ticket opened, waiting for reply.",
    "Reproduced on staging with the production data snapshot.",
    "Error rate back to baseline for 30 minutes.",
};
const char* const k_causes[] = {"missing index on collections(date)", "expired TLS certificate on gateway",
                                "race in the sync worker", "bad config pushed with release 1.4",
                                "upstream SMS provider outage"};
const char* const k_fixes[] = {"added the index and re-ran the sync", "renewed the certificate",
                               "hotfix 1.4.1 deployed", "reverted the config", "provider recovered; replayed queue"};
const char* const k_priorities[] = {"P1", "P2", "P3", "P4"};

struct Event {
  std::string line;
};

class IncidentWriter {
 public:
  IncidentWriter(Gen& g, std::string incident, std::string origin_id, std::int64_t created)
      : m_g(g), m_incident(std::move(incident)), m_origin(std::move(origin_id)), m_ts(created) {}

  std::string& buf() { return m_buf; }
  std::int64_t ts() const { return m_ts; }

  void created(const std::string& title, const std::string& priority, const std::string& component,
               const std::string& impact, const std::string& description, const std::string& assignee,
               const std::vector<std::string>& tags) {
    begin(m_origin, "created");
    field("incident", m_incident);
    field("title", title);
    field("priority", priority);
    field("component", component);
    field("impact", impact);
    field("description", description);
    field("assignee", assignee);
    m_buf += ",\"tags\":[";
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (i) m_buf += ',';
      json_str(m_buf, tags[i]);
    }
    m_buf += "]}\n";
  }

  // A later event: advances the clock, writes the common fields and `origin`; the caller adds
  // type-specific fields with field() and closes with end().
  void later(const char* type, long min_gap, long max_gap) {
    m_ts += m_g.range(min_gap, max_gap);
    begin(m_g.event_id(m_ts), type);
    field("origin", m_origin);
  }
  void field(const char* key, std::string_view value) {
    m_buf += ",\"";
    m_buf += key;
    m_buf += "\":";
    json_str(m_buf, value);
  }
  void end() { m_buf += "}\n"; }

 private:
  void begin(const std::string& id, const char* type) {
    m_buf += "{\"v\":1,\"id\":";
    json_str(m_buf, id);
    m_buf += ",\"ts\":\"";
    m_buf += rfc3339(m_ts);
    m_buf += "\",\"actor\":";
    json_str(m_buf, m_g.pick(k_people));
    m_buf += ",\"type\":";
    json_str(m_buf, type);
  }

  Gen& m_g;
  std::string m_incident, m_origin;
  std::int64_t m_ts;
  std::string m_buf;
};

void write_file(const fs::path& p, const std::string& data) {
  std::FILE* f = std::fopen(p.c_str(), "wbx");  // x: never overwrite (mirrors O_EXCL)
  if (!f) die(p.string() + ": " + std::strerror(errno));
  if (std::fwrite(data.data(), 1, data.size(), f) != data.size()) die(p.string() + ": short write");
  if (std::fclose(f) != 0) die(p.string() + ": " + std::strerror(errno));
}

void copy_config(const fs::path& from, const fs::path& to) {
  std::ifstream in(from);
  if (!in) die("cannot read " + from.string());
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    auto pos = line.find("autocommit");
    if (pos != std::string::npos && line.find_first_not_of(" \t") == pos) line = "autocommit = false";
    out << line << "\n";
  }
  std::ofstream o(to);
  o << out.str();
  if (!o) die("cannot write " + to.string());
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_args(argc, argv);
  Gen g(o.seed);
  fs::create_directories(o.out / "incidents");
  if (!o.config.empty()) copy_config(o.config, o.out / "hypercare.toml");

  std::FILE* tasks = nullptr;
  if (!o.tasks.empty()) {
    tasks = std::fopen(o.tasks.c_str(), "wb");
    if (!tasks) die(o.tasks.string() + ": " + std::strerror(errno));
  }

  const std::int64_t end = parse_date(o.end) + 86400 - 1;
  const std::int64_t span = std::int64_t(o.days) * 86400;
  std::unordered_set<std::string> used;
  std::unordered_set<std::string> dirs;
  long events = 0, open = 0;
  std::string task_line;

  for (long n = 0; n < o.count; ++n) {
    // Creation times are spread evenly (with jitter) over the span, so every month has incidents.
    std::int64_t created = end - span + (span * n) / o.count + g.range(0, std::max<std::int64_t>(1, span / o.count) - 1);
    // Keep a margin so the whole life of the incident ends before `end`.
    if (created > end - 3 * 86400) created = end - 3 * 86400 - g.range(0, 3600);
    std::tm tm = utc(created);
    char day[16], month[16];
    std::strftime(day, sizeof day, "%Y%m%d", &tm);
    std::strftime(month, sizeof month, "%Y-%m", &tm);
    std::string id;
    do {
      id = std::string("INC-") + day + "-";
      std::uint64_t r = g.next();
      for (int i = 0; i < 4; ++i) {
        id += k_alphabet[r & 31];
        r >>= 5;
      }
    } while (!used.insert(id).second);

    const bool is_open = g.chance(o.open_percent / 100.0);
    const std::string priority = k_priorities[g.range(0, 3)];
    const std::string component = g.pick(k_components);
    const std::string title = std::string(g.pick(k_what)) + " " + g.pick(k_where);
    std::vector<std::string> tags{g.pick(k_tags)};
    if (g.chance(0.3)) tags.emplace_back(g.pick(k_tags));
    if (tags.size() == 2 && tags[0] == tags[1]) tags.pop_back();

    IncidentWriter w(g, id, g.event_id(created), created);
    w.created(title, priority, component, "Users of " + component + " are affected",
              "Reported by the service desk; see the linked ticket.", g.pick(k_people), tags);
    long n_events = 1;
    auto note = [&] {
      w.later("note", 60, 1800);
      w.field("message", g.pick(k_notes));
      w.end();
      ++n_events;
    };
    auto status = [&](const char* s) {
      w.later("status", 60, 3600);
      w.field("status", s);
      w.field("message", g.pick(k_notes));
      w.end();
      ++n_events;
    };
    auto resolve = [&] {
      w.later("resolved", 300, 7200);
      w.field("root_cause", g.pick(k_causes));
      w.field("resolution", g.pick(k_fixes));
      w.end();
      ++n_events;
    };

    // A full life: created, acknowledged, investigating, note, assigned, identified, priority
    // change, note, monitoring, resolved (10 events); some are reopened and resolved again.
    w.later("acknowledged", 30, 900);
    w.end();
    ++n_events;
    status("investigating");
    note();
    w.later("assigned", 60, 1200);
    w.field("assignee", g.pick(k_people));
    w.end();
    ++n_events;
    status("identified");
    w.later("priority", 60, 1200);
    w.field("priority", k_priorities[g.range(0, 3)]);
    w.field("message", "re-assessed impact");
    w.end();
    ++n_events;
    if (is_open) {
      // Unresolved: stop somewhere in the middle, or get reopened after a resolution.
      switch (g.range(0, 2)) {
        case 0:
          note();
          status("monitoring");
          note();
          break;
        case 1:
          note();
          note();
          break;
        default:
          status("monitoring");
          resolve();
          w.later("reopened", 600, 7200);
          w.field("message", "the problem came back");
          w.end();
          ++n_events;
          break;
      }
      ++open;
    } else {
      note();
      status("monitoring");
      resolve();
      if (g.chance(0.05)) {
        w.later("reopened", 600, 7200);
        w.field("message", "the problem came back");
        w.end();
        ++n_events;
        resolve();
      }
    }
    events += n_events;

    fs::path dir = o.out / "incidents" / month;
    if (dirs.insert(month).second) fs::create_directories(dir);
    write_file(dir / (id + ".jsonl"), w.buf());

    if (tasks) {
      // The taskwarrior twin: same description, priority, project, tags; 3 annotations stand in
      // for the incident's notes; completed unless the incident is open.
      static const char* const tw_prio[] = {"H", "H", "M", "L"};
      task_line.clear();
      task_line += "{\"uuid\":\"" + g.uuid() + "\",\"description\":";
      json_str(task_line, title);
      task_line += ",\"entry\":\"" + tw_date(created) + "\",\"modified\":\"" + tw_date(w.ts()) + "\"";
      task_line += ",\"status\":\"";
      task_line += is_open ? "pending" : "completed";
      task_line += "\"";
      if (!is_open) task_line += ",\"end\":\"" + tw_date(w.ts()) + "\"";
      task_line += ",\"project\":";
      json_str(task_line, component);
      task_line += ",\"priority\":\"";
      task_line += tw_prio[priority[1] - '1'];
      task_line += "\",\"tags\":[";
      for (std::size_t i = 0; i < tags.size(); ++i) {
        if (i) task_line += ',';
        json_str(task_line, tags[i]);
      }
      task_line += "],\"annotations\":[";
      for (int i = 0; i < 3; ++i) {
        if (i) task_line += ',';
        task_line += "{\"entry\":\"" + tw_date(created + 600 * (i + 1)) + "\",\"description\":";
        json_str(task_line, g.pick(k_notes));
        task_line += "}";
      }
      task_line += "]}\n";
      if (std::fwrite(task_line.data(), 1, task_line.size(), tasks) != task_line.size()) die("short write to --tasks");
    }
  }
  if (tasks && std::fclose(tasks) != 0) die(o.tasks.string() + ": " + std::strerror(errno));

  std::cout << "generated " << o.count << " incidents (" << open << " open), " << events << " events, "
            << dirs.size() << " month directories in " << o.out.string() << "\n";
  return 0;
}
