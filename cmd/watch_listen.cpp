#include "watch_listen.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hypercare/incident/ingest.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/incident/webhook.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/notify/secrets.hpp"
#include "hypercare/status/summary.hpp"
#include "ack_link.hpp"
#include "heartbeat.hpp"
#include "incident_ingest.hpp"
#include "listen_module.hpp"

namespace hypercare::cli {

namespace {

std::string error_json(const core::Error& e) {
  nlohmann::json body = {{"error", {{"kind", core::kind_name(e.kind)}, {"message", e.message}}}};
  if (!e.hint.empty()) body["error"]["hint"] = e.hint;
  return body.dump() + "\n";
}

// What an error recording a payload means to its sender: 400 for a payload that will never be
// accepted, 503 for anything that may go away (a busy lock, a full disk, a config being edited).
int status_for(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::data:
    case core::ErrorKind::usage: return 400;
    case core::ErrorKind::internal: return 500;
    default: return 503;
  }
}

// hypercare-listen.so: beside the binary (the build tree), or in ../lib/hypercare/ (installed).
core::Result<listen::StartFn> load_module() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> tried;
  if (!ec)
    for (auto dir : {self.parent_path(), self.parent_path().parent_path() / "lib" / "hypercare"}) tried.push_back(dir / listen::k_module_file);
  std::string why;
  for (const auto& file : tried) {
    if (!std::filesystem::exists(file, ec)) continue;
    // RTLD_LOCAL: cpp-httplib and its TLS libraries stay out of the global namespace; never unloaded.
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      why = ::dlerror();
      continue;
    }
    if (void* start = ::dlsym(handle, listen::k_start_symbol)) return reinterpret_cast<listen::StartFn>(start);
    why = fmt::format("{} has no {}", file.string(), listen::k_start_symbol);
  }
  std::vector<std::string> names;
  for (const auto& f : tried) names.push_back(f.string());
  return core::fail(core::ErrorKind::unavailable,
                    why.empty() ? fmt::format("the listener module is missing (looked for {})", fmt::join(names, ", ")) : why,
                    "install hypercare with its hypercare-listen.so, or build the hypercare_listen target");
}

}  // namespace
std::string ListenAddress::text() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

core::Result<ListenAddress> parse_listen_address(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return core::fail(core::ErrorKind::usage, fmt::format("--listen {}: {}", text, why),
                      "give HOST:PORT, e.g. --listen 127.0.0.1:9095 (or [::1]:9095)");
  };
  ListenAddress a;
  std::string_view port;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return bad("an IPv6 address needs [ADDRESS]:PORT");
    a.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("no port");
    a.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (a.host.find(':') != std::string::npos) return bad("write an IPv6 address in brackets");
  }
  if (a.host.empty()) a.host = "0.0.0.0";
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || a.port < 0 || a.port > 65535)
    return bad("the port must be a number from 0 to 65535");
  a.loopback = a.host == "localhost" || a.host.starts_with("127.") || a.host == "::1";
  return a;
}

struct Listener::Impl {
  Invocation& inv;
  std::timed_mutex& turn;
  std::unique_ptr<listen::Server> server;
  std::mutex state_mutex;
  std::optional<RoundState> last_round;

  Impl(Invocation& i, std::timed_mutex& t) : inv(i), turn(t) {}

  static listen::Answer busy() {
    return {503, error_json({core::ErrorKind::busy, "a watch round has held the record for too long; retry", {}}), 5};
  }

  listen::Answer alertmanager(const std::string& body) {
    std::unique_lock lock(turn, std::defer_lock);
    if (!lock.try_lock_for(k_turn_wait)) return busy();
    inv.refresh_now();
    return record(ingest_text(inv, body, "POST /alertmanager", "alertmanager"), "POST /alertmanager");
  }

  listen::Answer webhook(const std::string& name, const std::string& body) {
    std::unique_lock lock(turn, std::defer_lock);
    if (!lock.try_lock_for(k_turn_wait)) return busy();
    inv.refresh_now();
    auto where = fmt::format("POST /webhook/{}", name);
    auto cfg = inv.config();
    if (!cfg) return {503, error_json(cfg.error()), 5};
    const auto* source = (*cfg)->listen.source(name);
    if (!source)
      return {404, error_json({core::ErrorKind::missing, fmt::format("{}: no source '{}' is declared", where, name),
                               "declare it in hypercare.toml: [[listen.source]] name = \"" + name + "\""}), -1};
    auto payload = incident::parse_webhook(body, *source, where);
    if (!payload) return {400, error_json(payload.error()), -1};
    return record(ingest_payload(inv, std::move(*payload), "webhook/" + name), where);
  }

