#include "hypercare/health/uptime.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iterator>
#include <optional>

#include <date/date.h>
#include <fmt/format.h>

#include "hypercare/core/parallel.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::health {

namespace fs = std::filesystem;
using Interval = std::pair<core::TimePoint, core::TimePoint>;

namespace {

std::vector<Interval> merged(std::vector<Interval> v) {
  std::sort(v.begin(), v.end());
  std::vector<Interval> out;
  for (const auto& i : v) {
    if (i.first >= i.second) continue;
    if (!out.empty() && i.first <= out.back().second) out.back().second = std::max(out.back().second, i.second);
    else out.push_back(i);
  }
  return out;
}

core::Seconds total(const std::vector<Interval>& v) {
  core::Seconds s{0};
  for (const auto& [a, b] : v) s += b - a;
  return s;
}

struct Coverage {
  std::vector<Interval> known, down;
};

Uptime measure(const Coverage& c, core::Seconds range) {
  auto known = merged(c.known);
  auto down = merged(c.down);
  Uptime u;
  u.down = total(down);
  u.up = total(known) - u.down;
  u.unknown = range - total(known);
  return u;
}

}  // namespace

double Uptime::percent() const {
  auto known = (up + down).count();
  return known == 0 ? 100.0 : 100.0 * double(up.count()) / double(known);
}

namespace {

// The fields of a flat JSON object (strings, numbers, null, booleans), as hypercare writes result
// lines: a fast path that avoids building a DOM for each of 170 000 lines. Anything else (nested
// values, odd escapes) returns false and the caller falls back to the full parser.
struct Field {
  std::string_view key, raw;
  bool is_string = false;
};

bool scan_string(std::string_view s, std::size_t& i, std::string_view& out, bool& escaped) {
  if (i >= s.size() || s[i] != '"') return false;
  std::size_t start = ++i;
  escaped = false;
  while (i < s.size() && s[i] != '"') {
    if (s[i] == '\\') {
      escaped = true;
      ++i;
    }
    ++i;
  }
  if (i >= s.size()) return false;
  out = s.substr(start, i - start);
  ++i;
  return true;
}

bool scan_flat(std::string_view s, std::vector<Field>& fields) {
  fields.clear();
  std::size_t i = 0;
  auto ws = [&] { while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i; };
  ws();
  if (i >= s.size() || s[i++] != '{') return false;
  ws();
  if (i < s.size() && s[i] == '}') return true;
  while (i < s.size()) {
    Field f;
    bool escaped = false;
    ws();
    if (!scan_string(s, i, f.key, escaped) || escaped) return false;
    ws();
    if (i >= s.size() || s[i++] != ':') return false;
    ws();
    if (i < s.size() && s[i] == '"') {
      if (!scan_string(s, i, f.raw, escaped) || escaped) return false;  // escapes: the full parser
      f.is_string = true;
    } else {
      std::size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ' ') ++i;
      f.raw = s.substr(start, i - start);
      if (f.raw.empty() || f.raw[0] == '{' || f.raw[0] == '[') return false;
    }
    fields.push_back(f);
    ws();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '}') return true;
    return false;
  }
  return false;
}

// A JSON number as atol() and strtod() read it (what the full parser would take), without a copy
// for the common case.
long whole_number(std::string_view raw) {
  long v = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec == std::errc() && end == raw.data() + raw.size()) return v;
  return std::atol(std::string(raw).c_str());
}

double number(std::string_view raw) {
  double v = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec == std::errc() && end == raw.data() + raw.size()) return v;
  return std::strtod(std::string(raw).c_str(), nullptr);
}

}  // namespace

