#include "hypercare/incident/index_format.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <functional>

namespace hypercare::incident::index_format {

namespace {

constexpr char k_magic[8] = {'H', 'C', 'I', 'D', 'X', '1', '3', '\n'};
constexpr char k_patch_magic[8] = {'H', 'C', 'P', 'A', 'T', 'C', 'H', '\n'};
constexpr char k_trailer[8] = {'H', 'C', 'E', 'N', 'D', '0', '4', '\n'};

struct Header {
  char magic[8];
  std::uint64_t n_months, n_entries, months_off, entries_off, blob_off, total, reserved;
};
static_assert(sizeof(Header) == 64);

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void put_str(std::string& out, std::string_view s) {
  std::uint32_t n = std::uint32_t(s.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(s);
}

void put_i64(std::string& out, std::int64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

struct Reader {
  std::string_view data;
  std::size_t pos = 0;
  std::string_view str() {
    if (pos + 4 > data.size()) return {};
    auto n = load<std::uint32_t>(data.data() + pos);
    pos += 4;
    if (pos + n > data.size()) return {};
    auto s = data.substr(pos, n);
    pos += n;
    return s;
  }
  std::int64_t i64() {
    if (pos + 8 > data.size()) return 0;
    auto v = load<std::int64_t>(data.data() + pos);
    pos += 8;
    return v;
  }
};

std::int64_t opt_time(const std::optional<TimePoint>& t) { return t ? t->time_since_epoch().count() : k_none; }
std::optional<TimePoint> time_opt(std::int64_t v) {
  if (v == k_none) return std::nullopt;
  return TimePoint{core::Seconds{v}};
}

Header header_of(const char* data) { return load<Header>(data); }

std::uint8_t opt_priority(const std::optional<Priority>& p) { return p ? std::uint8_t(*p) : k_no_priority; }
std::optional<Priority> priority_opt(std::uint8_t v) {
  if (v > std::uint8_t(Priority::P4)) return std::nullopt;
  return Priority(v);
}

}  // namespace

Pending make_entry(std::string file, Stamp stamp, const Incident& inc) {
  Pending p;
  p.rec.size = stamp.size;
  p.rec.sec = stamp.sec;
  p.rec.nsec = stamp.nsec;
  p.rec.status = std::uint8_t(inc.status);
  p.rec.priority = std::uint8_t(inc.priority);
  const bool named_after_id = file.starts_with(inc.id) && std::string_view(file).substr(inc.id.size()) == ".jsonl";
  p.rec.flags = std::uint8_t((inc.torn_tail ? k_flag_torn : 0) | (inc.duplicate_creations ? k_flag_duplicate : 0) |
                             (inc.response_breach_recorded ? k_flag_response_breach : 0) |
                             (inc.resolution_breach_recorded ? k_flag_resolution_breach : 0) |
                             (named_after_id ? 0 : k_flag_misnamed));
  p.rec.created = inc.created_at.time_since_epoch().count();
  p.rec.acknowledged = opt_time(inc.acknowledged_at);
  p.rec.resolved = opt_time(inc.resolved_at);
  p.rec.resolved_for = inc.resolved_for.count();
  p.rec.last_event = inc.last_event.time_since_epoch().count();
  p.rec.response_priority = opt_priority(inc.response_priority);
  p.rec.resolution_priority = opt_priority(inc.resolution_priority);
  p.rec.kind = std::uint8_t(inc.resolution_kind);
  p.rec.replaces = k_no_entry;
  std::memcpy(p.rec.id, inc.id.data(), std::min(inc.id.size(), sizeof p.rec.id));
  put_str(p.blob, file);
  put_str(p.blob, inc.id);
  for (const std::string* s : {&inc.origin, &inc.title, &inc.component, &inc.impact, &inc.description, &inc.assignee,
                               &inc.created_by, &inc.acknowledged_by, &inc.root_cause, &inc.resolution})
    put_str(p.blob, *s);
  put_i64(p.blob, std::int64_t(inc.duplicate_creations));
  put_i64(p.blob, inc.escalation_level);
  put_i64(p.blob, std::int64_t(inc.tags.size()));
  for (const auto& t : inc.tags) put_str(p.blob, t);
  put_i64(p.blob, opt_time(inc.escalated_at));
  put_str(p.blob, inc.duplicate_of);
  auto alert = inc.labels.find("alertname");
  put_str(p.blob, alert == inc.labels.end() ? std::string_view() : std::string_view(alert->second));
  put_str(p.blob, inc.fingerprint);
  put_i64(p.blob, inc.alert_quiet ? 1 : 0);
  put_str(p.blob, inc.maintenance);
  put_str(p.blob, inc.runbook_url);
  p.file = std::move(file);
  return p;
}

Pending make_error(std::string file, Stamp stamp, const std::string& message, const std::string& hint) {
  Pending p;
  p.rec.size = stamp.size;
  p.rec.sec = stamp.sec;
  p.rec.nsec = stamp.nsec;
  p.rec.flags = k_flag_error;
  p.rec.created = p.rec.acknowledged = p.rec.resolved = k_none;
  p.rec.response_priority = p.rec.resolution_priority = k_no_priority;
  p.rec.replaces = k_no_entry;
  put_str(p.blob, file);
  put_str(p.blob, "");
  put_str(p.blob, message);
  put_str(p.blob, hint);
  p.file = std::move(file);
  return p;
}

View::View(const char* data, std::size_t size) : m_data(data), m_size(size) {
  auto base = read_segment(0, true);
  if (!base) return;
  m_segments.push_back(*base);
  m_entries = base->n_entries;
  for (std::uint64_t m = 0; m < base->n_months; ++m) {
    auto r = month_rec(*base, m);
    m_months.push_back(Month{std::string(r.name_view()), r.sec, r.nsec, r.first, r.count, {}, {}});
  }
  m_length = base->total;
  Replacements done;
  // Patches in the order they were appended; the first that is not whole ends the chain (an
  // append cut short, or bytes that are not a patch).
  while (auto patch = read_segment(m_length, false)) {
    patch->first = m_entries;
    if (!apply_patch(*patch, done)) break;
    m_segments.push_back(*patch);
    m_entries += patch->n_entries;
    m_length += patch->total;
  }
  for (auto& mo : m_months) std::sort(mo.replaced.begin(), mo.replaced.end());
  std::sort(m_months.begin(), m_months.end(), [](const Month& a, const Month& b) { return a.name < b.name; });
  m_valid = true;
}

std::optional<View::Segment> View::read_segment(std::uint64_t at, bool base) const {
  if (at > m_size || m_size - at < sizeof(Header) + sizeof k_trailer) return std::nullopt;
  auto h = header_of(m_data + at);
  if (std::memcmp(h.magic, base ? k_magic : k_patch_magic, sizeof k_magic) != 0) return std::nullopt;
  if (h.total > m_size - at || h.total < sizeof(Header) + sizeof k_trailer) return std::nullopt;
  if (std::memcmp(m_data + at + h.total - sizeof k_trailer, k_trailer, sizeof k_trailer) != 0) return std::nullopt;
  if (h.months_off != sizeof(Header) || h.n_months > h.total / sizeof(MonthRec) || h.n_entries > h.total / sizeof(EntryRec))
    return std::nullopt;
  if (h.entries_off != h.months_off + h.n_months * sizeof(MonthRec) ||
      h.blob_off != h.entries_off + h.n_entries * sizeof(EntryRec) || h.blob_off > h.total - sizeof k_trailer)
    return std::nullopt;
  Segment s{at,           h.n_months, h.n_entries, at + h.months_off, at + h.entries_off, at + h.blob_off,
            h.total - sizeof k_trailer - h.blob_off, h.total, 0};
  std::uint64_t next = 0;
  for (std::uint64_t m = 0; m < h.n_months; ++m) {
    auto r = month_rec(s, m);
    if (r.first != next || r.count > h.n_entries - r.first || r.name[sizeof r.name - 1] != '\0') return std::nullopt;
    next += r.count;
  }
  if (next != h.n_entries) return std::nullopt;
  return s;
}

MonthRec View::month_rec(const Segment& s, std::uint64_t m) const {
  return load<MonthRec>(m_data + s.months_off + m * sizeof(MonthRec));
}

// A patch entry names the entry it replaces (the file's entry in the index the patch was written
// against), or none for a new file: no file name is read. A base entry leaves its month's run; an
// earlier patch's is overwritten in `added`. A patch that names anything else is not taken, and
// ends the chain.
bool View::apply_patch(const Segment& s, Replacements& done) {
  auto month_of = [&](const MonthRec& r) {
    auto it = std::find_if(m_months.begin(), m_months.end(), [&](const Month& mo) { return mo.name == r.name_view(); });
    return it == m_months.end() ? std::optional<std::size_t>() : std::optional(std::size_t(it - m_months.begin()));
  };
  std::unordered_set<std::uint64_t> claimed;
  for (std::uint64_t m = 0; m < s.n_months; ++m) {  // checked whole before anything is applied
    auto r = month_rec(s, m);
    auto mi = month_of(r);
    for (std::uint64_t i = r.first; i < r.first + r.count; ++i) {
      auto was = load<EntryRec>(m_data + s.entries_off + i * sizeof(EntryRec)).replaces;
      if (was == k_no_entry) continue;
      if (!mi || !claimed.insert(was).second) return false;
      const Month& mo = m_months[*mi];
      bool in_run = was >= mo.first && was < mo.first + mo.count && !done.base.contains(was);
      auto patched = done.patched.find(was);
      if (!in_run && (patched == done.patched.end() || patched->second.first != *mi)) return false;
    }
  }
  for (std::uint64_t m = 0; m < s.n_months; ++m) {
    auto r = month_rec(s, m);
    auto mi = month_of(r);
    if (!mi) {
      m_months.push_back(Month{std::string(r.name_view()), 0, 0, 0, 0, {}, {}});
      mi = m_months.size() - 1;
    }
    Month& mo = m_months[*mi];
    mo.sec = r.sec;
    mo.nsec = r.nsec;
    for (std::uint64_t i = r.first; i < r.first + r.count; ++i) {
      std::uint64_t e = s.first + i;
      auto was = load<EntryRec>(m_data + s.entries_off + i * sizeof(EntryRec)).replaces;
      if (auto patched = done.patched.find(was); was != k_no_entry && patched != done.patched.end()) {
        auto at = patched->second;
        mo.added[at.second] = e;
        done.patched.erase(patched);
        done.patched.emplace(e, at);
        continue;
      }
      if (was != k_no_entry) {
        mo.replaced.push_back(was);
        done.base.insert(was);
      }
      done.patched.emplace(e, std::pair{*mi, mo.added.size()});
      mo.added.push_back(e);
    }
  }
  return true;
}

const View::Segment& View::segment_of(std::uint64_t e) const {
  auto it = std::upper_bound(m_segments.begin(), m_segments.end(), e,
                             [](std::uint64_t x, const Segment& s) { return x < s.first; });
  return *(it - 1);
}

EntryRec View::entry(std::uint64_t e) const {
  const auto& s = segment_of(e);
  return load<EntryRec>(m_data + s.entries_off + (e - s.first) * sizeof(EntryRec));
}

bool View::entry_ok(std::uint64_t e) const {
  const auto& s = segment_of(e);
  auto r = load<EntryRec>(m_data + s.entries_off + (e - s.first) * sizeof(EntryRec));
  return r.blob_off <= s.blob_size && r.blob_len <= s.blob_size - r.blob_off && r.status <= std::uint8_t(State::resolved) &&
         r.priority <= std::uint8_t(Priority::P4) && r.kind <= std::uint8_t(ResolutionKind::false_alarm);
}

std::string_view View::blob(std::uint64_t e) const {
  const auto& s = segment_of(e);
  auto r = load<EntryRec>(m_data + s.entries_off + (e - s.first) * sizeof(EntryRec));
  if (r.blob_off > s.blob_size || r.blob_len > s.blob_size - r.blob_off) return {};  // a damaged entry: see entry_ok
  return std::string_view(m_data + s.blob_off + r.blob_off, r.blob_len);
}

std::string_view View::file_name(std::uint64_t e) const { return Reader{blob(e)}.str(); }

core::Error View::error(std::uint64_t e) const {
  Reader r{blob(e)};
  r.str();
  r.str();
  std::string message(r.str());
  std::string hint(r.str());
  return core::Error{core::ErrorKind::data, std::move(message), std::move(hint)};
}

IndexKey key_of(const View& view, std::uint64_t e) {
  auto r = view.entry(e);
  IndexKey k;
  k.status = State(r.status);
  k.priority = Priority(r.priority);
  k.created_at = TimePoint{core::Seconds{r.created}};
  k.acknowledged_at = time_opt(r.acknowledged);
  k.resolved_at = time_opt(r.resolved);
  k.response_priority = priority_opt(r.response_priority);
  k.resolution_priority = priority_opt(r.resolution_priority);
  k.resolved_for = core::Seconds{r.resolved_for};
  k.last_event = TimePoint{core::Seconds{r.last_event}};
  k.kind = ResolutionKind(r.kind);
  static_assert(sizeof r.id == std::tuple_size_v<decltype(k.id)>);
  std::memcpy(k.id.data(), r.id, sizeof r.id);
  k.entry = std::uint32_t(e);
  return k;
}

void decode_summary(const View& view, std::uint64_t e, Incident& out) {
  auto r = view.entry(e);
  out.status = State(r.status);
  out.priority = Priority(r.priority);
  out.torn_tail = (r.flags & k_flag_torn) != 0;
  out.response_breach_recorded = (r.flags & k_flag_response_breach) != 0;
  out.resolution_breach_recorded = (r.flags & k_flag_resolution_breach) != 0;
  out.created_at = TimePoint{core::Seconds{r.created}};
  out.acknowledged_at = time_opt(r.acknowledged);
  out.resolved_at = time_opt(r.resolved);
  out.response_priority = priority_opt(r.response_priority);
  out.resolution_priority = priority_opt(r.resolution_priority);
  out.resolved_for = core::Seconds{r.resolved_for};
  out.last_event = TimePoint{core::Seconds{r.last_event}};
  out.resolution_kind = ResolutionKind(r.kind);
  Reader rd{view.blob(e)};
  rd.str();
  out.id = rd.str();
  for (std::string* s : {&out.origin, &out.title, &out.component, &out.impact, &out.description, &out.assignee,
                         &out.created_by, &out.acknowledged_by, &out.root_cause, &out.resolution})
    *s = rd.str();
  out.duplicate_creations = std::size_t(rd.i64());
  out.escalation_level = int(rd.i64());
  auto n = rd.i64();
  out.tags.resize(std::size_t(std::clamp<std::int64_t>(n, 0, 1024)));
  for (auto& t : out.tags) t = rd.str();
  out.escalated_at = time_opt(rd.i64());
  out.duplicate_of = rd.str();
  out.labels.clear();
  if (auto alert = rd.str(); !alert.empty()) out.labels.emplace("alertname", alert);
  out.fingerprint = rd.str();
  out.alert_quiet = rd.i64() != 0;
  out.maintenance = rd.str();
  out.runbook_url = rd.str();
  out.timeline.clear();
}

namespace {

// Lays a segment out through `put(bytes, offset)`: blobs month by month as they are folded, then
// the tables that point into them. A base holds every month; a patch only the months that are not
// kept, each with its new entries.
bool lay_out(std::vector<MonthPlan>& months, const View* old, const std::function<void(MonthPlan&)>& fold_month,
             bool patch, const std::function<bool(std::string_view, std::uint64_t)>& put) {
  bool ok = true;
  auto in_patch = [](const Planned& p) { return p.old == k_new; };
  std::uint64_t n_entries = 0, n_months = 0;
  for (const auto& m : months) {
    if (patch && m.kept) continue;
    ++n_months;
    n_entries += patch ? std::uint64_t(std::count_if(m.entries.begin(), m.entries.end(), in_patch)) : m.size(old);
  }
  Header h{};
  std::memcpy(h.magic, patch ? k_patch_magic : k_magic, sizeof k_magic);
  h.n_months = n_months;
  h.n_entries = n_entries;
  h.months_off = sizeof(Header);
  h.entries_off = h.months_off + n_months * sizeof(MonthRec);
  h.blob_off = h.entries_off + n_entries * sizeof(EntryRec);

  std::vector<EntryRec> recs;
  recs.reserve(n_entries);
  std::string buffer;
  std::uint64_t blob_size = 0, flushed = 0;
  // The blobs of unresolved incidents go last, side by side: `status`, `watch` and the open
  // listing decode only those, and touch a few pages instead of the whole file.
  std::string open_blobs;
  std::vector<std::size_t> open_recs;
  auto blob = [&](EntryRec rec, std::string_view bytes) {
    rec.blob_len = std::uint32_t(bytes.size());
    if (!patch) rec.replaces = k_no_entry;  // a base replaces nothing
    if (!(rec.flags & k_flag_error) && rec.status != std::uint8_t(State::resolved)) {
      rec.blob_off = open_blobs.size();  // from the start of the open blobs, until they are placed
      open_recs.push_back(recs.size());
      recs.push_back(rec);
      open_blobs.append(bytes);
      return;
    }
    rec.blob_off = blob_size;
    blob_size += bytes.size();
    recs.push_back(rec);
    buffer.append(bytes);
    if (buffer.size() >= (1u << 20)) {
      ok = ok && put(buffer, h.blob_off + flushed);
      flushed += buffer.size();
      buffer.clear();
    }
  };
  std::string month_table;
  std::uint64_t first = 0;
  for (auto& m : months) {
    if (patch && m.kept) continue;
    if (fold_month) fold_month(m);
    std::uint64_t count = 0;
    auto copy = [&](std::uint64_t e) {
      blob(old->entry(e), old->blob(e));
      ++count;
    };
    if (m.kept && old->month(*m.kept).added.empty()) {
      const auto& mo = old->month(*m.kept);
      for (std::uint64_t e = mo.first; e < mo.first + mo.count; ++e) copy(e);
    } else if (m.kept) {  // patched: a base run is in file-name order
      std::vector<std::uint64_t> current;
      old->each_entry(*m.kept, [&](std::uint64_t e) { current.push_back(e); });
      std::sort(current.begin(), current.end(),
                [&](std::uint64_t a, std::uint64_t b) { return old->file_name(a) < old->file_name(b); });
      for (auto e : current) copy(e);
    }
    for (auto& p : m.entries) {
      if (p.old != k_new) {
        if (!patch) copy(p.old);
        continue;
      }
      auto rec = p.pending.rec;
      rec.replaces = p.replaces;
      blob(rec, p.pending.blob);
      ++count;
      if (!patch) std::string().swap(p.pending.blob);
    }
    MonthRec r{};
    std::strncpy(r.name, m.name.c_str(), sizeof r.name - 1);
    r.sec = m.stamp.sec;
    r.nsec = m.stamp.nsec;
    r.first = first;
    r.count = count;
    first += r.count;
    month_table.append(reinterpret_cast<const char*>(&r), sizeof r);
  }
  ok = ok && put(buffer, h.blob_off + flushed);
  for (auto i : open_recs) recs[i].blob_off += blob_size;
  ok = ok && put(open_blobs, h.blob_off + blob_size);
  blob_size += open_blobs.size();
  h.total = h.blob_off + blob_size + sizeof k_trailer;
  ok = ok && put(std::string_view(k_trailer, sizeof k_trailer), h.blob_off + blob_size);
  ok = ok && put(std::string_view(reinterpret_cast<const char*>(recs.data()), recs.size() * sizeof(EntryRec)),
                 h.entries_off);
  ok = ok && put(month_table, h.months_off);
  ok = ok && put(std::string_view(reinterpret_cast<const char*>(&h), sizeof h), 0);
  return ok;
}

}  // namespace

bool write_index(const std::filesystem::path& path, std::vector<MonthPlan>& months, const View* old,
                 const std::function<void(MonthPlan&)>& fold_month) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return false;
  bool ok = lay_out(months, old, fold_month, false, [fd](std::string_view data, std::uint64_t at) {
    while (!data.empty()) {
      auto n = ::pwrite(fd, data.data(), data.size(), off_t(at));
      if (n <= 0) return false;
      data.remove_prefix(std::size_t(n));
      at += std::uint64_t(n);
    }
    return true;
  });
  ::close(fd);
  return ok;
}

namespace {

std::string lay_out_in_memory(std::vector<MonthPlan>& months, const View* old,
                              const std::function<void(MonthPlan&)>& fold_month, bool patch) {
  std::string out;
  lay_out(months, old, fold_month, patch, [&out](std::string_view data, std::uint64_t at) {
    if (out.size() < at + data.size()) out.resize(at + data.size());
    std::memcpy(out.data() + at, data.data(), data.size());
    return true;
  });
  return out;
}

}  // namespace

std::string build_index(std::vector<MonthPlan>& months, const View* old,
                        const std::function<void(MonthPlan&)>& fold_month) {
  return lay_out_in_memory(months, old, fold_month, false);
}

std::string build_patch(std::vector<MonthPlan>& months) { return lay_out_in_memory(months, nullptr, nullptr, true); }

}  // namespace hypercare::incident::index_format