  // A ping: recorded machine-locally, and the miss it ends (if any) resolved at source.
  listen::Answer heartbeat(const std::string& name) {
    std::unique_lock lock(turn, std::defer_lock);
    if (!lock.try_lock_for(k_turn_wait)) return busy();
    inv.refresh_now();
    auto where = fmt::format("/heartbeat/{}", name);
    auto r = ping_heartbeat(inv, name, where);
    if (!r) {
      int status = r.error().kind == core::ErrorKind::missing ? 404 : status_for(r.error().kind);
      if (status != 404) inv.warn(fmt::format("{} answered {}: {}", where, status, r.error().message));
      return {status, error_json(r.error()), status == 503 ? 5 : -1};
    }
    return {200, ping_json(*r).dump() + "\n", -1};
  }

  listen::Answer ack(const std::string& method, const std::string& id, const std::map<std::string, std::string>& query) {
    std::unique_lock lock(turn, std::defer_lock);
    if (!lock.try_lock_for(k_turn_wait)) return busy();
    inv.refresh_now();
    return answer_ack_link(inv, method, id, query);
  }

  listen::Answer record(const core::Result<IngestOutcome>& outcome, std::string_view where) {
    if (!outcome) {
      int status = status_for(outcome.error().kind);
      inv.warn(fmt::format("{} answered {}: {}", where, status, outcome.error().message));
      return {status, error_json(outcome.error()), status == 503 ? 5 : -1};
    }
    return {200, ingest_json(*outcome).dump() + "\n", -1};
  }

  // Prometheus text exposition (format 0.0.4) of what the watcher looks after.
  listen::Answer metrics() {
    std::unique_lock lock(turn, std::defer_lock);
    if (!lock.try_lock_for(k_turn_wait)) return busy();
    inv.refresh_now();
    auto cfg = inv.config();
    auto ops = inv.ops_dir();
    if (!cfg || !ops) return {503, error_json(!cfg ? cfg.error() : ops.error()), 5};
    auto repo = inv.incidents(*ops);
    auto open = repo.snapshot(true);
    if (!open) return {503, error_json(open.error()), 5};
    auto st = status::summarize(**cfg, *open, inv.now());
    std::size_t queued = 0, dead = 0;
    notify::Outbox outbox(*ops);
    if (auto entries = outbox.list([this](const std::string& m) { inv.warn(m); }))
      for (const auto& e : *entries) ++(e.state == notify::EntryState::dead ? dead : queued);
    std::string out;
    auto family = [&](std::string_view name, std::string_view help) {
      out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
    };
    family("hypercare_incidents_open", "Unresolved incidents, by priority and status.");
    for (auto p : config::k_priorities)
      for (auto state : {incident::State::open, incident::State::investigating, incident::State::identified, incident::State::monitoring})
        out += fmt::format("hypercare_incidents_open{{priority=\"{}\",status=\"{}\"}} {}\n", config::priority_name(p),
                           incident::state_name(state), st.open_by_priority_state[std::size_t(p)][std::size_t(state)]);
    family("hypercare_incidents_unacknowledged", "Unresolved incidents nobody has responded to, by priority.");
    for (auto p : config::k_priorities)
      out += fmt::format("hypercare_incidents_unacknowledged{{priority=\"{}\"}} {}\n", config::priority_name(p),
                         st.unacknowledged_by_priority[std::size_t(p)]);
    family("hypercare_sla_breached", "Unresolved incidents past a target, by clock.");
    out += fmt::format("hypercare_sla_breached{{clock=\"response\"}} {}\n", st.response_breached);
    out += fmt::format("hypercare_sla_breached{{clock=\"resolution\"}} {}\n", st.resolution_breached);
    family("hypercare_notifications", "Notifications in the outbox: queued (to send or retry) and dead (given up).");
    out += fmt::format("hypercare_notifications{{state=\"queued\"}} {}\n", queued);
    out += fmt::format("hypercare_notifications{{state=\"dead\"}} {}\n", dead);
    if (auto beats = heartbeat_views(inv, st.open); beats && !beats->empty()) {
      family("hypercare_heartbeats_overdue", "Heartbeats whose ping is overdue.");
      out += fmt::format("hypercare_heartbeats_overdue {}\n", std::count_if(beats->begin(), beats->end(), [](const HeartbeatView& h) {
                           return h.status.state == incident::HeartbeatStatus::State::overdue;
                         }));
      family("hypercare_heartbeat_last_ping_timestamp_seconds", "When each heartbeat last pinged (Unix time); absent before its first ping.");
      for (const auto& h : *beats)
        if (h.status.last)
          out += fmt::format("hypercare_heartbeat_last_ping_timestamp_seconds{{name=\"{}\"}} {}\n", h.heartbeat->name,
                             h.status.last->time_since_epoch().count());
    }
    {
      std::lock_guard state(state_mutex);
      if (last_round) {
        family("hypercare_last_round_timestamp_seconds", "When the last watch round ran (Unix time).");
        out += fmt::format("hypercare_last_round_timestamp_seconds {}\n", last_round->at.time_since_epoch().count());
        family("hypercare_last_round_duration_seconds", "How long the last watch round took.");
        out += fmt::format("hypercare_last_round_duration_seconds {:.3f}\n", double(last_round->took.count()) / 1000.0);
        family("hypercare_last_round_ok", "1 when the last watch round went well, 0 when it stopped on an error.");
        out += fmt::format("hypercare_last_round_ok {}\n", last_round->ok ? 1 : 0);
      }
    }
    return {200, std::move(out), -1, "text/plain; version=0.0.4; charset=utf-8"};
  }

