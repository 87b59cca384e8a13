#include "handover_view.hpp"

#include <fmt/format.h>

#include "hypercare/handover/repository.hpp"
#include "hypercare/render/table.hpp"

namespace hypercare::cli {

namespace {

using nlohmann::json;

std::string tail(const std::string& id) { return id.size() > 4 ? id.substr(id.size() - 4) : id; }

std::string acceptance(const handover::Handover& h, core::Zone zone) {
  const auto* a = h.first_acceptance();
  if (!a) return "pending";
  return fmt::format("{}{} {}", a->by, a->as_other ? " (for " + h.to + ")" : "", core::format_local(a->at, zone, "%F %H:%M"));
}

}  // namespace

std::string created_summary(const handover::Handover& h, core::Zone zone, const render::Style& s) {
  const auto& snap = h.snapshot;
  auto counts = snap.value("counts", json::object());
  auto health = snap.value("health", json());
  std::string out = fmt::format("{} Handover {}: {} → {} at {}\n", s.green("✓"), s.bold(h.id), h.from, h.to,
                                core::format_local(h.created_at, zone, "%F %H:%M %Z"));
  out += fmt::format("  {} open incident(s) · {} pending · services {}\n", counts.value("open", 0), counts.value("pending", 0),
                     health.is_object() ? health.value("overall", "UNKNOWN") : std::string("UNKNOWN (no health run)"));
  out += fmt::format("  document: hypercare handover show {}\n", tail(h.id));
  out += fmt::format("  {} signs off with: hypercare handover accept {} --all\n", h.to, tail(h.id));
  return out;
}

std::string accepted_summary(const handover::Handover& h, bool changed, const std::vector<std::string>& newly,
                             core::Zone zone, const render::Style& s) {
  const auto* a = h.first_acceptance();
  auto open = h.unconfirmed();
  std::string out;
  if (!changed) {
    out = fmt::format("{}: already accepted by {} at {}; nothing new to confirm\n", h.id, a ? a->by : "?",
                      a ? core::format_local(a->at, zone, "%F %H:%M %Z") : "?");
  } else {
    const auto& last = h.acceptances.back();
    out = fmt::format("{} {}: accepted by {}{}", s.green("✓"), s.bold(h.id), last.by, last.as_other ? " on behalf of " + h.to : "");
    if (!newly.empty()) out += fmt::format(" · confirmed {}", fmt::join(newly, ", "));
    out += '\n';
  }
  if (!open.empty())
    out += s.yellow(fmt::format("  not confirmed yet: {} (hypercare handover accept {} --confirm {})", fmt::join(open, ", "),
                                tail(h.id), fmt::join(open, ","))) +
           '\n';
  return out;
}

std::string handover_table(const std::vector<const handover::Handover*>& newest_first, core::Zone zone, core::TimePoint now,
                           const render::Style& s) {
  render::Table t({"ID", "FROM", "TO", "CREATED", "ACCEPTED", "UNCONFIRMED"});
  for (const auto* h : newest_first) {
    auto open = h->unconfirmed();
    t.cell(h->id);
    t.cell(render::one_line(h->from));
    t.cell(render::one_line(h->to));
    t.cell(fmt::format("{} ({})", core::format_local(h->created_at, zone, "%F %H:%M"), core::relative(h->created_at, now)));
    t.cell(h->accepted()                ? acceptance(*h, zone)
           : !h->superseded_by.empty() ? s.dim("superseded by " + h->superseded_by)
                                       : s.yellow("pending"));
    t.cell(open.empty() ? "0" : s.yellow(fmt::format("{} ({})", open.size(), fmt::join(open, ", "))));
    t.end_row();
  }
  return t.str();
}

}  // namespace hypercare::cli
