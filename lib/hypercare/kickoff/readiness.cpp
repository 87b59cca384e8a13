#include "hypercare/kickoff/readiness.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/config/bau_config.hpp"
#include "hypercare/config/checks_config.hpp"
#include "hypercare/core/suggest.hpp"
#include "hypercare/health/history.hpp"
#include "hypercare/health/promtool.hpp"
#include "hypercare/rota/analysis.hpp"
#include "hypercare/rota/on_call.hpp"

namespace hypercare::kickoff {

namespace fs = std::filesystem;
using std::chrono::sys_days;

namespace {

// Results older than this do not show that the checks are green now.
constexpr auto k_fresh_results = std::chrono::hours(24);
// A watcher writes watcher_seen once a day (record.hpp); an hour more covers its round interval.
constexpr auto k_watcher_fresh = k_watcher_every + std::chrono::hours(1);

std::string at_local(core::TimePoint t, const config::HypercareConfig& cfg) { return core::format_local(t, cfg.zone, "%F %H:%M"); }

Item verified(std::string id, std::string title) {
  Item i;
  i.id = std::move(id);
  i.title = std::move(title);
  i.verified = true;
  return i;
}

Item channels(const config::HypercareConfig& cfg, const Record& record, core::TimePoint now) {
  auto i = verified("channels", "Every notification channel answers a test");
  if (cfg.notify.channels.empty()) {
    i.details.push_back("no notification channel: nobody hears of an incident but through `hypercare status`");
    i.hint = "add a [[notify.channel]] table to hypercare.toml, then: hypercare notify test NAME";
    return i;
  }
  std::vector<std::string> untested;
  for (const auto& ch : cfg.notify.channels) {
    auto t = record.tested.find(ch.name);
    if (t == record.tested.end()) {
      untested.push_back(ch.name);
      i.details.push_back(fmt::format("{}: never answered a test", ch.name));
    } else {
      i.details.push_back(fmt::format("{}: answered a test {} ({})", ch.name, core::relative(t->second.at, now), t->second.by));
    }
  }
  i.ready = untested.empty();
  if (!i.ready) i.hint = fmt::format("hypercare notify test {}", untested.front());
  return i;
}

bool reachable(const config::Person& p) {
  return !p.email.empty() || !p.slack.empty() || !p.phone.empty() || !p.ntfy.empty() || !p.webhook.empty();
}

Item rota_item(const Inputs& in, sys_days from, int days) {
  auto i = verified("rota", "The rota covers the window, with rest, and everyone on it can be reached");
  if (!in.schedule) {
    i.details.push_back(in.rota_error.empty() ? std::string("no rota.toml: nobody is on call") : in.rota_error);
    i.hint = in.rota_error.empty() ? "hypercare init --example minimal shows a rota.toml to start from" : "hypercare doctor";
    return i;
  }
  for (const auto& f : rota::check(*in.schedule, from, days)) i.details.push_back(f.message);
  bool clean = i.details.empty();
  const auto& rc = in.schedule->config();
  std::vector<const config::Person*> people;
  for (const auto& m : rc.members) people.push_back(&m);
  if (rc.lead) people.push_back(&*rc.lead);
  for (const auto* p : people)
    if (!reachable(*p))
      i.details.push_back(fmt::format("{} has no contact in rota.toml (email, slack, phone, ntfy or webhook)", p->id));
  i.ready = i.details.empty();
  if (!i.ready)
    i.hint = clean ? "add a contact for each of them in rota.toml"
                   : fmt::format("hypercare rota check --from {} --days {}", core::format_date(from), days);
  else
    i.details.push_back(fmt::format("{} days from {} checked: no gaps, overlaps or short rests; {} people reachable", days,
                                    core::format_date(from), people.size()));
  return i;
}

Item escalation(const Inputs& in, sys_days from, int days) {
  auto i = verified("escalation", "The escalation chain is whole for every priority");
  if (!in.schedule) {
    i.details.push_back("no rota: there is no chain to escalate along");
    i.hint = "hypercare kickoff (the rota item says why)";
    return i;
  }
  const auto& cfg = *in.config;
  for (auto p : config::k_priorities) {
    bool lead = cfg.level(p).escalate_to_lead;
    std::string problem;
    for (const auto& shift : in.schedule->shifts(from, days)) {
      auto oc = rota::on_call(*in.schedule, shift.start, lead);
      std::vector<std::string> missing;
      if (!oc.primary) missing.push_back("nobody on call");
      else if (!oc.secondary) missing.push_back("no secondary (a second engineer on the rota)");
      if (lead && oc.primary && !oc.tertiary)
        missing.push_back(in.schedule->config().lead ? "nobody after the secondary" : "no lead in rota.toml");
      if (!missing.empty()) {
        problem = fmt::format("{} from {}: {}", config::priority_name(p), at_local(shift.start, cfg), fmt::join(missing, ", "));
        break;
      }
    }
    if (!problem.empty()) i.details.push_back(problem);
  }
  i.ready = i.details.empty();
  if (i.ready)
    i.details.push_back("primary and secondary at every shift, and the lead where a priority escalates to the lead");
  else
    i.hint = "hypercare rota now --at TIME -p P1 shows the chain at that time; add members or a lead to rota.toml";
  return i;
}

Item alerts(const Inputs& in) {
  auto i = verified("alerts", "The alert rules validate");
  auto rules = health::check_rule_dir(in.ops_dir, in.env, in.promtool);
  if (rules.files.empty()) {
    i.details.push_back("no alert rules in alerts/ (Prometheus rule files, *.yaml)");
    i.hint = "hypercare init --example smart-dairy shows the seed's rules in alerts/";
    return i;
  }
  for (const auto& p : rules.problems) i.details.push_back(p.message);
  i.ready = rules.problems.empty();
  if (i.ready) i.details.push_back(fmt::format("{} rule file{} valid: {}", rules.files.size(), rules.files.size() == 1 ? "" : "s",
                                               fmt::join(rules.files, ", ")));
  else i.hint = "hypercare doctor";
  return i;
}

// A config file that does not load is what the item found: the other items are still judged.
Item broken(Item i, const core::Error& e) {
  i.details.push_back(e.message);
  i.hint = "hypercare doctor";
  return i;
}

Item checks(const Inputs& in, core::TimePoint now) {
  auto i = verified("checks", "Every health check is green");
  auto loaded = config::load_checks_config(in.ops_dir);
  if (!loaded) return broken(std::move(i), loaded.error());
  const auto& spec = *loaded;
  std::vector<const config::CheckSpec*> judged;
  if (spec)
    for (const auto& c : spec->checks)
      if (c.kind != config::CheckKind::info) judged.push_back(&c);  // a figure has no colour
  if (judged.empty()) {
    i.details.push_back("no health checks in checks.toml");
    i.hint = "hypercare init --example smart-dairy shows the seed's checks in checks.toml";
    return i;
  }
  core::Result<std::optional<health::Run>> latest = in.latest ? *in.latest : health::latest_results(in.ops_dir, in.warn);
  if (!latest) {
    i.details.push_back(latest.error().message);
    i.hint = "hypercare doctor";
    return i;
  }
  std::size_t green = 0;
  for (const auto* c : judged) {
    const health::CheckResult* r = nullptr;
    if (*latest)
      for (const auto& x : (*latest)->checks)
        if (x.name == c->name) r = &x;
    if (!r) i.details.push_back(fmt::format("{}: no result yet", c->name));
    else if (now - r->at > k_fresh_results) i.details.push_back(fmt::format("{}: last run {}", c->name, core::relative(r->at, now)));
    else if (r->status != health::Status::ok)
      i.details.push_back(fmt::format("{}: {}{}", c->name, health::status_name(r->status), r->message.empty() ? "" : " — " + r->message));
    else ++green;
  }
  i.ready = green == judged.size();
  if (i.ready) i.details.push_back(fmt::format("{} check{} green in the last day", green, green == 1 ? "" : "s"));
  else i.hint = "hypercare health-check (runs and records them)";
  return i;
}

Item runbooks(const Inputs& in) {
  auto i = verified("runbooks", "The runbooks are in the ops dir");
  auto loaded = config::load_bau_config(in.ops_dir);
  if (!loaded) return broken(std::move(i), loaded.error());
  const auto& bau = *loaded;
  std::size_t files = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(in.ops_dir / bau.runbooks, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file() && !it->path().filename().string().starts_with(".")) ++files;
  i.ready = files > 0;
  if (i.ready) i.details.push_back(fmt::format("{}/ holds {} file{}", bau.runbooks, files, files == 1 ? "" : "s"));
  else {
    i.details.push_back(fmt::format("{}/ ([bau] runbooks) is empty or missing", bau.runbooks));
    i.hint = fmt::format("write the runbooks into {}/ and commit them", bau.runbooks);
  }
  return i;
}

Item watcher(const Record& record, core::TimePoint now) {
  auto i = verified("watcher", "A watcher runs (alerts, escalation, pages)");
  if (record.watcher && now - record.watcher->at < k_watcher_fresh) {
    i.ready = true;
    i.details.push_back(fmt::format("`hypercare watch` ran on {} {}", record.watcher->host.empty() ? "a machine" : record.watcher->host,
                                    core::relative(record.watcher->at, now)));
    return i;
  }
  i.details.push_back(record.watcher ? fmt::format("the last watcher round on record was on {} {}", record.watcher->host,
                                                   core::relative(record.watcher->at, now))
                                     : std::string("no `hypercare watch` round on record"));
  i.hint = "run `hypercare watch` on the always-on machine (or `watch --once` on a CI schedule)";
  return i;
}

}  // namespace

std::size_t Readiness::ready() const {
  return std::size_t(std::count_if(items.begin(), items.end(), [](const Item& i) { return i.ready; }));
}

const std::vector<std::string>& verified_ids() {
  static const std::vector<std::string> ids = {"channels", "rota", "escalation", "alerts", "checks", "runbooks", "watcher"};
  return ids;
}

core::Result<std::vector<std::string>> confirmable(const config::KickoffConfig& cfg, const std::vector<std::string>& words) {
  const auto& verified = verified_ids();
  std::vector<std::string> known, out;
  for (const auto& i : cfg.items) known.push_back(i.id);
  for (const auto& word : words) {
    if (std::find(verified.begin(), verified.end(), word) != verified.end())
      return core::fail(core::ErrorKind::usage,
                        fmt::format("'{}' is verified by hypercare, not confirmed by hand: `hypercare kickoff` says what it found", word),
                        "hypercare kickoff");
    if (!cfg.find(word)) {
      if (known.empty())
        return core::fail(core::ErrorKind::missing, fmt::format("no kickoff item '{}': hypercare.toml lists none", word),
                          "add them to hypercare.toml: [kickoff] items = [{ id = \"war-room\", text = \"War room established\" }]");
      auto close = core::did_you_mean(core::closest(word, known));
      return core::fail(core::ErrorKind::missing,
                        fmt::format("no kickoff item '{}'{}", word, close.empty() ? "" : fmt::format(" ({})", close)),
                        fmt::format("the items: {}", fmt::join(known, ", ")));
    }
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
  }
  return out;
}

core::Result<Readiness> assess(const Inputs& in, core::TimePoint now) {
  const auto& cfg = *in.config;
  auto kickoff = HC_TRY(config::load_kickoff_config(in.ops_dir, verified_ids()));
  auto record = HC_TRY(load(in.ops_dir, in.warn));
  Readiness r;
  auto zone = in.schedule ? in.schedule->config().zone : cfg.zone;
  auto today = core::local_day(now, zone);
  r.from = cfg.start.value_or(today);
  r.days = cfg.days;
  if (cfg.start && today > *cfg.start && today < *cfg.start + std::chrono::days(cfg.days)) {
    r.days = int((*cfg.start + std::chrono::days(cfg.days) - today).count());  // the rest of a window under way
    r.from = today;
  }
  r.items.push_back(channels(cfg, record, now));
  r.items.push_back(rota_item(in, r.from, r.days));
  r.items.push_back(escalation(in, r.from, r.days));
  r.items.push_back(alerts(in));
  r.items.push_back(checks(in, now));
  r.items.push_back(runbooks(in));
  r.items.push_back(watcher(record, now));
  for (const auto& k : kickoff.items) {
    Item i;
    i.id = k.id;
    i.title = k.text;
    if (auto c = record.confirmed.find(k.id); c != record.confirmed.end()) {
      i.ready = true;
      i.confirmed = c->second;
    } else {
      i.hint = fmt::format("hypercare kickoff confirm {}", k.id);
    }
    r.items.push_back(std::move(i));
  }
  return r;
}

}  // namespace hypercare::kickoff
