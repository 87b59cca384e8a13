#include "hypercare/incident/index.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "hypercare/core/memory.hpp"
#include "hypercare/core/parallel.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/incident/index_format.hpp"
#include "hypercare/incident/record_file.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/lock.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

namespace fs = std::filesystem;
using namespace index_format;

std::string_view IndexKey::id_view() const {
  return std::string_view(id.data(), strnlen(id.data(), id.size()));
}

// The bytes of an index: a read-only mapping of the cache file, or a buffer built in memory; and
// its segments, read once.
struct Snapshot::Storage {
  const char* data = nullptr;
  std::size_t size = 0;
  void* map = nullptr;
  std::string owned;
  std::optional<View> parsed;
  dev_t dev = 0;  // of the file mapped: a patch is appended only to this very file
  ino_t ino = 0;

  Storage() = default;
  explicit Storage(std::string bytes) : owned(std::move(bytes)) {
    data = owned.data();
    size = owned.size();
    parsed.emplace(data, size);
  }
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage() {
    if (map) ::munmap(map, size);
  }
  const View& view() const { return *parsed; }
};

namespace {

using Storage = Snapshot::Storage;

Stamp stamp_of(const struct stat& st) { return {st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec}; }

fs::path cache_path(const fs::path& ops) { return ops / ".hypercare" / "cache" / "incidents.idx"; }

std::shared_ptr<Storage> map_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return nullptr;
  struct stat st {};
  std::shared_ptr<Storage> s;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    void* p = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      s = std::make_shared<Storage>();
      s->map = p;
      s->data = static_cast<const char*>(p);
      s->size = std::size_t(st.st_size);
      s->parsed.emplace(s->data, s->size);
      s->dev = st.st_dev;
      s->ino = st.st_ino;
    }
  }
  ::close(fd);
  if (s && !s->view().valid()) return nullptr;
  return s;
}

Pending fold_file_once(const fs::path& dir, const std::string& name, bool* torn);

// Reads and folds one file, stamping it with the fstat of the descriptor it read. A line without
// its newline may be a writer's append in progress: once no writer holds the ops lock, it is read
// again (store/jsonl.cpp, read_jsonl).
Pending fold_file(const fs::path& dir, const std::string& name) {
  bool torn = false;
  auto p = fold_file_once(dir, name, &torn);
  if (torn && store::wait_for_writers(dir / name, store::k_writer_wait)) p = fold_file_once(dir, name, &torn);
  return p;
}

Pending fold_file_once(const fs::path& dir, const std::string& name, bool* torn) {
  auto path = dir / name;
  struct stat st {};
  auto opened = store::open_regular(path, O_RDONLY, &st);
  if (!opened) return make_error(name, {}, opened.error().message, opened.error().hint);
  int fd = *opened;
  Stamp stamp = stamp_of(st);
  if (std::size_t(st.st_size) > store::k_max_record_bytes) {
    ::close(fd);
    return make_error(name, stamp, fmt::format("{}: {} bytes is more than the {} allowed", path.string(), st.st_size,
                                               store::k_max_record_bytes), "");
  }
  std::string text;
  text.resize(std::size_t(st.st_size));
  std::size_t got = 0;
  while (got < text.size()) {
    auto n = ::pread(fd, text.data() + got, text.size() - got, off_t(got));
    if (n <= 0) break;
    got += std::size_t(n);
  }
  ::close(fd);
  text.resize(got);
  if (auto flat = fold_flat(text, path, {.timeline = false, .before = std::nullopt}))
    return make_entry(name, stamp, *flat);
  auto parsed = store::parse_jsonl(text, path);
  if (!parsed) return make_error(name, stamp, parsed.error().message, parsed.error().hint);
  *torn = parsed->torn_tail;
  bool routed = false;
  auto file = with_routed_events(std::move(*parsed), path, &routed);
  auto inc = fold(file, path, {.timeline = false, .before = std::nullopt});
  if (!inc) return make_error(name, stamp, inc.error().message, inc.error().hint);
  auto entry = make_entry(name, stamp, *inc);
  if (routed) entry.rec.flags |= k_flag_routed;
  return entry;
}

