#include "hypercare/feedback/import.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "hypercare/core/ids.hpp"
#include "hypercare/feedback/csv.hpp"

namespace hypercare::feedback {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "Submitted_At " → "submitted at".
std::string normal(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : (c == '_' || c == '-') ? ' ' : c;
    if (l == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += l;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct Role {
  const char* key;
  std::vector<std::string_view> exact, contains;
};

const std::vector<Role>& roles() {
  static const std::vector<Role> r = {
      {"ts",
       {"ts", "timestamp", "submitted at", "submitted", "submission date", "date submitted", "date", "time",
        "created at", "created", "response date", "completed at", "end date"},
       {"timestamp", "submitted", "date"}},
      {"score", {"score", "rating", "satisfaction", "csat", "satisfaction score"}, {"score", "rating", "satisf"}},
      {"comment", {"comment", "comments", "feedback", "remarks", "notes", "suggestions"},
       {"comment", "feedback", "remark", "suggest"}},
      {"from", {"from", "email", "email address", "name", "user", "username", "respondent"}, {"email"}},
  };
  return r;
}

std::string known_roles() { return "ts, score, comment, from"; }

}  // namespace

std::optional<int> parse_score(std::string_view text) {
  text = trim(text);
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p == text.data()) return std::nullopt;
  std::string_view rest = text.substr(std::size_t(p - text.data()));
  if (rest.starts_with(".")) {  // "4.0" from spreadsheets; "4.5" is not a score
    std::size_t k = 1;
    while (k < rest.size() && rest[k] == '0') ++k;
    if (k == 1 || (k < rest.size() && rest[k] >= '0' && rest[k] <= '9')) return std::nullopt;
    rest.remove_prefix(k);
  }
  rest = trim(rest);
  bool ok = rest.empty() || rest == "/5" || rest == "/ 5" || rest.starts_with("-") || rest.starts_with("(") ||
            rest.starts_with(":");
  if (!ok || n < k_min_score || n > k_max_score) return std::nullopt;
  return n;
}

core::Result<core::TimePoint> parse_timestamp(std::string_view text, core::Zone zone) {
  std::string s(trim(text));
  if (s.size() >= 10 && s[4] == '/' && s[7] == '/') s[4] = s[7] = '-';
  auto t = core::parse_user_time(s, zone);
  if (!t)
    return core::fail(core::ErrorKind::data,
                      fmt::format("timestamp '{}' is not one hypercare reads: use RFC 3339, '2026-11-27 10:15' "
                                  "(team zone) or 2026-11-27",
                                  text));
  return *t;
}

core::Result<Columns> map_columns(const std::vector<std::string>& headers, std::string_view spec) {
  std::map<std::string, std::size_t> chosen;
  auto find_header = [&](std::string_view want) -> std::optional<std::size_t> {
    std::size_t n = 0;
    auto t = trim(want);
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec == std::errc() && p == t.data() + t.size() && n >= 1 && n <= headers.size()) return n - 1;
    for (std::size_t i = 0; i < headers.size(); ++i)
      if (normal(headers[i]) == normal(want)) return i;
    return std::nullopt;
  };
  if (!spec.empty()) {
    std::size_t pos = 0;
    while (pos <= spec.size()) {
      auto comma = spec.find(',', pos);
      auto item = trim(spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
      pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
      if (item.empty()) continue;
      auto eq = item.find('=');
      if (eq == std::string_view::npos)
        return core::fail(core::ErrorKind::usage,
                          fmt::format("--columns: '{}' needs the form ROLE=COLUMN (roles: {})", item, known_roles()));
      std::string role = normal(item.substr(0, eq));
      if (role == "timestamp" || role == "date") role = "ts";
      if (std::none_of(roles().begin(), roles().end(), [&](const Role& r) { return role == r.key; }))
        return core::fail(core::ErrorKind::usage,
                          fmt::format("--columns: unknown role '{}' (roles: {})", item.substr(0, eq), known_roles()));
      auto col = find_header(item.substr(eq + 1));
      if (!col) {
        std::vector<std::string> quoted;
        for (const auto& h : headers) quoted.push_back("'" + h + "'");
        return core::fail(core::ErrorKind::usage,
                          fmt::format("--columns: no column '{}' in the header (columns: {}, or 1 to {})",
                                      item.substr(eq + 1), fmt::join(quoted, ", "), headers.size()));
      }
      chosen[role] = *col;
    }
  }
  auto taken = [&](std::size_t i) {
    return std::any_of(chosen.begin(), chosen.end(), [&](const auto& kv) { return kv.second == i; });
  };
  for (const auto& role : roles()) {  // exact header names first
    if (chosen.count(role.key)) continue;
    for (std::size_t i = 0; i < headers.size() && !chosen.count(role.key); ++i)
      if (!taken(i) && std::find(role.exact.begin(), role.exact.end(), normal(headers[i])) != role.exact.end())
        chosen[role.key] = i;
  }
  for (const auto& role : roles()) {  // then headers containing a telling word
    if (chosen.count(role.key)) continue;
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < headers.size(); ++i) {
      if (taken(i)) continue;
      auto h = normal(headers[i]);
      if (std::any_of(role.contains.begin(), role.contains.end(), [&](std::string_view w) { return h.find(w) != std::string::npos; }))
        hits.push_back(i);
    }
    if (hits.size() == 1) chosen[role.key] = hits[0];
    else if (hits.size() > 1 && (std::string_view(role.key) == "ts" || std::string_view(role.key) == "score"))
      return core::fail(core::ErrorKind::usage,
                        fmt::format("more than one column could be the {}: '{}' and '{}'", role.key, headers[hits[0]],
                                    headers[hits[1]]),
                        fmt::format("name it: --columns {}='{}'", role.key, headers[hits[0]]));
  }
  for (const char* need : {"ts", "score"})
    if (!chosen.count(need)) {
      std::vector<std::string> quoted;
      for (const auto& h : headers) quoted.push_back("'" + h + "'");
      return core::fail(core::ErrorKind::usage,
                        fmt::format("no {} column found among {}", std::string_view(need) == "ts" ? "timestamp" : "score",
                                    fmt::join(quoted, ", ")),
                        "name the columns: --columns ts=COLUMN,score=COLUMN[,comment=COLUMN][,from=COLUMN]");
    }
  Columns c;
  c.ts = chosen["ts"];
  c.score = chosen["score"];
  if (chosen.count("comment")) c.comment = chosen["comment"];
  if (chosen.count("from")) c.from = chosen["from"];
  return c;
}

