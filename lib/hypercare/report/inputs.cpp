#include "hypercare/report/inputs.hpp"

namespace hypercare::report {

core::Result<std::vector<HotfixRow>> load_hotfixes(const std::filesystem::path&, core::TimePoint, core::TimePoint,
                                                   const core::WarningSink&) {
  return std::vector<HotfixRow>{};
}

core::Result<std::vector<HandoverRow>> load_handovers(const std::filesystem::path&, core::TimePoint, core::TimePoint,
                                                      const core::WarningSink&) {
  return std::vector<HandoverRow>{};
}

}  // namespace hypercare::report
