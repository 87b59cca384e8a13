// `hypercare site`: the ops dir as a static site (HTML and one style sheet, no scripts, relative
// links): the team's dashboard, or with `public` a status page for stakeholders.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hypercare::site {

struct Options {
  std::filesystem::path ops;
  const config::HypercareConfig* cfg = nullptr;
  const rota::Schedule* schedule = nullptr;  // nullptr: the ops dir has no rota
  core::Zone zone = nullptr;                 // the zone times are shown in
  core::TimePoint as_of{};                   // the record as it stood then; clocks run to it
  bool public_site = false;  // services, verdicts and incidents by component: no names, notes, contacts, labels, links
  std::string base_url;      // where the site is published ("https://…/"), for subscribable feeds; may be empty
  bool use_cache = true;
  core::WarningSink warn = [](const std::string&) {};
  // The previous build's fingerprints (path → what its page was made from), of the files still
  // there: a page whose fingerprint is the same is not made again.
  const std::map<std::string, std::string>* previous = nullptr;
};

// Path inside the site ("incidents/INC-….html") → its bytes. The same ops dir and options give
// the same bytes.
using Files = std::map<std::string, std::string>;

struct Site {
  Files files;
  // Of the pages whose inputs can be told without making them (a resolved incident's): path →
  // a digest of those inputs, kept in the manifest for the next build.
  std::map<std::string, std::string> fingerprints;
  std::vector<std::string> kept;  // pages the previous build made from the same inputs: left as they are
};

core::Result<Site> build(const Options& options);

}  // namespace hypercare::site
