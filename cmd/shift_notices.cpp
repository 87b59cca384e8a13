#include "shift_notices.hpp"

#include <fstream>
#include <set>

#include <fmt/format.h>

#include "hypercare/handover/repository.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/lock.hpp"
#include "notify_hook.hpp"

namespace hypercare::cli {

namespace {

std::set<std::string> sent_keys(const std::filesystem::path& log) {
  std::set<std::string> out;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

std::string waiting_handover(const std::vector<handover::Handover>& all, const std::string& person) {
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (it->to == person && !it->accepted()) return it->id;
  return {};
}

std::string text_of(const rota::ShiftNotice& n, const rota::Schedule& s, std::size_t open, const std::string& handover) {
  const auto& cfg = s.config();
  auto when = [&](core::TimePoint t, const char* f) { return core::format_local(t, cfg.zone, f); };
  std::string slot = n.shift.slot < cfg.slots.size() ? cfg.slots[n.shift.slot].name : "?";
  std::string stretch = fmt::format("{} (slot {})", when(n.shift.start, "%a %d %b %H:%M %Z"), slot);
  std::string change = n.change_message.empty() ? n.key : fmt::format("{}: {}", n.key, n.change_message);
  if (n.type == "shift.starting")
    return fmt::format("you are on call from {} (slot {}) — {} open incident{}{}", when(n.shift.start, "%H:%M %Z"), slot, open,
                       open == 1 ? "" : "s", handover.empty() ? "" : fmt::format(", handover {} waiting for you", handover));
  if (n.step == "added") return fmt::format("you are now on call from {}{} — {}", stretch, n.other.empty() ? "" : " in place of " + n.other, change);
  if (n.step == "removed")
    return fmt::format("you are no longer on call from {}{} — {}", stretch, n.other.empty() ? "" : ": " + n.other + " covers it", change);
  if (n.step == "cancel-added") return fmt::format("{} was cancelled: you are on call again from {}", n.key, stretch);
  return fmt::format("{} was cancelled: you are no longer on call from {}{}", n.key, stretch, n.other.empty() ? "" : ", " + n.other + " is");
}

}  // namespace

core::Result<std::vector<SentNotice>> send_shift_notices(Invocation& inv, const rota::Schedule& schedule,
                                                         std::size_t open_incidents) {
  std::vector<SentNotice> sent;
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  if (inv.globals().no_notify) return sent;
  if (!notify::anyone_pageable(schedule.config(), cfg->paging)) return sent;
  auto notices = rota::shifts_starting(schedule, inv.now(), cfg->paging.shift_notice);
  for (auto& n : rota::shift_changes(schedule, inv.now())) notices.push_back(std::move(n));
  if (notices.empty()) return sent;
  auto dir = ops / ".hypercare";
  HC_CHECK(store::make_dirs(dir));
  // One watcher at a time decides what is new: two rounds at once tell each person once.
  auto lock = HC_TRY(store::OpsLock::acquire_file(dir / "notices.lock", std::chrono::seconds(10),
                                                  "another hypercare watch is sending shift notices"));
  auto log = dir / "notices.log";
  auto done = sent_keys(log);
  auto handovers = handover::Repository(ops, [&inv](const std::string& m) { inv.warn(m); }).list();
  if (!handovers) inv.warn(handovers.error().message);
  notify::Secrets secrets(inv.ctx().env);
  std::vector<notify::Entry> pages;
  std::vector<std::string> keys;
  for (const auto& n : notices) {
    const auto* person = schedule.config().person(n.person);
    std::string key = fmt::format("{}/{}/{}", n.key, n.step, n.person);
    if (!person || done.contains(key)) continue;
    std::string handover = handovers && n.type == "shift.starting" ? waiting_handover(*handovers, n.person) : "";
    std::string text = text_of(n, schedule, open_incidents, handover);
    auto e = notify::shift_event(n.type, n.key, n.type == "shift.starting" ? "your shift starts soon" : "your shifts changed",
                                 fmt::format("{}: {}", person->display(), text), inv.now());
    e.subject["person"] = n.person;
    auto mine = page_entries_for(inv, e, {{person, n.step, text}}, secrets);
    if (mine.empty()) continue;  // nobody to reach this person by (Slack is for incidents, in channels)
    for (auto& p : mine) pages.push_back(std::move(p));
    keys.push_back(key);
    sent.push_back({n.type, n.person, n.key, text});
  }
  if (keys.empty()) return sent;
  send_notifications(inv, {}, pages);
  std::error_code ec;
  bool exists = std::filesystem::exists(log, ec);
  for (const auto& k : keys) HC_CHECK(store::append_line(log, k + "\n", !exists && &k == &keys.front()));
  return sent;
}

}  // namespace hypercare::cli
