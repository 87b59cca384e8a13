#include "hypercare/incident/json.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

namespace hypercare::incident {

namespace {
nlohmann::json time_or_null(const std::optional<TimePoint>& t) {
  return t ? nlohmann::json(core::format_rfc3339(*t)) : nlohmann::json(nullptr);
}
nlohmann::json seconds_or_null(const std::optional<core::Seconds>& s) {
  return s ? nlohmann::json(s->count()) : nlohmann::json(nullptr);
}

// The length of the valid UTF-8 sequence at the start of `s`, or 0. utf8proc judges as nlohmann's
// decoder does: no overlong forms, no surrogates, nothing past U+10FFFF.
std::size_t utf8_sequence(std::string_view s) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), utf8proc_ssize_t(s.size()), &cp);
  return n > 0 ? std::size_t(n) : 0;
}

// A JSON string as nlohmann's dump writes it without ensure_ascii. Text that is not valid UTF-8
// (never read from a record: the parser refuses it) is left to nlohmann's own replacement rules.
void append_string(std::string& out, std::string_view s) {
  std::size_t start = out.size();
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    // A run of characters written as they are, in one append.
    std::size_t plain = i;
    while (plain < s.size() && static_cast<unsigned char>(s[plain]) >= 0x20 && static_cast<unsigned char>(s[plain]) < 0x80 &&
           s[plain] != '"' && s[plain] != '\\')
      ++plain;
    out.append(s.data() + i, plain - i);
    i = plain;
    if (i == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      auto n = utf8_sequence(s.substr(i));
      if (n == 0) {
        out.resize(start);
        out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", unsigned(c));  // the other controls
    }
    ++i;
  }
  out += '"';
}

}  // namespace

void append_summary_json(std::string& out, const Incident& inc, const Sla& sla) {
  // The keys in nlohmann's order (sorted), each value written as to_json writes it.
  auto key = [&](std::string_view k) {
    out += out.back() == '{' ? "\"" : ",\"";
    out += k;
    out += "\":";
  };
  auto literal = [&](std::string_view k, std::string_view v) { key(k), out += v; };
  auto text = [&](std::string_view k, std::string_view v) { key(k), append_string(out, v); };
  auto text_or_null = [&](std::string_view k, std::string_view v) { v.empty() ? literal(k, "null") : text(k, v); };
  auto stamp = [&](std::string_view k, TimePoint t) { text(k, core::format_rfc3339(t)); };
  auto stamp_or_null = [&](std::string_view k, const std::optional<TimePoint>& t) { t ? stamp(k, *t) : literal(k, "null"); };
  auto count_or_null = [&](std::string_view k, const std::optional<core::Seconds>& s) {
    s ? literal(k, fmt::format_int(s->count()).str()) : literal(k, "null");
  };
  out += '{';
  stamp_or_null("acknowledged_at", inc.acknowledged_at);
  text_or_null("acknowledged_by", inc.acknowledged_by);
  text("assignee", inc.assignee);
  text("component", inc.component);
  stamp("created_at", inc.created_at);
  text("created_by", inc.created_by);
  text("description", inc.description);
  text_or_null("duplicate_of", inc.duplicate_of);
  literal("escalation_level", fmt::format_int(inc.escalation_level).str());
  text("id", inc.id);
  text("impact", inc.impact);
  text_or_null("maintenance", inc.maintenance);
  text("priority", config::priority_name(inc.priority));
  text_or_null("resolution", inc.resolution);
  text_or_null("resolution_kind", inc.is_open() ? "" : resolution_kind_name(inc.resolution_kind));
  stamp_or_null("resolved_at", inc.resolved_at);
  text_or_null("root_cause", inc.root_cause);
  text_or_null("runbook_url", inc.runbook_url);
  literal("sla", "{");
  literal("resolution_breached", sla.resolution_breached ? "true" : "false");
  stamp("resolution_due", sla.resolution_due);
  count_or_null("resolution_s", sla.resolution_time);
  literal("response_breached", sla.response_breached ? "true" : "false");
  stamp("response_due", sla.response_due);
  count_or_null("response_s", sla.response_time);
  out += '}';
  text("status", state_name(inc.status));
  literal("tags", "[");
  for (std::size_t i = 0; i < inc.tags.size(); ++i) {
    if (i) out += ',';
    append_string(out, inc.tags[i]);
  }
  out += ']';
  text("title", inc.title);
  out += '}';
}

nlohmann::json to_json(const Incident& inc, const Sla& sla, bool with_timeline) {
  nlohmann::json j = {
      {"id", inc.id},
      {"title", inc.title},
      {"priority", config::priority_name(inc.priority)},
      {"status", state_name(inc.status)},
      {"component", inc.component},
      {"impact", inc.impact},
      {"description", inc.description},
      {"assignee", inc.assignee},
      {"tags", inc.tags},
      {"created_at", core::format_rfc3339(inc.created_at)},
      {"created_by", inc.created_by},
      {"acknowledged_at", time_or_null(inc.acknowledged_at)},
      {"acknowledged_by", inc.acknowledged_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.acknowledged_by)},
      {"resolved_at", time_or_null(inc.resolved_at)},
      {"root_cause", inc.root_cause.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.root_cause)},
      {"resolution", inc.resolution.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.resolution)},
      {"resolution_kind", inc.is_open() ? nlohmann::json(nullptr) : nlohmann::json(resolution_kind_name(inc.resolution_kind))},
      {"duplicate_of", inc.duplicate_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.duplicate_of)},
      {"escalation_level", inc.escalation_level},
      {"sla",
       {{"response_due", core::format_rfc3339(sla.response_due)},
        {"resolution_due", core::format_rfc3339(sla.resolution_due)},
        {"response_breached", sla.response_breached},
        {"resolution_breached", sla.resolution_breached},
        {"response_s", seconds_or_null(sla.response_time)},
        {"resolution_s", seconds_or_null(sla.resolution_time)}}},
  };
  j["maintenance"] = inc.maintenance.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.maintenance);
  j["runbook_url"] = inc.runbook_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.runbook_url);
  if (with_timeline) {
    j["labels"] = inc.labels;
    j["fingerprint"] = inc.fingerprint.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.fingerprint);
    auto& tl = j["timeline"] = nlohmann::json::array();
    for (const auto& e : inc.timeline)
      tl.push_back({{"ts", core::format_rfc3339(e.ts)},
                    {"actor", e.actor},
                    {"type", e.type},
                    {"message", e.message},
                    {"wall", e.wall ? nlohmann::json(core::format_rfc3339(*e.wall)) : nlohmann::json(nullptr)},
                    {"withdrawn", e.withdrawn.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.withdrawn)}});
  }
  return j;
}

}  // namespace hypercare::incident
