// `hypercare whoami`: the actor hypercare records for your changes, and how it was worked out.
#include <fmt/format.h>

#include "commands.hpp"

namespace hypercare::cli {

namespace {

core::Status run_whoami(Invocation& inv) {
  auto id = HC_TRY(inv.checked_actor());
  const auto& who = inv.identify();
  bool on_rota = who.person != nullptr;
  if (inv.json()) {
    inv.print_json({{"actor", id},
                    {"source", who.source},
                    {"why", who.why},
                    {"on_rota", on_rota},
                    {"name", on_rota ? nlohmann::json(who.person->display()) : nlohmann::json(nullptr)}});
    return {};
  }
  std::string name = on_rota && who.person->display() != id ? fmt::format(" ({})", who.person->display()) : "";
  inv.out() << fmt::format("{}{}\n  from {}: {}\n", id, name, who.source, who.why);
  if (!on_rota && inv.rota_config())
    inv.out() << fmt::format("  {} is not on the rota: set HYPERCARE_USER to your member id, or add your email "
                             "to rota.toml (git config user.email)\n",
                             id);
  return {};
}

}  // namespace

void add_whoami(CLI::App& root, Invocation& inv, Action& action) {
  auto* sub = root.add_subcommand("whoami", "the actor recorded for your changes, and why (--as, HYPERCARE_USER, "
                                            "git user.email / user.name matched in rota.toml, $USER)");
  sub->footer(k_exit_status_footer);
  sub->callback([&inv, &action] { action = [&inv] { return run_whoami(inv); }; });
}

}  // namespace hypercare::cli
