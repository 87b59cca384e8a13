#include "hypercare/hotfix/repository.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/hotfix/fold.hpp"

namespace hypercare::hotfix {

namespace fs = std::filesystem;

namespace {

// HF-YYYYMMDD-XXXX
bool looks_like_id(std::string_view s) {
  return s.size() >= 16 && s.starts_with("HF-") && s[11] == '-' &&
         std::all_of(s.begin() + 3, s.begin() + 11, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

fs::path Repository::relative_path(std::string_view id) {
  std::string month = looks_like_id(id) ? fmt::format("{}-{}", id.substr(3, 4), id.substr(7, 2)) : "unknown";
  return fs::path(k_hotfix_dir) / month / (std::string(id) + ".jsonl");
}

std::vector<std::string> Repository::ids() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto month = fs::directory_iterator(m_ops / k_hotfix_dir, ec); !ec && month != fs::directory_iterator();
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
  std::string q = core::normalize_id_input(query);
  std::error_code ec;
  if (looks_like_id(q) && fs::is_regular_file(file_for(q), ec)) return q;
  return core::resolve_id(query, ids(), "hotfix", "hypercare hotfix list");
}

core::Result<Repository::Loaded> Repository::load(std::string_view id) const {
  auto path = file_for(id);
  auto file = store::read_jsonl(path);
  if (!file) {
    if (file.error().kind == core::ErrorKind::missing)
      return core::fail(core::ErrorKind::missing, fmt::format("no hotfix {}", id), "hypercare hotfix list");
    return std::unexpected(file.error());
  }
  auto h = HC_TRY(fold(*file, path));
  if (file->torn_tail)
    m_warn(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                       "`hypercare doctor --fix` repairs it",
                       path.string()));
  if (h.duplicate_creations)
    m_warn(fmt::format("{}: two hotfixes were recorded offline with the id {}; showing the first", path.string(), id));
  return Loaded{std::move(h), std::move(*file)};
}

core::Result<std::vector<Hotfix>> Repository::list(const Filter& filter) const {
  std::vector<Hotfix> out;
  for (const auto& id : ids()) {
    // The id carries the UTC start date: whole days outside the range are skipped unread.
    auto day = core::parse_date(fmt::format("{}-{}-{}", id.substr(3, 4), id.substr(7, 2), id.substr(9, 2)));
    if (day && filter.since && TimePoint(*day + std::chrono::days(1)) <= *filter.since) continue;
    if (day && filter.until && TimePoint(*day) >= *filter.until) continue;
    auto loaded = HC_TRY(load(id));
    auto& h = loaded.hotfix;
    if (filter.since && h.started_at < *filter.since) continue;
    if (filter.until && h.started_at >= *filter.until) continue;
    if (!filter.component.empty() && h.component != filter.component) continue;
    out.push_back(std::move(h));
  }
  std::stable_sort(out.begin(), out.end(), [](const Hotfix& a, const Hotfix& b) {
    return a.started_at != b.started_at ? a.started_at < b.started_at : a.id < b.id;
  });
  return out;
}

std::vector<Hotfix> latest_per_component(const std::vector<Hotfix>& oldest_first) {
  std::vector<Hotfix> out;
  for (auto it = oldest_first.rbegin(); it != oldest_first.rend(); ++it)
    if (std::none_of(out.begin(), out.end(), [&](const Hotfix& h) { return h.component == it->component; }))
      out.push_back(*it);
  return out;
}

}  // namespace hypercare::hotfix
