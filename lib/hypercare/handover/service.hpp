// Writing handovers: the `created` event (the document is rendered from it on `handover show`,
// never stored), then each sign-off; every write under the ops lock, in one commit.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/handover/builder.hpp"
#include "hypercare/handover/repository.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::handover {

struct WriteContext {
  store::WriteOptions write;
  TimePoint now;
  core::Random random;
  core::Zone zone;  // the team's: the stored Markdown is in the team's time
};

struct NewHandover {
  Plan plan;
  nlohmann::json snapshot;
  std::vector<std::string> notes, watch;
  std::vector<Scheduled> scheduled;
  std::vector<Section> sections;
  std::string replaces;  // the pending draft for the same shift change this one supersedes
};

core::Result<Handover> create(const WriteContext& ctx, const Repository& repo, const NewHandover& spec);

struct AcceptRequest {
  std::string id;  // full id
  std::string by;
  bool as_other = false;
  std::vector<std::string> confirm;  // checklist names
};

// `changed` is false when the handover was already accepted with every requested item: nothing
// was written.
struct Accepted {
  Handover handover;
  bool changed = true;
  std::vector<std::string> newly_confirmed;
};

core::Result<Accepted> accept(const WriteContext& ctx, const Repository& repo, const AcceptRequest& request);

}  // namespace hypercare::handover
