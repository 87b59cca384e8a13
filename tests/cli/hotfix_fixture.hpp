// Shared by the hotfix end-to-end tests: the Smart Dairy example ops dir with its pauses cut to
// zero (the stand-in kubectl is real enough), custom hotfix.toml files, and readers.
#pragma once

#include <regex>

#include "harness.hpp"

namespace hctest {

class HotfixTest : public CliTest {
 protected:
  // `init --example smart-dairy`, then no settle pauses and no delay between smoke attempts.
  void init_example() {
    init_ops();
    std::string text = slurp(ops / "hotfix.toml");
    for (const char* from : {"settle = \"30s\"", "settle = \"10s\"", "settle = \"5s\"", "smoke_retry_delay = \"10s\""}) {
      auto pos = text.find(from);
      ASSERT_NE(pos, std::string::npos) << from;
      std::string to = std::string(from).starts_with("settle") ? "settle = \"0s\"" : "smoke_retry_delay = \"0s\"";
      text.replace(pos, std::string(from).size(), to);
    }
    spit(ops / "hotfix.toml", text);
  }

  // An ops dir whose hotfix.toml is `toml`.
  void init_custom(const std::string& toml) {
    init_ops();
    spit(ops / "hotfix.toml", toml);
  }

  RunResult deploy(const std::string& tag, const std::string& component, const Env& extra = {},
                   const std::vector<std::string>& more = {}) const {
    std::vector<std::string> args{"hotfix", "deploy", tag, component, "--yes"};
    args.insert(args.end(), more.begin(), more.end());
    return hc(args, extra);
  }

  nlohmann::json show_hotfix(const std::string& id) const {
    auto r = hc({"hotfix", "show", id, "--json"});
    EXPECT_EXIT_CODE(r, 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.describe();
    return j.is_object() ? j : nlohmann::json::object();
  }

  // The hotfix JSON a `deploy --json` printed.
  static nlohmann::json parsed(const RunResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.describe();
    return j.is_object() ? j : nlohmann::json::object();
  }

  // The first hotfix id in `text` (what a deploy printed).
  static std::string first_id(const std::string& text) {
    static const std::regex re("HF-20261127-[0-9A-HJKMNP-TV-Z]{4}");
    std::smatch m;
    return std::regex_search(text, m, re) ? m.str() : "HF-MISSING";
  }

  fs::path hotfix_file(const std::string& id) const {
    return ops / "hotfixes" / (id.substr(3, 4) + "-" + id.substr(7, 2)) / (id + ".jsonl");
  }

  // What the stand-in cluster runs for a deployment.
  std::string image(const std::string& deployment) const {
    auto path = ops / ".hypercare/stand-in-cluster" / (deployment + ".image");
    if (!fs::exists(path)) return "(initial)";
    auto text = slurp(path);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

  std::vector<std::string> steps_of(const nlohmann::json& h) const {
    std::vector<std::string> out;
    for (const auto& s : h["steps"]) out.push_back(s["name"].get<std::string>() + ":" + s["status"].get<std::string>());
    return out;
  }
};

}  // namespace hctest
