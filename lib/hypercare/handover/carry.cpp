#include "hypercare/handover/carry.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"

namespace hypercare::handover {

core::Result<Carried> carry_over(const Handover* previous, TimePoint now, const std::vector<std::string>& done) {
  Carried out;
  std::vector<bool> used(done.size(), false);
  if (previous) {
    for (const auto& s : previous->scheduled)
      if (s.at > now) out.scheduled.push_back(s);
    for (const auto& w : previous->watch) {
      auto it = std::find_if(done.begin(), done.end(), [&](const std::string& d) { return core::iequals(d, w); });
      if (it == done.end()) out.watch.push_back(w);
      else used[std::size_t(it - done.begin())] = true;
    }
  }
  for (std::size_t i = 0; i < done.size(); ++i) {
    if (used[i]) continue;
    if (!previous || previous->watch.empty())
      return core::fail(core::ErrorKind::usage, fmt::format("--done: '{}': the last handover has no item to watch", done[i]));
    std::string items;
    for (const auto& w : previous->watch) items += fmt::format("{}'{}'", items.empty() ? "" : ", ", w);
    return core::fail(core::ErrorKind::usage,
                      fmt::format("--done: '{}' is not an item to watch in {}; they are {}", done[i], previous->id, items),
                      "give the item's whole text, as `hypercare handover show` prints it");
  }
  return out;
}

std::vector<std::string> merge_watch(const std::vector<std::string>& carried, const std::vector<std::string>& added) {
  std::vector<std::string> out;
  for (const auto* list : {&carried, &added})
    for (const auto& w : *list)
      if (std::none_of(out.begin(), out.end(), [&](const std::string& x) { return core::iequals(x, w); })) out.push_back(w);
  return out;
}

std::vector<Scheduled> merge_scheduled(const std::vector<Scheduled>& carried, const std::vector<Scheduled>& added) {
  std::vector<Scheduled> out;
  for (const auto* list : {&carried, &added})
    for (const auto& s : *list)
      if (std::none_of(out.begin(), out.end(), [&](const Scheduled& x) { return x.at == s.at && core::iequals(x.activity, s.activity); }))
        out.push_back(s);
  std::stable_sort(out.begin(), out.end(), [](const Scheduled& a, const Scheduled& b) { return a.at < b.at; });
  return out;
}

const Handover* pending_for(const std::vector<Handover>& all, const Plan& plan) {
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (!it->accepted() && it->superseded_by.empty() && it->shift_end == plan.shift.end && it->from == plan.from &&
        it->to == plan.to)
      return &*it;
  return nullptr;
}

}  // namespace hypercare::handover