bool is_month_name(const char* n) { return std::strlen(n) == 7 && n[4] == '-'; }
bool is_incident_file(std::string_view n) { return n.size() > 6 && n.ends_with(".jsonl") && n.starts_with("INC-"); }

std::vector<std::string> list_dir(const fs::path& dir, bool (*keep)(const char*)) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (auto* de = ::readdir(d))
      if (keep(de->d_name)) out.emplace_back(de->d_name);
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Plan {
  std::vector<MonthPlan> months;
  bool lost = false;  // a month or a file of the old index is gone: a patch cannot say so
};

// Works out, month by month, which entries of the old index still hold and which files must be
// folded again. Returns nullopt when the old index is current as it is. A month whose directory
// did not move is taken as it stands, unless `every_file`: then each file's size and mtime are
// compared too (a record appended to by hand moves no directory).
std::optional<Plan> plan(const fs::path& root, const View* old, bool every_file) {
  std::map<std::string, std::size_t, std::less<>> old_months;
  if (old)
    for (std::size_t m = 0; m < old->month_count(); ++m) old_months.emplace(old->month(m).name, m);
  Plan out;
  auto& months = out.months;
  bool changed = !old;
  std::size_t seen = 0;  // months of the old index still there
  for (const auto& name : list_dir(root, is_month_name)) {
    auto dir = root / name;
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      changed = true;
      continue;
    }
    MonthPlan mp;
    mp.name = name;
    mp.stamp = {0, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    auto hit = old_months.find(name);
    const Month* rec = hit == old_months.end() ? nullptr : &old->month(hit->second);
    if (rec) ++seen;
    const bool same_dir = rec && rec->sec == mp.stamp.sec && rec->nsec == mp.stamp.nsec;
    auto keep = [&] {
      mp.entries.clear();
      mp.kept = hit->second;
      months.push_back(std::move(mp));
    };
    if (same_dir && !every_file) {
      keep();
      continue;
    }
    std::map<std::string_view, std::uint64_t> old_files;
    if (rec) old->each_entry(hit->second, [&](std::uint64_t e) { old_files.emplace(old->file_name(e), e); });
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    auto files = list_dir(dir, [](const char* n) { return is_incident_file(n); });
    // The files the old index holds, stat'ed on every core: `doctor` stats all 100 000.
    std::vector<std::optional<Stamp>> now(files.size());
    core::parallel_for(files.size(), 1024, [&](std::size_t i) {
      struct stat fst {};
      if (dfd >= 0 && old_files.contains(files[i]) && ::fstatat(dfd, files[i].c_str(), &fst, 0) == 0)
        now[i] = stamp_of(fst);
    });
    bool refold = false;
    std::size_t still_there = 0;  // files of the old month listed again
    for (std::size_t i = 0; i < files.size(); ++i) {
      const auto& f = files[i];
      auto o = old_files.find(f);
      if (o != old_files.end()) ++still_there;
      // An incident split off another file reads that file too: fold it again whenever the month changed.
      if (o != old_files.end() && now[i] && old->entry(o->second).stamp() == *now[i] &&
          (same_dir || !(old->entry(o->second).flags & k_flag_routed))) {
        mp.entries.push_back(Planned{o->second, false, {}, k_no_entry});
      } else {
        Planned p;
        p.pending.file = f;
        if (o != old_files.end()) p.replaces = o->second;
        mp.entries.push_back(std::move(p));  // folded later, in parallel
        refold = true;
      }
    }
    if (dfd >= 0) ::close(dfd);
    if (still_there < old_files.size()) out.lost = true;
    if (same_dir && !refold && mp.entries.size() == old_files.size()) {
      keep();
      continue;
    }
    changed = true;
    months.push_back(std::move(mp));
  }
  if (old && seen < old->month_count()) changed = out.lost = true;
  if (!changed) return std::nullopt;
  return out;
}