  listen::Answer healthz() {
    std::lock_guard lock(state_mutex);
    nlohmann::json round = nullptr;
    if (last_round)
      round = {{"at", core::format_rfc3339(last_round->at)},
               {"ok", last_round->ok},
               {"error", last_round->ok ? nlohmann::json(nullptr) : nlohmann::json(last_round->error)},
               {"took_ms", last_round->took.count()}};
    bool ok = !last_round || last_round->ok;
    return {ok ? 200 : 503, nlohmann::json{{"status", ok ? "ok" : "failing"}, {"last_round", round}}.dump() + "\n", -1};
  }
};

Listener::Listener(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Listener::~Listener() { stop(); }

core::Result<std::unique_ptr<Listener>> Listener::start(Invocation& inv, std::timed_mutex& turn, const ListenAddress& address) {
  const auto* cfg = HC_TRY(inv.config());
  listen::ServerOptions options;
  options.host = address.host;
  options.port = address.port;
  options.max_body = incident::k_max_payload_bytes;
  if (cfg->listen.has_token()) {
    notify::Secrets secrets(inv.ctx().env);
    options.token = HC_TRY(secrets.resolve(cfg->listen.token));
    if (options.token.empty())
      return core::fail(core::ErrorKind::config, fmt::format("[listen] token: {} is empty", cfg->listen.token.describe()));
  } else if (!address.loopback) {
    return core::fail(core::ErrorKind::config,
                      fmt::format("--listen {}: a listener off loopback needs a token, so that nobody else on the network "
                                  "can open incidents",
                                  address.text()),
                      "set [listen] token_env = \"HYPERCARE_LISTEN_TOKEN\" (or token_secret) in hypercare.toml and give "
                      "Alertmanager the same value in http_config.authorization");
  }
  auto start = HC_TRY(load_module());
  auto impl = std::make_unique<Impl>(inv, turn);
  Impl* self = impl.get();
  listen::Routes routes{[self](const std::string& body) { return self->alertmanager(body); },
                        [self](const std::string& name, const std::string& body) { return self->webhook(name, body); },
                        [self](const std::string& name) { return self->heartbeat(name); },
                        [self] { return self->healthz(); }, [self] { return self->metrics(); },
                        [self](const std::string& method, const std::string& id, const std::map<std::string, std::string>& q) {
                          return self->ack(method, id, q);
                        }};
  std::string why;
  impl->server.reset(start(options, routes, &why));
  if (!impl->server) return core::fail(core::ErrorKind::usage, fmt::format("--listen {}: {}", address.text(), why));
  ListenAddress actual = address;
  actual.port = impl->server->port();
  inv.err() << fmt::format("hypercare: watch listening on http://{} (POST /alertmanager, POST /webhook/NAME, /heartbeat/NAME, /ack/ID, GET /healthz, GET /metrics){}\n", actual.text(),
                           options.token.empty() ? "" : "; a bearer token is required");
  inv.err().flush();
  return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

void Listener::round_done(RoundState state) {
  std::lock_guard lock(m_impl->state_mutex);
  m_impl->last_round = std::move(state);
}

void Listener::stop() {
  if (m_impl && m_impl->server) m_impl->server->stop();
}

}  // namespace hypercare::cli
