#include "invocation.hpp"

#include <charconv>

#include <fmt/format.h>

#include "hypercare/rota/changes_cache.hpp"
#include "hypercare/identity/identity.hpp"
#include "hypercare/render/terminal.hpp"
#include "hypercare/store/git.hpp"
#include "hypercare/store/ops_dir.hpp"

namespace hypercare::cli {

core::TimePoint Invocation::now() {
  if (!m_now) m_now = m_ctx.clock();
  return *m_now;
}

core::Result<std::filesystem::path> Invocation::ops_dir() {
  if (!m_ops) {
    std::optional<std::string> explicit_dir;
    if (!m_globals.ops.empty()) explicit_dir = m_globals.ops;
    m_ops = HC_TRY(store::find_ops_dir(m_ctx, explicit_dir));
  }
  return *m_ops;
}

core::Result<const config::HypercareConfig*> Invocation::config() {
  if (!m_config) m_config = HC_TRY(config::load_hypercare_config(HC_TRY(ops_dir())));
  return &*m_config;
}

core::Result<core::Zone> Invocation::zone() {
  if (!m_globals.tz.empty()) {
    auto z = core::find_zone(m_globals.tz);
    if (!z) return core::fail(core::ErrorKind::usage, "--tz: " + z.error().message);
    return *z;
  }
  if (m_config || ops_dir()) return HC_TRY(config())->zone;
  return core::find_zone("UTC");
}

const identity::Actor& Invocation::identify() {
  if (m_identity) return *m_identity;
  identity::Inputs in;
  in.as = m_globals.as;
  in.hypercare_user = m_ctx.getenv("HYPERCARE_USER").value_or("");
  in.unix_user = m_ctx.getenv("USER").value_or("");
  const config::RotaConfig* rota = nullptr;
  if (auto dir = ops_dir()) {
    if (in.as.empty() && in.hypercare_user.empty()) {
      store::Git git(*dir, store::Env(m_ctx.env.begin(), m_ctx.env.end()));
      if (auto r = git.run({"config", "--get-regexp", "^user\\.(name|email)$"}); r && r->exit_code == 0) {
        std::string_view rest = r->out;
        while (!rest.empty()) {
          auto nl = rest.find('\n');
          std::string_view line = rest.substr(0, nl);
          rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
          if (line.starts_with("user.email ")) in.git_email = line.substr(11);
          if (line.starts_with("user.name ")) in.git_name = line.substr(10);
        }
      }
    }
    rota = rota_config();
  }
  m_identity = identity::resolve(in, rota);
  return *m_identity;
}

const config::RotaConfig* Invocation::rota_config() {
  if (!m_rota_config_loaded) {
    // Without the rota's changes: who the people are is all that is needed here. A broken
    // rota.toml is reported where the rota itself is needed.
    auto cfg = config();
    auto dir = ops_dir();
    if (!cfg || !dir) return nullptr;
    auto rota = config::load_rota_config(*dir, **cfg);
    if (!rota) return nullptr;
    m_rota = std::move(*rota);
    m_rota_config_loaded = true;
  }
  return m_rota ? &*m_rota : nullptr;
}

std::string Invocation::actor() { return identify().id; }

core::Result<std::string> Invocation::checked_actor() {
  const auto& who = identify();
  if (who.source == "--as") return identity::check_person(m_globals.as, rota_config(), m_globals.external, "--as");
  HC_CHECK(identity::check_text(who.id, who.source == "HYPERCARE_USER" ? "HYPERCARE_USER" : "the actor"));
  return who.id;
}

core::Result<std::string> Invocation::person(std::string_view name, std::string_view flag) {
  if (name == "me") return checked_actor();
  return identity::check_person(name, rota_config(), m_globals.external, flag);
}

core::Result<store::WriteOptions> Invocation::write_options() {
  const auto* cfg = HC_TRY(config());
  store::WriteOptions w;
  w.ops_dir = HC_TRY(ops_dir());
  w.autocommit = cfg->git_autocommit && !m_globals.no_commit;
  w.env = store::Env(m_ctx.env.begin(), m_ctx.env.end());
  w.actor = HC_TRY(checked_actor());
  if (auto t = m_ctx.getenv("HYPERCARE_LOCK_TIMEOUT")) {
    auto d = core::parse_duration(*t);
    if (!d) return core::fail(core::ErrorKind::usage, "HYPERCARE_LOCK_TIMEOUT: " + d.error().message);
    w.lock_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  }
  w.warn = [this](const std::string& m) { warn(m); };
  w.random = m_ctx.random;
  w.sharing = sharing();
  return w;
}

std::shared_ptr<store::Sharing> Invocation::sharing() {
  if (!m_sharing) {
    m_sharing = std::make_shared<store::Sharing>();
    if (auto cfg = config(); cfg) m_sharing->auto_sync = (*cfg)->git_sync_auto;
  }
  return m_sharing;
}

core::Result<const rota::Schedule*> Invocation::schedule() {
  if (!m_rota_loaded) {
    const auto* cfg = HC_TRY(config());
    if (!m_rota_config_loaded) {
      m_rota = HC_TRY(config::load_rota_config(HC_TRY(ops_dir()), *cfg));
      m_rota_config_loaded = true;
    }
    if (m_rota) {
      m_changes = HC_TRY(rota::read_changes(*m_ops, [this](const std::string& m) { warn(m); }, use_cache()));
      m_schedule.emplace(*m_rota, m_changes);
    }
    m_rota_loaded = true;
  }
  return m_schedule ? &*m_schedule : nullptr;
}

bool Invocation::use_cache() const {
  auto cache = m_ctx.getenv("HYPERCARE_CACHE");
  return !(cache && *cache == "off");
}

incident::Repository Invocation::incidents(const std::filesystem::path& ops) {
  return incident::Repository(ops, [this](const std::string& m) { warn(m); }, use_cache());
}

const rota::Schedule* Invocation::schedule_or_warn() {
  auto s = schedule();
  if (s) return *s;
  warn(fmt::format("{} — carrying on without the rota (hint: hypercare doctor)", s.error().message));
  m_rota_loaded = true;
  return nullptr;
}

core::Result<const rota::Schedule*> Invocation::require_schedule() {
  const auto* s = HC_TRY(schedule());
  if (!s)
    return core::fail(core::ErrorKind::missing,
                      fmt::format("{} has no {}: the rota is not set up", m_ops->string(), config::k_rota_file),
                      "hypercare init DIR --example smart-dairy shows a complete rota.toml (man hypercare-rota)");
  return s;
}

std::size_t Invocation::output_width() const {
  if (m_globals.width >= 0) return std::size_t(m_globals.width);
  if (!m_ctx.stdout_is_tty) return 0;
  if (m_ctx.stdout_columns > 0) return m_ctx.stdout_columns;
  if (auto c = m_ctx.getenv("COLUMNS")) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(c->data(), c->data() + c->size(), n);
    if (ec == std::errc() && end == c->data() + c->size() && n > 0) return n;
  }
  return 80;
}

bool Invocation::progress_wanted() const {
  if (!m_ctx.stderr_is_tty || m_globals.quiet) return false;
  auto term = m_ctx.getenv("TERM");
  return !(term && *term == "dumb");
}

render::Style Invocation::style() const {
  auto no_color = m_ctx.getenv("NO_COLOR");
  auto term = m_ctx.getenv("TERM");
  return render::Style(render::colour_wanted(m_ctx.stdout_is_tty, no_color ? no_color->c_str() : nullptr,
                                             term ? term->c_str() : nullptr, m_globals.no_color));
}

void Invocation::warn(const std::string& message) {
  if (m_globals.quiet) return;
  // Under --json every line on stderr is JSON too: one object per warning.
  if (m_globals.json) err() << nlohmann::json{{"warning", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  else err() << "hypercare: warning: " << render::terminal_safe(message) << '\n';
}

void Invocation::print_json(const nlohmann::json& value) {
  out() << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  m_answered_json = true;
}

}  // namespace hypercare::cli
