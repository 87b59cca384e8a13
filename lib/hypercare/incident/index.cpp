#include "hypercare/incident/index.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "hypercare/incident/fold.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view k_magic = "HCIDX03\n";
constexpr std::int64_t k_none = INT64_MIN;

struct Stamp {
  std::int64_t size = -1, sec = 0, nsec = 0;
  bool operator==(const Stamp&) const = default;
};

Stamp stamp_of(const struct stat& st) { return {st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec}; }

// One incident file's cached state: its stamp and either a summary or the error folding gave.
struct Entry {
  std::string file;  // file name inside its month directory
  Stamp stamp;
  std::string record;  // encoded summary (see encode), or empty with `error` set
  std::string error;
  std::string hint;
};

struct Month {
  Stamp stamp;  // the directory's mtime (size unused)
  std::vector<Entry> entries;
};

// ---- binary encoding ----------------------------------------------------------------------

struct Writer {
  std::string buf;
  void u8(unsigned v) { buf.push_back(char(v)); }
  void i64(std::int64_t v) { buf.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view s) {
    std::uint32_t n = std::uint32_t(s.size());
    buf.append(reinterpret_cast<const char*>(&n), sizeof n);
    buf.append(s);
  }
};

struct Reader {
  std::string_view data;
  std::size_t pos = 0;
  bool ok = true;
  bool need(std::size_t n) {
    if (pos + n > data.size()) ok = false;
    return ok;
  }
  unsigned u8() { return need(1) ? static_cast<unsigned char>(data[pos++]) : 0; }
  std::int64_t i64() {
    std::int64_t v = 0;
    if (need(sizeof v)) {
      std::memcpy(&v, data.data() + pos, sizeof v);
      pos += sizeof v;
    }
    return v;
  }
  std::string_view str() {
    std::uint32_t n = 0;
    if (!need(sizeof n)) return {};
    std::memcpy(&n, data.data() + pos, sizeof n);
    pos += sizeof n;
    if (!need(n)) return {};
    auto s = data.substr(pos, n);
    pos += n;
    return s;
  }
};

std::int64_t opt_time(const std::optional<TimePoint>& t) {
  return t ? t->time_since_epoch().count() : k_none;
}
std::optional<TimePoint> time_opt(std::int64_t v) {
  if (v == k_none) return std::nullopt;
  return TimePoint{core::Seconds{v}};
}

// The status byte comes first so that open-only listings can skip resolved records undecoded.
std::string encode(const Incident& inc) {
  Writer w;
  w.u8(unsigned(inc.status));
  w.u8(unsigned(inc.priority));
  w.u8(inc.torn_tail ? 1 : 0);
  w.i64(std::int64_t(inc.duplicate_creations));
  w.i64(inc.escalation_level);
  w.i64(inc.created_at.time_since_epoch().count());
  w.i64(opt_time(inc.acknowledged_at));
  w.i64(opt_time(inc.resolved_at));
  for (const std::string* s : {&inc.id, &inc.origin, &inc.title, &inc.component, &inc.impact,
                               &inc.description, &inc.assignee, &inc.created_by,
                               &inc.acknowledged_by, &inc.root_cause, &inc.resolution})
    w.str(*s);
  w.i64(std::int64_t(inc.tags.size()));
  for (const auto& t : inc.tags) w.str(t);
  return std::move(w.buf);
}

bool decode(std::string_view record, Incident& inc) {
  Reader r{record};
  inc.status = State(std::min(r.u8(), unsigned(State::resolved)));
  inc.priority = Priority(std::min(r.u8(), 3u));
  inc.torn_tail = r.u8() != 0;
  inc.duplicate_creations = std::size_t(r.i64());
  inc.escalation_level = int(r.i64());
  inc.created_at = TimePoint{core::Seconds{r.i64()}};
  inc.acknowledged_at = time_opt(r.i64());
  inc.resolved_at = time_opt(r.i64());
  for (std::string* s : {&inc.id, &inc.origin, &inc.title, &inc.component, &inc.impact,
                         &inc.description, &inc.assignee, &inc.created_by, &inc.acknowledged_by,
                         &inc.root_cause, &inc.resolution})
    *s = r.str();
  auto n = r.i64();
  for (std::int64_t i = 0; i < n && r.ok; ++i) inc.tags.emplace_back(r.str());
  return r.ok;
}