std::string response_id(const Response& r, std::size_t occurrence) {
  // FNV-1a over the row's meaning; two differently seeded hashes give the 80 "random" bits.
  auto fnv = [&](std::uint64_t h) {
    auto mix = [&h](std::string_view s) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      h = (h ^ 0xff) * 1099511628211ull;  // field separator
    };
    mix(core::format_rfc3339(r.at));
    mix(std::to_string(r.score));
    mix(std::to_string(occurrence));
    return h;
  };
  std::uint64_t parts[2] = {fnv(14695981039346656037ull), fnv(0x9E3779B97F4A7C15ull)};
  int next = 0;
  return core::new_event_id(r.at, [&] { return parts[next++ & 1]; });
}

core::Result<ImportResult> read_survey(std::string_view text, std::string_view where, const ImportOptions& o) {
  auto records = HC_TRY(parse_csv(text, where, o.delimiter));
  if (records.empty())
    return core::fail(core::ErrorKind::data, fmt::format("{}: no header row: the file is empty", where));
  ImportResult out;
  out.headers = records.front().fields;
  out.columns = HC_TRY(map_columns(out.headers, o.columns));
  std::map<std::string, std::size_t> seen;  // content → occurrences so far
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (std::all_of(rec.fields.begin(), rec.fields.end(), [](const std::string& f) { return trim(f).empty(); })) continue;
    ++out.rows;
    auto problem = [&](std::string message) { out.problems.push_back({rec.line, std::move(message)}); };
    auto field = [&](std::size_t i) -> std::optional<std::string_view> {
      if (i >= rec.fields.size()) return std::nullopt;
      return trim(rec.fields[i]);
    };
    std::size_t need = std::max({out.columns.ts, out.columns.score, out.columns.comment.value_or(0), out.columns.from.value_or(0)});
    if (rec.fields.size() <= need) {
      problem(fmt::format("has {} field(s); the header has {}", rec.fields.size(), out.headers.size()));
      continue;
    }
    Response resp;
    auto ts = *field(out.columns.ts);
    if (ts.empty()) {
      problem(fmt::format("no timestamp in column '{}'", out.headers[out.columns.ts]));
      continue;
    }
    auto at = parse_timestamp(ts, o.zone);
    if (!at) {
      problem(at.error().message);
      continue;
    }
    auto score_text = *field(out.columns.score);
    auto score = parse_score(score_text);
    if (!score) {
      problem(score_text.empty() ? fmt::format("no score in column '{}'", out.headers[out.columns.score])
                                 : fmt::format("score '{}' is not a whole number from 1 to 5", score_text));
      continue;
    }
    resp.at = *at;
    resp.score = *score;
    if (out.columns.comment) resp.comment = std::string(*field(*out.columns.comment));
    if (out.columns.from) resp.from = std::string(*field(*out.columns.from));
    resp.source = o.source;
    // The identity is the time and score alone: the same answer whatever columns were mapped.
    std::string key = fmt::format("{}\x1f{}", core::format_rfc3339(resp.at), resp.score);
    resp.id = response_id(resp, seen[key]++);
    out.responses.push_back(std::move(resp));
  }
  return out;
}

}  // namespace hypercare::feedback