namespace {

// One day file's results, read on a thread of its own; warnings are said afterwards, in day order.
struct DayRead {
  std::vector<Recorded> out, others;
  std::vector<std::string> warnings;
  std::optional<core::Error> error;
};

std::optional<core::Error> read_day(const fs::path& path, core::TimePoint from, core::TimePoint to, ResultSet set, bool others,
                                    DayRead& day) {
  thread_local std::string text;  // a day after another on the same thread: no new memory
  struct Release {  // but a thread that lives on (watch) does not keep a big one
    std::string& text;
    ~Release() {
      if (text.capacity() > (std::size_t(8) << 20)) std::string().swap(text);
    }
  } release{text};
  if (auto read = store::read_file_into(path, store::k_max_record_bytes, text); !read) {
    if (read.error().kind == core::ErrorKind::missing) return std::nullopt;
    return read.error();
  }
  std::vector<Field> fields;
  std::string_view rest = text;
  day.out.reserve(std::size_t(std::count(rest.begin(), rest.end(), '\n')));
  std::size_t line_no = 0;
  while (!rest.empty()) {
    ++line_no;
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      day.warnings.push_back(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", path.string()));
      break;
    }
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto where = [&] { return fmt::format("{}:{}", path.string(), line_no); };  // for errors only
    Recorded r;
    std::string_view ts_text, status_text;
    bool fast = scan_flat(line, fields);
    if (fast) {
      for (const auto& f : fields) {
        if (f.key == "ts") ts_text = f.raw;
        else if (f.key == "status") status_text = f.raw;
        else if (f.key == "check") r.check = f.raw;
        else if (f.key == "service") r.service = f.raw;
        else if (f.key == "kind") r.kind = f.raw;
        else if (f.key == "run") r.run = f.raw;
        else if (f.key == "message") r.message = f.raw;
        else if (f.key == "unit") r.unit = f.raw;
        else if (f.key == "latency_ms" && !f.is_string) r.latency_ms = whole_number(f.raw);
        else if (f.key == "value" && !f.is_string && f.raw != "null") r.value = number(f.raw);
      }
    }
    nlohmann::json j;
    if (!fast) {
      auto parsed = store::parse_json(line, where());
      if (!parsed) return parsed.error();
      j = std::move(*parsed);
      if (!j.is_object()) return core::fail(core::ErrorKind::data, fmt::format("{}: expected a JSON object", where()), "hypercare doctor").error();
      ts_text = j["ts"].is_string() ? std::string_view(j["ts"].get_ref<const std::string&>()) : std::string_view();
      status_text = j["status"].is_string() ? std::string_view(j["status"].get_ref<const std::string&>()) : std::string_view();
      auto check = store::string_field(j, "check"), service = store::string_field(j, "service"),
           kind = store::string_field(j, "kind"), run = store::string_field(j, "run"),
           message = store::string_field(j, "message");
      auto latency = store::integer_field(j, "latency_ms");
      if (!check || !service || !kind || !run || !message || !latency)
        return core::fail(core::ErrorKind::data,
                          fmt::format("{}: a result's check, service, kind, run and message are strings and "
                                      "latency_ms a whole number",
                                      where()),
                          "hypercare doctor").error();
      r.check = *check;
      r.service = *service;
      r.kind = *kind;
      r.run = *run;
      r.message = *message;
      r.unit = store::string_field(j, "unit").value_or("");
      r.latency_ms = long(*latency);
      if (auto v = j.find("value"); v != j.end() && v->is_number()) r.value = v->get<double>();
    }
    auto ts = core::parse_rfc3339(ts_text);
    auto st = parse_status(status_text);
    if (!ts || !st || r.check.empty())
      return core::fail(core::ErrorKind::data, fmt::format("{}: a result needs ts, check and status", where()), "hypercare doctor").error();
    if (*ts < from || *ts >= to) continue;
    r.at = *ts;
    r.status = *st;
    if ((r.kind == "info") != (set == ResultSet::info)) {  // figures never make a verdict
      if (others) day.others.push_back(std::move(r));
      continue;
    }
    day.out.push_back(std::move(r));
  }
  return std::nullopt;
}

}  // namespace

