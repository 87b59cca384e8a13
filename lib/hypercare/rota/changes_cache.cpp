#include "hypercare/rota/changes_cache.hpp"

#include <sys/stat.h>

#include <cstring>

#include <fmt/format.h>

#include "hypercare/store/fs.hpp"

namespace hypercare::rota {

namespace {

namespace fs = std::filesystem;
constexpr std::string_view k_magic = "HCROTA01";

struct Key {
  std::int64_t size, sec, nsec, ino;
  bool operator==(const Key&) const = default;
};

struct Writer {
  std::string buf;
  void i64(std::int64_t v) { buf.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view s) {
    i64(std::int64_t(s.size()));
    buf.append(s);
  }
  void time(TimePoint t) { i64(t.time_since_epoch().count()); }
};

struct Reader {
  std::string_view data;
  std::size_t pos = 0;
  bool ok = true;
  std::int64_t i64() {
    std::int64_t v = 0;
    if (pos + sizeof v > data.size()) {
      ok = false;
      return 0;
    }
    std::memcpy(&v, data.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::string str() {
    auto n = i64();
    if (!ok || n < 0 || pos + std::size_t(n) > data.size()) {
      ok = false;
      return {};
    }
    std::string s(data.substr(pos, std::size_t(n)));
    pos += std::size_t(n);
    return s;
  }
  TimePoint time() { return TimePoint{core::Seconds{i64()}}; }
};

std::string encode(const Key& key, bool torn, const Changes& c) {
  Writer w;
  w.buf.append(k_magic);
  for (auto v : {key.size, key.sec, key.nsec, key.ino, std::int64_t(torn)}) w.i64(v);
  w.i64(std::int64_t(c.overrides.size()));
  for (const auto& o : c.overrides) {
    for (const auto* s : {&o.id, &o.member, &o.replacing, &o.message, &o.actor}) w.str(*s);
    w.time(o.from);
    w.time(o.to);
    w.time(o.created_at);
    w.i64(std::int64_t(o.order));
    w.i64(o.cancelled);
  }
  w.i64(std::int64_t(c.swaps.size()));
  for (const auto& s : c.swaps) {
    for (const auto* x : {&s.id, &s.slot_a, &s.slot_b, &s.message, &s.actor}) w.str(*x);
    w.i64(s.day_a.time_since_epoch().count());
    w.i64(s.day_b.time_since_epoch().count());
    w.time(s.created_at);
    w.i64(s.cancelled);
  }
  w.str("end");
  return std::move(w.buf);
}

bool decode(std::string_view data, const Key& key, bool& torn, Changes& c) {
  if (!data.starts_with(k_magic)) return false;
  Reader r{data, k_magic.size()};
  Key stored{r.i64(), r.i64(), r.i64(), r.i64()};
  torn = r.i64() != 0;
  if (!r.ok || !(stored == key)) return false;
  auto n = r.i64();
  for (std::int64_t i = 0; i < n && r.ok; ++i) {
    Override o;
    for (auto* s : {&o.id, &o.member, &o.replacing, &o.message, &o.actor}) *s = r.str();
    o.from = r.time();
    o.to = r.time();
    o.created_at = r.time();
    o.order = std::size_t(r.i64());
    o.cancelled = r.i64() != 0;
    c.overrides.push_back(std::move(o));
  }
  n = r.i64();
  for (std::int64_t i = 0; i < n && r.ok; ++i) {
    Swap s;
    for (auto* x : {&s.id, &s.slot_a, &s.slot_b, &s.message, &s.actor}) *x = r.str();
    s.day_a = std::chrono::sys_days{std::chrono::days{r.i64()}};
    s.day_b = std::chrono::sys_days{std::chrono::days{r.i64()}};
    s.created_at = r.time();
    s.cancelled = r.i64() != 0;
    c.swaps.push_back(std::move(s));
  }
  return r.ok && r.str() == "end";
}

}  // namespace

core::Result<Changes> read_changes(const fs::path& ops, const core::WarningSink& warn, bool use_cache) {
  auto path = ops / k_changes_file;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Changes{};
  Key key{st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, std::int64_t(st.st_ino)};
  auto cache = ops / ".hypercare" / "cache" / "rota-changes.bin";
  auto torn_warning = [&] {
    warn(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                     "`hypercare doctor --fix` repairs it",
                     path.string()));
  };
  if (use_cache) {
    if (auto bytes = store::read_file(cache, std::size_t(1) << 30)) {
      Changes c;
      bool torn = false;
      if (decode(*bytes, key, torn, c)) {
        if (torn) torn_warning();
        return c;
      }
    }
  }
  bool torn = false, skipped = false;
  auto c = HC_TRY(load_changes(ops, [&](const std::string& m) {
    (m.find("the last line is incomplete") != std::string::npos ? torn : skipped) = true;
    warn(m);
  }));
  c.file = {};
  // The key is the stat taken before reading: a write racing this read leaves a stale key, which
  // the next reader notices. A file with skipped lines is not cached: each read says so again.
  if (use_cache && !skipped) (void)store::atomic_replace(cache, encode(key, torn, c));  // derived: failure is harmless
  return c;
}

}  // namespace hypercare::rota
