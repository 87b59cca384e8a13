// libFuzzer target: every TOML file hypercare reads — hypercare.toml (with [targets], [notify],
// [ingest] and [bau]), rota.toml (and the schedule it expands to), checks.toml, hotfix.toml and
// secrets.toml — parses and validates, or fails cleanly, whatever the bytes.
#include <sys/stat.h>

#include "fuzz_support.hpp"
#include "hypercare/config/bau_config.hpp"
#include "hypercare/config/checks_config.hpp"
#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/rota_config.hpp"
#include "hypercare/notify/secrets.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hc = hypercare;

namespace {

// rota.toml is read with the team's hypercare.toml: this file's own when it is one, else the
// example's.
void rota(const hc::config::TomlFile& file, const hc::config::HypercareConfig& team) {
  auto cfg = hc::config::parse_rota_config(file, team);
  if (!cfg) return;
  hc::rota::Changes none;
  hc::rota::Schedule schedule(*cfg, none);
  (void)schedule.shifts(cfg->start, 3);
  (void)schedule.at(fuzz::now());
}

// The secrets file is read from $XDG_CONFIG_HOME/hypercare/secrets.toml (mode 0600).
void secrets(std::string_view text) {
  auto home = fuzz::Scratch::fresh();
  auto path = home / "hypercare" / "secrets.toml";
  fuzz::write(path, text);
  ::chmod(path.c_str(), 0600);
  hc::notify::Env env{{"XDG_CONFIG_HOME", home.string()}};
  hc::notify::Secrets s(env);
  hc::config::SecretRef ref;
  ref.secret_key = "ops_webhook_url";
  (void)s.resolve(ref);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::text(data, size);
  auto file = hc::config::TomlFile::parse(text, "fuzz.toml");
  if (!file) return 0;
  auto team = hc::config::parse_hypercare_config(*file);
  (void)hc::config::parse_bau_config(*file);
  (void)hc::config::parse_checks_config(*file);
  (void)hc::config::parse_hotfix_config(*file);
  rota(*file, team ? *team : fuzz::team());
  secrets(text);
  return 0;
}
