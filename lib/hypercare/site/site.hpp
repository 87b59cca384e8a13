// `hypercare site`: the ops dir as a static site (HTML and one style sheet, no scripts, relative
// links): the team's dashboard, or with `public` a status page for stakeholders.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

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
  bool public_site = false;  // services, verdicts and incidents by component: no names, notes,
                             // contacts, labels, links
  std::string
      base_url;  // where the site is published ("https://…/"), for subscribable feeds; may be empty
  bool use_cache = true;
  core::WarningSink warn = [](const std::string&) {};
  // The previous build's fingerprints (path → what its page was made from), of the files still
  // there: a page whose fingerprint is the same is not made again.
  const std::map<std::string, std::string>* previous = nullptr;
};

// Where the files of the site go as they are made (publish.hpp writes each at once, so a site of
// ten thousand pages is never all in memory). Paths are inside the site: "incidents/INC-….html".
class Output {
 public:
  virtual ~Output() = default;
  // A file, made. `fingerprint`: a digest of what it was made from, when that can be told
  // without making it (a resolved incident's page), for the next build's Options::previous.
  virtual void put(const std::string& path, std::string_view bytes,
                   std::string_view fingerprint = {}) = 0;
  // A file the previous build made from the same inputs: left as it is.
  virtual void keep(const std::string& path, std::string_view fingerprint) = 0;
};

// Makes every file of the site into `out`. The same ops dir and options give the same bytes.
core::Status build(const Options& options, Output& out);

}  // namespace hypercare::site