// ---- the cache file ---------------------------------------------------------------------------

fs::path cache_path(const fs::path& ops) { return ops / ".hypercare" / "cache" / "incidents.idx"; }

std::map<std::string, Month> read_cache(const fs::path& ops) {
  std::map<std::string, Month> months;
  auto text = store::read_file(cache_path(ops), std::size_t(1) << 31);
  if (!text || !text->starts_with(k_magic)) return months;
  Reader r{*text, k_magic.size()};
  auto n_months = r.i64();
  for (std::int64_t m = 0; m < n_months && r.ok; ++m) {
    std::string name(r.str());
    Month month;
    month.stamp = {0, r.i64(), r.i64()};
    auto n_entries = r.i64();
    for (std::int64_t i = 0; i < n_entries && r.ok; ++i) {
      Entry e;
      e.file = r.str();
      e.stamp = {r.i64(), r.i64(), r.i64()};
      e.record = r.str();
      e.error = r.str();
      e.hint = r.str();
      month.entries.push_back(std::move(e));
    }
    months.emplace(std::move(name), std::move(month));
  }
  if (!r.ok || r.str() != "end") return {};
  return months;
}

void write_cache(const fs::path& ops, const std::map<std::string, Month>& months) {
  Writer w;
  w.buf.append(k_magic);
  w.i64(std::int64_t(months.size()));
  for (const auto& [name, month] : months) {
    w.str(name);
    w.i64(month.stamp.sec);
    w.i64(month.stamp.nsec);
    w.i64(std::int64_t(month.entries.size()));
    for (const auto& e : month.entries) {
      w.str(e.file);
      w.i64(e.stamp.size);
      w.i64(e.stamp.sec);
      w.i64(e.stamp.nsec);
      w.str(e.record);
      w.str(e.error);
      w.str(e.hint);
    }
  }
  w.str("end");
  // Derived data: no fsync. A torn cache fails its "end" check and is rebuilt.
  auto path = cache_path(ops);
  if (!store::make_dirs(path.parent_path())) return;
  auto tmp = path;
  tmp += fmt::format(".tmp-{}", ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  std::string_view data = w.buf;
  bool ok = true;
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n <= 0) {
      ok = false;
      break;
    }
    data.remove_prefix(std::size_t(n));
  }
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

// Reads and folds one file, stamping it with the fstat of the descriptor it read.
Entry fold_file(const fs::path& dir, const std::string& name) {
  Entry e;
  e.file = name;
  auto path = dir / name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    if (fd >= 0) ::close(fd);
    e.error = fmt::format("{}: cannot read: {}", path.string(), store::errno_text(errno));
    return e;
  }
  e.stamp = stamp_of(st);
  if (std::size_t(st.st_size) > store::k_max_record_bytes) {
    ::close(fd);
    e.error = fmt::format("{}: {} bytes is more than the {} allowed", path.string(), st.st_size,
                          store::k_max_record_bytes);
    return e;
  }
  std::string text(std::size_t(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    auto n = ::pread(fd, text.data() + got, text.size() - got, off_t(got));
    if (n <= 0) break;
    got += std::size_t(n);
  }
  ::close(fd);
  text.resize(got);
  auto parsed = store::parse_jsonl(text, path);
  core::Result<Incident> inc = parsed ? fold(*parsed, path, {.timeline = false})
                                      : core::Result<Incident>(std::unexpected(parsed.error()));
  if (!inc) {
    e.error = inc.error().message;
    e.hint = inc.error().hint;
  } else {
    e.record = encode(*inc);
  }
  return e;
}

