// The pages of the site, each family in its own file; build() (site.cpp) puts them together.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hypercare/site/inputs.hpp"

namespace hypercare::site {

// index.html: the team's dashboard, or the public status page.
void dashboard(const Options& o, const Inputs& in, Output& out);
// incidents/index.html and incidents/INC-….html (the team's site only).
// The page of a resolved incident whose record and surroundings are as the previous build saw them
// is not made again (Output::keep).
core::Status incident_pages(const Options& o, const Inputs& in, Output& out);
// rota/index.html (a month calendar per slot) and the iCalendar feeds rota/team.ics,
// rota/MEMBER.ics.
void rota_pages(const Options& o, Output& out);
// reports/index.html, reports/daily-DATE.html per day, reports/summary.html.
void report_pages(const Options& o, const Inputs& in, Output& out);

// Table rows for incidents: id (linked from `root`), priority, status, title, component, opened,
// SLA clock.
std::string incident_rows(const Options& o, const std::vector<const incident::Incident*>& incidents,
                          std::string_view root);
// The SLA clock of an open incident as of the build, with its tone.
std::string sla_html(const Options& o, const incident::Incident& inc);
// The page of an incident, from the site's root.
std::string incident_path(std::string_view id);

}  // namespace hypercare::site
