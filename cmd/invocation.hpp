// One run of the CLI: the injected Context, the global flags, and what they resolve to
// (ops dir, config, actor, display zone, colour), each worked out once and only when needed.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/rota_config.hpp"
#include "hypercare/identity/identity.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/rota/schedule.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/render/style.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::cli {

struct Globals {
  std::string ops;  // -C/--ops; empty: discover
  bool json = false;
  bool no_color = false;
  bool quiet = false;
  bool verbose = false;
  std::string as;  // --as
  std::string tz;  // --tz
  bool no_commit = false;
  bool no_notify = false;
  bool external = false;  // --external: names not on the rota are accepted (a vendor engineer)
  int width = -1;  // --width N: fit tables into N columns (0: never cut); -1: the terminal's, none when piped
};

class Invocation {
 public:
  Invocation(core::Context& ctx, Globals& globals) : m_ctx(ctx), m_globals(globals) {}

  core::Context& ctx() { return m_ctx; }
  const Globals& globals() const { return m_globals; }
  std::ostream& out() { return *m_ctx.out; }
  std::ostream& err() { return *m_ctx.err; }
  bool json() const { return m_globals.json; }
  core::TimePoint now();
  // Reads the clock again (a long-running command such as `watch` starts each round with it).
  void refresh_now() { m_now = m_ctx.clock(); }
  // Forgets the config and rota read so far, so the next use reads the files again (a long-running
  // `watch` follows edits and rota changes made while it runs).
  void reload() {
    m_config.reset();
    m_rota_loaded = false;
    m_rota_config_loaded = false;
    m_schedule.reset();
    m_rota.reset();
    m_changes = {};
  }

  core::Result<std::filesystem::path> ops_dir();
  core::Result<const config::HypercareConfig*> config();
  // The zone times are shown in: --tz, else [team] timezone (UTC without an ops dir).
  core::Result<core::Zone> zone();
  // The actor and how it was found (identity::resolve); actor() is its id, unchecked (for "me"
  // in filters). checked_actor() refuses an --as the rota does not know (ErrorKind::usage).
  const identity::Actor& identify();
  std::string actor();
  core::Result<std::string> checked_actor();
  // A person named on the command line (`flag` for the message): the rota id, "me" = the actor;
  // names the rota does not know are refused unless --external.
  core::Result<std::string> person(std::string_view name, std::string_view flag);
  // rota.toml without its changes; nullptr when there is none or it does not load.
  const config::RotaConfig* rota_config();
  core::Result<store::WriteOptions> write_options();
  // How this process shares its writes: [git] sync, and watch's per-round batch. One per process.
  std::shared_ptr<store::Sharing> sharing();
  // The rota of the ops dir, with its changes applied; nullptr when there is no rota.toml.
  core::Result<const rota::Schedule*> schedule();
  // For screens that must work at 3 a.m. even with a broken rota.toml: the error becomes a
  // warning and the answer is "no rota".
  const rota::Schedule* schedule_or_warn();
  // Like schedule(), but a missing rota.toml is an error that says how to add one.
  core::Result<const rota::Schedule*> require_schedule();
  // False under HYPERCARE_CACHE=off: the record files are folded, the indexes left alone.
  bool use_cache() const;
  // The incidents of `ops`, their warnings through this invocation.
  incident::Repository incidents(const std::filesystem::path& ops);
  render::Style style() const;
  // Progress lines on stderr: only on a terminal, never with --quiet.
  // Progress redrawn in place (\r, erase to end of line): on a terminal that can do it, not TERM=dumb.
  bool progress_wanted() const;
  // The columns tables are fitted into: --width, else on a terminal its width (TIOCGWINSZ, else
  // $COLUMNS, else 80); 0 when piped — scripts get whole lines.
  std::size_t output_width() const;

  // Warnings go to stderr as "hypercare: warning: ..." unless --quiet.
  void warn(const std::string& message);
  void print_json(const nlohmann::json& value);
  // Whether the command's JSON answer is on stdout: a "no" (exit 1) then needs no error document.
  bool answered_json() const { return m_answered_json; }
  void note_json_answer() { m_answered_json = true; }  // for JSON written without print_json

 private:
  core::Context& m_ctx;
  Globals& m_globals;
  std::optional<core::TimePoint> m_now;
  bool m_answered_json = false;
  std::optional<std::filesystem::path> m_ops;
  std::optional<config::HypercareConfig> m_config;
  std::optional<identity::Actor> m_identity;
  bool m_rota_loaded = false;         // the rota with its changes (the schedule)
  bool m_rota_config_loaded = false;  // rota.toml alone
  std::optional<config::RotaConfig> m_rota;
  rota::Changes m_changes;
  std::optional<rota::Schedule> m_schedule;
  std::shared_ptr<store::Sharing> m_sharing;
};

}  // namespace hypercare::cli