bool is_month_name(const char* n) {
  return std::strlen(n) == 7 && n[4] == '-';
}

bool is_incident_file(std::string_view n) {
  return n.size() > 6 && n.ends_with(".jsonl") && n.starts_with("INC-");
}

}  // namespace

core::Result<std::vector<Incident>> load_summaries(const fs::path& ops, IndexOptions options,
                                                   const core::WarningSink& warn) {
  auto root = ops / "incidents";
  std::map<std::string, Month> cached = options.use_cache ? read_cache(ops) : std::map<std::string, Month>{};
  std::map<std::string, Month> fresh;
  bool changed = false;

  std::vector<std::string> month_names;
  if (DIR* d = ::opendir(root.c_str())) {
    while (auto* de = ::readdir(d))
      if (is_month_name(de->d_name)) month_names.emplace_back(de->d_name);
    ::closedir(d);
  }
  std::sort(month_names.begin(), month_names.end());

  struct Pending {
    Month* month;
    std::size_t index;
    fs::path dir;
  };
  std::vector<Pending> to_fold;
  for (const auto& name : month_names) {
    auto dir = root / name;
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    Month month;
    month.stamp = {0, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    auto hit = cached.find(name);
    if (hit != cached.end() && hit->second.stamp == month.stamp) {
      fresh.emplace(name, std::move(hit->second));
      continue;
    }
    changed = true;
    std::map<std::string, Entry*> old;
    if (hit != cached.end())
      for (auto& e : hit->second.entries) old.emplace(e.file, &e);
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) continue;
    DIR* d = ::fdopendir(dfd);
    std::vector<std::string> files;
    while (auto* de = ::readdir(d))
      if (is_incident_file(de->d_name)) files.emplace_back(de->d_name);
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      struct stat fst {};
      auto o = old.find(f);
      if (o != old.end() && ::fstatat(dfd, f.c_str(), &fst, 0) == 0 && stamp_of(fst) == o->second->stamp) {
        month.entries.push_back(std::move(*o->second));
      } else {
        month.entries.push_back(Entry{f, {}, {}, {}, {}});
      }
    }
    ::closedir(d);
    auto [it, _] = fresh.emplace(name, std::move(month));
    for (std::size_t i = 0; i < it->second.entries.size(); ++i)
      if (it->second.entries[i].stamp.size < 0) to_fold.push_back({&it->second, i, dir});
  }
  if (fresh.size() != cached.size()) changed = true;

  // Folding is the slow part of a cold start: spread it over the cores.
  if (!to_fold.empty()) {
    unsigned workers = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
    if (to_fold.size() < 64) workers = 1;
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w)
      pool.emplace_back([&, w] {
        for (std::size_t i = w; i < to_fold.size(); i += workers) {
          auto& p = to_fold[i];
          auto& entry = p.month->entries[p.index];
          entry = fold_file(p.dir, entry.file);
        }
      });
    for (auto& t : pool) t.join();
  }
  if (changed && options.use_cache) write_cache(ops, fresh);

  std::vector<Incident> out;
  const core::Error* first_error = nullptr;
  core::Error err;
  for (const auto& [name, month] : fresh) {
    for (const auto& e : month.entries) {
      if (!e.error.empty()) {
        if (!first_error) {
          err = core::Error{core::ErrorKind::data, e.error, e.hint};
          first_error = &err;
        }
        continue;
      }
      if (options.open_only && !e.record.empty() && State(static_cast<unsigned char>(e.record[0])) == State::resolved)
        continue;
      Incident inc;
      if (!decode(e.record, inc)) continue;
      if (inc.torn_tail)
        warn(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                         "`hypercare doctor --fix` repairs it",
                         (root / name / e.file).string()));
      out.push_back(std::move(inc));
    }
  }
  if (first_error) return std::unexpected(*first_error);
  std::sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) { return a.id < b.id; });
  return out;
}

}  // namespace hypercare::incident
