#include "hypercare/handover/fold.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"
#include "hypercare/store/causal.hpp"

namespace hypercare::handover {

namespace {

using nlohmann::json;

core::Error bad(const std::filesystem::path& path, std::size_t line, std::string_view what) {
  return core::Error{core::ErrorKind::data, fmt::format("{}:{}: {}", path.string(), line, what), "hypercare doctor"};
}

struct Reader {
  const json& j;
  const std::filesystem::path& path;
  std::size_t line;

  core::Result<std::string> string(const char* key, bool required) const {
    auto it = j.find(key);
    if (it == j.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
      if (required) return std::unexpected(bad(path, line, fmt::format("a {} event needs '{}'", j.value("type", ""), key)));
      return std::string();
    }
    if (!it->is_string()) return std::unexpected(bad(path, line, fmt::format("field '{}' must be a string", key)));
    return it->get<std::string>();
  }
  core::Result<TimePoint> time(const char* key) const {
    auto text = HC_TRY(string(key, true));
    auto t = core::parse_rfc3339(text);
    if (!t) return std::unexpected(bad(path, line, fmt::format("field '{}': {}", key, t.error().message)));
    return *t;
  }
  core::Result<std::vector<std::string>> strings(const char* key) const {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) return std::unexpected(bad(path, line, fmt::format("field '{}' must be a list of strings", key)));
    for (const auto& v : *it) {
      if (!v.is_string()) return std::unexpected(bad(path, line, fmt::format("field '{}' must be a list of strings", key)));
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  template <class T, class Each>
  core::Result<std::vector<T>> objects(const char* key, Each each) const {
    std::vector<T> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) return std::unexpected(bad(path, line, fmt::format("field '{}' must be a list", key)));
    for (const auto& v : *it) {
      if (!v.is_object()) return std::unexpected(bad(path, line, fmt::format("field '{}' must be a list of objects", key)));
      out.push_back(HC_TRY(each(Reader{v, path, line})));
    }
    return out;
  }
};

core::Status apply_created(Handover& h, const Reader& r, TimePoint ts, const std::string& actor) {
  h.origin = r.j.at("id").get<std::string>();
  h.id = HC_TRY(r.string("handover", true));
  h.from = HC_TRY(r.string("from", true));
  h.to = HC_TRY(r.string("to", true));
  h.created_at = ts;
  h.created_by = actor;
  h.shift_start = HC_TRY(r.time("shift_start"));
  h.shift_end = HC_TRY(r.time("shift_end"));
  h.notes = HC_TRY(r.strings("notes"));
  h.watch = HC_TRY(r.strings("watch"));
  h.scheduled = HC_TRY(r.objects<Scheduled>("scheduled", [](const Reader& s) -> core::Result<Scheduled> {
    return Scheduled{HC_TRY(s.time("at")), HC_TRY(s.string("activity", true))};
  }));
  h.sections = HC_TRY(r.objects<Section>("sections", [](const Reader& s) -> core::Result<Section> {
    return Section{HC_TRY(s.string("heading", true)), HC_TRY(s.string("text", false))};
  }));
  auto snap = r.j.find("snapshot");
  if (snap == r.j.end() || !snap->is_object())
    return std::unexpected(bad(r.path, r.line, "a created event needs the 'snapshot' object"));
  h.snapshot = *snap;
  h.replaces = HC_TRY(r.string("replaces", false));
  return {};
}

}  // namespace

std::optional<std::string_view> checklist_name(std::string_view text) {
  for (const auto& item : k_checklist)
    if (core::iequals(item.name, text)) return item.name;
  return std::nullopt;
}

std::vector<std::string> Handover::confirmed() const {
  std::vector<std::string> out;
  for (const auto& item : k_checklist)
    for (const auto& a : acceptances)
      if (std::find(a.confirmed.begin(), a.confirmed.end(), item.name) != a.confirmed.end()) {
        out.emplace_back(item.name);
        break;
      }
  return out;
}

std::vector<std::string> Handover::unconfirmed() const {
  auto done = confirmed();
  std::vector<std::string> out;
  for (const auto& item : k_checklist)
    if (std::find(done.begin(), done.end(), item.name) == done.end()) out.emplace_back(item.name);
  return out;
}

core::Result<Handover> fold(const store::JsonlFile& file, const std::filesystem::path& path) {
  auto events = HC_TRY(store::ordered_events(file, path));
  // The creation comes first even when another clone's clock stamped a later event earlier.
  auto first_created = std::find_if(events.begin(), events.end(), [](const store::JsonlLine* l) {
    return l->value.value("type", "") == event::created;
  });
  if (first_created == events.end())
    return std::unexpected(bad(path, 1, "no `created` event: this is not a handover record"));
  std::rotate(events.begin(), first_created, first_created + 1);

  Handover h;
  h.torn_tail = file.torn_tail;
  bool created = false;
  for (const auto* line : events) {
    Reader r{line->value, path, line->line_no};
    std::string type = r.j.value("type", "");
    auto ts = *core::parse_rfc3339(r.j.at("ts").get<std::string>());  // checked by ordered_events
    std::string actor = HC_TRY(r.string("actor", false));
    if (type == event::created) {
      if (created) {
        if (r.j.at("id") != h.origin) ++h.duplicate_creations;
        continue;
      }
      created = true;
      HC_CHECK(apply_created(h, r, ts, actor));
    } else if (type == event::accepted) {
      Acceptance a;
      a.at = ts;
      a.by = HC_TRY(r.string("by", false));
      if (a.by.empty()) a.by = actor;
      auto as_other = r.j.find("as_other");
      if (as_other != r.j.end() && !as_other->is_boolean())
        return std::unexpected(bad(path, r.line, "field 'as_other' must be true or false"));
      a.as_other = as_other != r.j.end() && as_other->get<bool>();
      for (auto& name : HC_TRY(r.strings("confirmed"))) {
        auto known = checklist_name(name);
        if (!known) return std::unexpected(bad(path, r.line, fmt::format("unknown checklist item '{}'", name)));
        a.confirmed.emplace_back(*known);
      }
      h.acceptances.push_back(std::move(a));
    }
  }
  return h;
}

}  // namespace hypercare::handover