// Folding is the slow part of a cold start: spread it over the cores.
void fold_month(const fs::path& root, MonthPlan& month) {
  std::vector<std::pair<const std::string*, Pending*>> work;
  for (auto& e : month.entries)
    if (e.old == k_new && !e.folded) {
      work.emplace_back(&month.name, &e.pending);
      e.folded = true;
    }
  // A cold build reads thousands of files on every thread, each buffer freed as the next comes:
  // handed back to the system as they are freed, they do not stay behind beside the summaries
  // (at 100 000 incidents a cold `list --all` peaked 15 MiB higher than a warm one without this).
  if (work.size() >= 1024) core::give_back_pages_as_freed();
  core::parallel_for(work.size(), 64, [&](std::size_t i) {
    auto& [name, pending] = work[i];
    *pending = fold_file(root / *name, pending->file);
  });
}

}  // namespace

void Snapshot::decode(std::size_t i, Incident& out) const {
  decode_summary(m_storage->view(), m_keys[i].entry, out);
}

Incident Snapshot::decode(std::size_t i) const {
  Incident inc;
  decode(i, inc);
  return inc;
}

std::vector<std::string> ids_on_disk(const fs::path& ops_dir, const std::function<bool(std::string_view)>& keep,
                                     bool use_index) {
  auto root = ops_dir / "incidents";
  // The index names every file of each month it holds, as of the directory's mtime: where that
  // has not moved, its fixed-size entries are read instead of the directory (100 000 names).
  std::shared_ptr<Storage> index = use_index ? map_file(cache_path(ops_dir)) : nullptr;
  const View* view = index ? &index->view() : nullptr;
  std::map<std::string_view, std::size_t> indexed;
  for (std::size_t m = 0; view && m < view->month_count(); ++m) indexed.emplace(view->month(m).name, m);
  std::vector<std::string> ids;
  for (const auto& month : list_dir(root, is_month_name)) {
    auto dir = root / month;
    if (auto hit = indexed.find(month); hit != indexed.end()) {
      const Month& rec = view->month(hit->second);
      if (store::mtime_of(dir) == store::Mtime{rec.sec, rec.nsec}) {
        bool whole = true;
        std::vector<std::string> found;
        view->each_entry(hit->second, [&](std::uint64_t e) {
          if (!whole) return;
          if (!view->entry_ok(e)) {
            whole = false;  // a damaged cache file: the directory says
            return;
          }
          auto entry = view->entry(e);
          std::string_view id(entry.id, strnlen(entry.id, sizeof entry.id));
          // The file's own name where the entry's id is not it: an unreadable or misplaced record.
          if (entry.flags & (k_flag_error | k_flag_misnamed)) {
            id = view->file_name(e);
            id.remove_suffix(std::min(id.size(), std::string_view(".jsonl").size()));
          }
          if (keep(id)) found.emplace_back(id);
        });
        if (whole) {
          std::move(found.begin(), found.end(), std::back_inserter(ids));
          continue;
        }
      }
    }
    if (DIR* d = ::opendir(dir.c_str())) {
      // Names are compared where readdir left them: only the few kept become strings.
      while (auto* de = ::readdir(d)) {
        std::string_view name = de->d_name;
        if (!is_incident_file(name)) continue;
        name.remove_suffix(std::string_view(".jsonl").size());
        if (keep(name)) ids.emplace_back(name);
      }
      ::closedir(d);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

namespace {

// A patch is worth appending while it stays small beside the base, and the chain short.
constexpr std::size_t k_max_patches = 32;
bool patchable(const View& old, const Plan& plan) {
  if (plan.lost || old.patch_count() >= k_max_patches) return false;
  std::uint64_t fresh = 0;
  for (const auto& m : plan.months)
    for (const auto& p : m.entries) fresh += p.old == k_new;
  return old.patch_entries() + fresh <= std::max<std::uint64_t>(64, old.base_entries() / 8);
}

// Appends `patch` to the cache file `old` was mapped from, if that file is still the same one,
// whole, at the length `old` read (no other process appended or replaced it meanwhile).
bool append_patch(const fs::path& path, const Storage& old, std::string_view patch) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  bool ok = false;
  struct stat st {};
  if (::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &st) == 0 && st.st_dev == old.dev && st.st_ino == old.ino &&
      std::uint64_t(st.st_size) == old.view().length()) {
    ok = true;
    while (ok && !patch.empty()) {
      auto n = ::write(fd, patch.data(), patch.size());
      ok = n > 0;
      if (ok) patch.remove_prefix(std::size_t(n));
    }
  }
  ::close(fd);  // releases the lock; a patch cut short is ignored by readers and replaced by a new base
  return ok;
}

// The index brought up to date with the files: the cache file as it is when current; else with
// what changed appended to it as a patch, or rewritten whole (or built in memory when the cache is
// off or cannot be written). `anew`: from the files alone, the cache file left aside.
core::Result<std::shared_ptr<Storage>> refresh(const fs::path& ops, bool use_cache, bool every_file, bool anew) {
  auto root = ops / "incidents";
  std::shared_ptr<Storage> old = use_cache && !anew ? map_file(cache_path(ops)) : nullptr;
  const View* old_view = old ? &old->view() : nullptr;
  auto planned = plan(root, old_view, every_file);
  if (!planned) {
    if (old) return old;
    std::vector<MonthPlan> none;  // no incidents directory and no cache
    return std::make_shared<Storage>(build_index(none, nullptr, nullptr));
  }
  auto& months = planned->months;
  auto fold_one = [&](MonthPlan& m) { fold_month(root, m); };
  auto path = cache_path(ops);
  if (old && patchable(*old_view, *planned)) {
    for (auto& m : months) fold_one(m);
    if (append_patch(path, *old, build_patch(months)))
      if (auto mapped = map_file(path)) return mapped;
  }
  if (use_cache && store::make_dirs(path.parent_path())) {
    auto tmp = path;
    tmp += fmt::format(".tmp-{}", ::getpid());
    // Derived data: no fsync. A torn index fails its trailer check and is rebuilt.
    if (write_index(tmp, months, old_view, fold_one) && ::rename(tmp.c_str(), path.c_str()) == 0) {
      planned.reset();  // the folded summaries are in the file now:
      core::give_back_freed_pages();  // give their memory back before the file is mapped and read
      if (auto mapped = map_file(path)) return mapped;
      return core::fail(core::ErrorKind::io, "the incident index changed while it was read; try again");
    }
    ::unlink(tmp.c_str());
  }
  return std::make_shared<Storage>(build_index(months, old_view, fold_one));
}

bool entries_ok(const View& view) {
  bool ok = true;
  for (std::size_t m = 0; m < view.month_count() && ok; ++m) view.each_entry(m, [&](std::uint64_t e) { ok = ok && view.entry_ok(e); });
  return ok;
}

// refresh(), with every entry checked before any is used (entry_ok): a damaged one means a damaged
// cache file, and the index is built again from the files.
core::Result<std::shared_ptr<Storage>> refreshed(const fs::path& ops, bool use_cache, bool every_file) {
  auto index = HC_TRY(refresh(ops, use_cache, every_file, false));
  if (entries_ok(index->view())) return index;
  return refresh(ops, use_cache, every_file, true);
}

}  // namespace

void index_appended(const fs::path& ops, const fs::path& file, const store::AppendResult& appended) {
  if (!appended.dir_before || !appended.dir_after) return;
  auto old = map_file(cache_path(ops));
  if (!old) return;
  const View& view = old->view();
  const auto month = file.parent_path().filename().string();
  const auto name = file.filename().string();
  std::optional<std::size_t> m;
  for (std::size_t i = 0; i < view.month_count() && !m; ++i)
    if (view.month(i).name == month) m = i;
  // A month the index does not hold yet, or one that changed since it was read: the next read's.
  if (!m || store::Mtime{view.month(*m).sec, view.month(*m).nsec} != *appended.dir_before) return;
  Planned p;
  bool routed = false, damaged = false;
  view.each_entry(*m, [&](std::uint64_t e) {
    if (!view.entry_ok(e)) damaged = true;
    else if (view.entry(e).flags & k_flag_routed) routed = true;  // reads other files: a refresh refolds it
    else if (view.file_name(e) == name) p.replaces = e;
  });
  if (routed || damaged) return;
  Plan plan;
  auto& mp = plan.months.emplace_back();
  mp.name = month;
  mp.stamp = {0, appended.dir_after->sec, appended.dir_after->nsec};
  auto& entry = mp.entries.emplace_back(std::move(p));
  if (!patchable(view, plan)) return;
  // Not fold_file(): it waits for writers on a torn line, and this process is the writer. A line
  // torn by someone else is left to the next read.
  bool torn = false;
  entry.pending = fold_file_once(file.parent_path(), name, &torn);
  if (torn) return;
  entry.folded = true;
  append_patch(cache_path(ops), *old, build_patch(plan.months));
}

core::Status verify_index(const fs::path& ops) {
  auto index = refreshed(ops, true, true);
  if (!index) return std::unexpected(index.error());
  return {};
}

core::Result<Snapshot> load_snapshot(const fs::path& ops, IndexOptions options, const core::WarningSink& warn) {
  auto root = ops / "incidents";
  auto current = HC_TRY(refreshed(ops, options.use_cache, false));
  const View& view = current->view();
  std::vector<IndexKey> keys;
  if (!options.open_only && !options.keep) keys.reserve(view.base_entries() + view.patch_entries());
  std::vector<Unreadable> unreadable;
  std::vector<std::string> warnings;
  for (std::size_t m = 0; m < view.month_count(); ++m) {
    std::string_view month = view.month(m).name;
    view.each_entry(m, [&](std::uint64_t e) {
      const auto& rec = view.entry(e);
      if (rec.flags & k_flag_error) {
        Unreadable u;
        std::string name(view.file_name(e));
        u.id = name.substr(0, name.size() - std::string_view(".jsonl").size());
        u.file = (root / month / name).string();
        u.error = view.error(e);
        // "path:LINE: what" names the line when there is one.
        if (u.error.message.starts_with(u.file + ":")) {
          auto rest = std::string_view(u.error.message).substr(u.file.size() + 1);
          std::size_t n = 0;
          auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
          if (ec == std::errc() && end != rest.data() && *end == ':') u.line = n;
        }
        unreadable.push_back(std::move(u));
        return;
      }
      if (rec.flags & k_flag_torn)
        warnings.push_back(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                                       "`hypercare doctor --fix` repairs it",
                                       (root / month / view.file_name(e)).string()));
      if (rec.flags & k_flag_duplicate)
        warnings.push_back(fmt::format("{}: two incidents were created offline with one id; only the first is "
                                       "listed. `hypercare doctor --fix` gives the other its own id",
                                       (root / month / view.file_name(e)).string()));
      if (options.open_only && State(rec.status) == State::resolved) return;
      auto key = key_of(view, e);
      if (options.keep && !options.keep(key)) return;
      keys.push_back(key);
    });
  }
  // In file order, whatever segment each entry came from.
  std::sort(warnings.begin(), warnings.end());
  for (const auto& w : warnings) warn(w);
  std::sort(unreadable.begin(), unreadable.end(), [](const Unreadable& a, const Unreadable& b) { return a.file < b.file; });
  // Byte order of the NUL-padded ids, as string_view compares them. Months and file names are
  // in id order already: usually nothing is left to sort.
  auto by_id = [](const IndexKey& a, const IndexKey& b) { return std::memcmp(a.id.data(), b.id.data(), a.id.size()) < 0; };
  if (!std::is_sorted(keys.begin(), keys.end(), by_id)) std::sort(keys.begin(), keys.end(), by_id);
  return Snapshot(current, std::move(keys), std::move(unreadable));
}

}  // namespace hypercare::incident
