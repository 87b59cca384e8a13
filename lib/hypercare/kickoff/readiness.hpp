// The go-live readiness gate (`hypercare kickoff`), the mirror of `report summary --check` at the
// end: what hypercare verifies on its own — every notification channel answered a test, the rota
// has no problem over the window and everyone on it can be reached, the escalation chain is whole
// for every priority, the alert rules validate, every check is green, the runbooks are there, a
// watcher runs — and the [kickoff] items the team confirms by hand (kickoff/record.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/kickoff_config.hpp"
#include "hypercare/health/result.hpp"
#include "hypercare/kickoff/record.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hypercare::kickoff {

struct Item {
  std::string id;     // one of automatic_ids(), or a [kickoff] item's id
  std::string title;  // what it stands for
  bool verified = false;  // checked by hypercare (true) or confirmed by a person
  bool ready = false;
  std::vector<std::string> details;  // what was found: why it is not ready, or what shows it is
  std::string hint;                  // the command to run next, when not ready
  std::optional<Mark> confirmed;     // a person's confirmation
};

struct Readiness {
  std::chrono::sys_days from{};  // the days the rota and the chain were checked for
  int days = 0;
  std::vector<Item> items;  // the verified ones first, then the [kickoff] items in file order
  std::size_t ready() const;
  bool complete() const { return ready() == items.size(); }
};

// The ids of the items hypercare verifies: channels, rota, escalation, alerts, checks, runbooks, watcher.
const std::vector<std::string>& verified_ids();

// The [kickoff] items `words` name, each once, in the order given: a verified item is
// ErrorKind::usage (it is not confirmed by hand), an unknown one ErrorKind::missing with the
// closest ids.
core::Result<std::vector<std::string>> confirmable(const config::KickoffConfig& cfg, const std::vector<std::string>& words);

struct Inputs {
  std::filesystem::path ops_dir;
  const config::HypercareConfig* config = nullptr;
  const rota::Schedule* schedule = nullptr;  // null: no rota.toml, or one that does not load
  std::string rota_error;                    // why there is no schedule, when rota.toml is there
  std::map<std::string, std::string, std::less<>> env;  // for promtool
  bool promtool = true;  // false: the strict reading of the rule files only (cheap, for `status`)
  const std::optional<health::Run>* latest = nullptr;  // the latest health results, when read already
  core::WarningSink warn = [](const std::string&) {};
};

// Reads what it needs from the ops dir (hypercare.toml's [kickoff] and [bau], checks.toml, the
// latest health results, alerts/, the kickoff record) and judges every item at `now`. A broken
// [kickoff] table is an error (ErrorKind::config); a config file an item reads that does not load
// (rota.toml, checks.toml, [bau]) makes that item not ready, saying why; an unreadable record line
// is a warning.
core::Result<Readiness> assess(const Inputs& in, core::TimePoint now);

}  // namespace hypercare::kickoff
