#include "hypercare/handover/repository.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/handover/fold.hpp"

namespace hypercare::handover {

namespace fs = std::filesystem;

namespace {

// HO-YYYYMMDD-XXXX
bool looks_like_id(std::string_view s) {
  return s.size() >= 16 && s.starts_with("HO-") && s[11] == '-' &&
         std::all_of(s.begin() + 3, s.begin() + 11, [](char c) { return c >= '0' && c <= '9'; });
}

fs::path month_dir(std::string_view id) {
  return fs::path(k_handover_dir) / (looks_like_id(id) ? fmt::format("{}-{}", id.substr(3, 4), id.substr(7, 2)) : "unknown");
}

}  // namespace

fs::path Repository::relative_path(std::string_view id) { return month_dir(id) / (std::string(id) + ".jsonl"); }

std::vector<std::string> Repository::ids() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto month = fs::directory_iterator(m_ops / k_handover_dir, ec); !ec && month != fs::directory_iterator();
       month.increment(ec)) {
    if (!month->is_directory()) continue;
    std::error_code ec2;
    for (auto f = fs::directory_iterator(month->path(), ec2); !ec2 && f != fs::directory_iterator(); f.increment(ec2)) {
      auto name = f->path().filename().string();
      if (f->is_regular_file() && name.ends_with(".jsonl") && looks_like_id(name)) out.push_back(f->path().stem().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

core::Result<std::string> Repository::resolve(std::string_view query) const {
  if (query == "latest") {
    auto all = HC_TRY(list());
    if (all.empty())
      return core::fail(core::ErrorKind::missing, "no handover has been written yet", "hypercare handover new");
    return all.back().id;
  }
  std::string q = core::normalize_id_input(query);
  std::error_code ec;
  if (looks_like_id(q) && fs::is_regular_file(file_for(q), ec)) return q;
  return core::resolve_id(query, ids(), "handover", "hypercare handover list");
}

core::Result<Repository::Loaded> Repository::load(std::string_view id) const {
  auto path = file_for(id);
  auto file = store::read_jsonl(path);
  if (!file) {
    if (file.error().kind == core::ErrorKind::missing)
      return core::fail(core::ErrorKind::missing, fmt::format("no handover {}", id), "hypercare handover list");
    return std::unexpected(file.error());
  }
  auto h = HC_TRY(fold(*file, path));
  if (file->torn_tail)
    m_warn(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                       "`hypercare doctor --fix` repairs it",
                       path.string()));
  if (h.duplicate_creations)
    m_warn(fmt::format("{}: two handovers were written offline with the id {}; showing the first", path.string(), id));
  return Loaded{std::move(h), std::move(*file)};
}

core::Result<std::vector<Handover>> Repository::list() const {
  std::vector<Handover> out;
  for (const auto& id : ids()) out.push_back(HC_TRY(load(id)).handover);
  std::stable_sort(out.begin(), out.end(), [](const Handover& a, const Handover& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  for (const auto& h : out)
    if (!h.replaces.empty())
      for (auto& old : out)
        if (old.id == h.replaces && old.superseded_by.empty()) old.superseded_by = h.id;
  return out;
}

const Handover* latest_before(const std::vector<Handover>& oldest_first, TimePoint at) {
  for (auto it = oldest_first.rbegin(); it != oldest_first.rend(); ++it)
    if (it->created_at <= at) return &*it;
  return nullptr;
}

}  // namespace hypercare::handover
