// on_fail = { open_incident = "P2", after = 3 }: a check that failed N times in a row opens an
// incident (at most one open per check); the incident gets a "recovered" note when it passes again.
#pragma once

#include <string>
#include <vector>

#include "hypercare/incident/service.hpp"
#include "hypercare/health/result.hpp"

namespace hypercare::health {

struct OnFailAction {
  std::string check, incident;
  enum class Kind { opened, recovered, failing_again } kind;
};

// For a run that has been recorded; failures are counted across runs from the history.
core::Result<std::vector<OnFailAction>> apply_on_fail(const Run& run, const config::ChecksConfig& cfg,
                                                      const incident::ServiceContext& ctx);

}  // namespace hypercare::health
