// libFuzzer target: the holder a component's deploy lock file names (.hypercare/hotfix-*.lock),
// as `hotfix list` and a second deploy read it while the lock is held.
#include "fuzz_support.hpp"
#include "hypercare/hotfix/lock.hpp"

namespace hc = hypercare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto ops = fuzz::Scratch::fresh();
  auto lock = hc::hotfix::ComponentLock::acquire(ops, "odoo");
  if (!lock) return 0;
  fuzz::write(hc::hotfix::lock_path(ops, "odoo"), fuzz::text(data, size));
  (void)hc::hotfix::lock_holder(ops, "odoo");
  hc::hotfix::Hotfix h;
  h.id = "HF-20261127-7K2M";
  h.component = "odoo";
  (void)hc::hotfix::process_of(h, ops, "");
  return 0;
}