core::Result<std::vector<Recorded>> read_results(const fs::path& ops, core::TimePoint from, core::TimePoint to,
                                                 const core::WarningSink& warn, ResultSet set, std::vector<Recorded>* others) {
  std::vector<fs::path> paths;
  auto last_day = std::chrono::floor<date::days>(to - core::Seconds(1));
  for (auto day = std::chrono::floor<date::days>(from); day <= last_day; day += date::days(1))
    paths.push_back(ops / "health" / (date::format("%F", day) + ".jsonl"));
  // A file a day, parsed on every core: a month of results is tens of megabytes.
  std::vector<DayRead> days(paths.size());
  core::parallel_for(paths.size(), 4, [&](std::size_t i) { days[i].error = read_day(paths[i], from, to, set, others != nullptr, days[i]); });
  std::vector<Recorded> out;
  std::size_t total = 0;
  for (const auto& day : days) total += day.out.size();
  out.reserve(total);
  for (auto& day : days) {
    for (const auto& w : day.warnings) warn(w);
    if (day.error) return std::unexpected(*day.error);
    std::move(day.out.begin(), day.out.end(), std::back_inserter(out));
    day.out = {};
    if (others) std::move(day.others.begin(), day.others.end(), std::back_inserter(*others));
  }
  auto by_time = [](const Recorded& a, const Recorded& b) { return a.at < b.at; };
  if (!std::is_sorted(out.begin(), out.end(), by_time)) std::stable_sort(out.begin(), out.end(), by_time);
  if (others && !std::is_sorted(others->begin(), others->end(), by_time)) std::stable_sort(others->begin(), others->end(), by_time);
  return out;
}

std::span<const Recorded> window(std::span<const Recorded> sorted, const config::ChecksConfig& cfg,
                                 core::TimePoint from, core::TimePoint to) {
  core::Seconds longest = cfg.interval;
  for (const auto& c : cfg.checks) longest = std::max(longest, c.interval);
  auto by_time = [](const Recorded& r, core::TimePoint t) { return r.at < t; };
  auto first = std::lower_bound(sorted.begin(), sorted.end(), from - 2 * longest, by_time);
  auto last = std::lower_bound(first, sorted.end(), to, by_time);
  return {first, last};
}

UptimeReport uptime(std::span<const Recorded> results, const config::ChecksConfig& cfg, core::TimePoint from,
                    core::TimePoint to) {
  std::map<std::string, std::vector<const Recorded*>> by_check;
  for (const auto& r : results) by_check[r.check].push_back(&r);
  std::map<std::string, Coverage> checks, services;
  Coverage overall;
  for (const auto& [name, rs] : by_check) {
    core::Seconds interval = cfg.interval;
    for (const auto& c : cfg.checks)
      if (c.name == name || name.starts_with(c.name + "/")) interval = c.interval;
    auto& cov = checks[name];
    for (std::size_t i = 0; i < rs.size(); ++i) {
      auto start = rs[i]->at;
      auto end = std::min(to, start + 2 * interval);
      if (i + 1 < rs.size()) end = std::min(end, rs[i + 1]->at);
      start = std::max(start, from);  // a result from before the range still covers its start
      if (start >= end) continue;
      cov.known.emplace_back(start, end);
      if (rs[i]->status == Status::fail || rs[i]->status == Status::error) cov.down.emplace_back(start, end);
    }
    auto& svc = services[rs.front()->service];
    svc.known.insert(svc.known.end(), cov.known.begin(), cov.known.end());
    svc.down.insert(svc.down.end(), cov.down.begin(), cov.down.end());
    overall.known.insert(overall.known.end(), cov.known.begin(), cov.known.end());
    overall.down.insert(overall.down.end(), cov.down.begin(), cov.down.end());
  }
  auto range = to - from;
  UptimeReport rep;
  for (const auto& [name, c] : checks) rep.checks[name] = measure(c, range);
  for (const auto& [name, c] : services) rep.services[name] = measure(c, range);
  rep.overall = measure(overall, range);
  return rep;
}

}  // namespace hypercare::health
