#include "hypercare/handover/json.hpp"

#include "hypercare/handover/repository.hpp"

namespace hypercare::handover {

using nlohmann::json;

json summary_json(const Handover& h) {
  const auto* first = h.first_acceptance();
  auto unconfirmed = h.unconfirmed();
  return {{"id", h.id},
          {"from", h.from},
          {"to", h.to},
          {"created_at", core::format_rfc3339(h.created_at)},
          {"created_by", h.created_by},
          {"shift", {{"start", core::format_rfc3339(h.shift_start)}, {"end", core::format_rfc3339(h.shift_end)}}},
          {"accepted", h.accepted()},
          {"accepted_by", first ? json(first->by) : json(nullptr)},
          {"accepted_at", first ? json(core::format_rfc3339(first->at)) : json(nullptr)},
          {"as_other", first ? json(first->as_other) : json(nullptr)},
          {"confirmed", h.confirmed()},
          {"unconfirmed", unconfirmed},
          {"unconfirmed_count", unconfirmed.size()},
          {"replaces", h.replaces.empty() ? json(nullptr) : json(h.replaces)},
          {"superseded_by", h.superseded_by.empty() ? json(nullptr) : json(h.superseded_by)}};
}

json to_json(const Handover& h) {
  json j = summary_json(h);
  json scheduled = json::array(), sections = json::array(), acceptances = json::array();
  for (const auto& s : h.scheduled) scheduled.push_back({{"at", core::format_rfc3339(s.at)}, {"activity", s.activity}});
  for (const auto& s : h.sections) sections.push_back({{"heading", s.heading}, {"text", s.text}});
  for (const auto& a : h.acceptances)
    acceptances.push_back(
        {{"at", core::format_rfc3339(a.at)}, {"by", a.by}, {"as_other", a.as_other}, {"confirmed", a.confirmed}});
  j["notes"] = h.notes;
  j["watch"] = h.watch;
  j["scheduled"] = scheduled;
  j["sections"] = sections;
  j["acceptances"] = acceptances;
  j["snapshot"] = h.snapshot;
  j["file"] = Repository::relative_path(h.id).string();
  return j;
}

}  // namespace hypercare::handover
