#include "inprocess.hpp"

#include <random>
#include <sstream>

#include "app.hpp"

namespace hctest {

RunResult run_inprocess(const std::vector<std::string>& args, const Env& env, const fs::path& cwd) {
  static std::mt19937_64 engine{std::random_device{}()};
  hypercare::core::Context ctx;
  for (const auto& [k, v] : env) ctx.env.emplace(k, v);
  auto now = hypercare::core::parse_rfc3339(env.count("HYPERCARE_NOW") ? env.at("HYPERCARE_NOW") : "");
  auto frozen = now ? *now : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  ctx.clock = [frozen] { return frozen; };
  ctx.random = [] { return engine(); };
  std::istringstream in;
  std::ostringstream out, err;
  ctx.in = &in;
  ctx.out = &out;
  ctx.err = &err;
  ctx.cwd = cwd;
  RunResult r;
  r.exit = hypercare::cli::run(args, ctx);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace hctest
