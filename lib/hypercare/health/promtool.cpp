#include "hypercare/health/promtool.hpp"

#include <stdlib.h>
#include <algorithm>
#include <unistd.h>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "hypercare/config/rules.hpp"
#include "hypercare/exec/run.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::health {

std::vector<core::Error> promtool_problems(const std::filesystem::path& file, const std::string& display,
                                           const std::map<std::string, std::string, std::less<>>& env) {
  std::vector<core::Error> out;
  auto text = store::read_file(file, store::k_max_config_bytes);
  if (!text) return out;  // reported by the strict reading
  std::filesystem::path checked = file;
  std::string temp;
  try {
    auto doc = YAML::Load(*text);
    if (doc.IsMap() && doc["spec"] && doc["spec"]["groups"]) {
      // promtool reads plain rule files: hand it the PrometheusRule's spec.
      YAML::Emitter e;
      e << doc["spec"];
      auto dir = std::filesystem::temp_directory_path();
      temp = (dir / "hypercare-rules-XXXXXX").string();
      int fd = ::mkstemp(temp.data());
      if (fd < 0) return out;
      std::string_view body = e.c_str();
      bool written = ::write(fd, body.data(), body.size()) == ssize_t(body.size());
      ::close(fd);
      if (!written) {
        ::unlink(temp.c_str());
        return out;
      }
      checked = temp;
    }
  } catch (const YAML::Exception&) {
    return out;  // reported by the strict reading
  }
  exec::Request r;
  r.argv = {"promtool", "check", "rules", checked.string()};
  r.env = env;
  r.timeout = std::chrono::seconds(20);
  r.merge_output = true;
  auto ran = exec::run(r);
  if (!temp.empty()) ::unlink(temp.c_str());
  if (!ran || ran->exit_code == 0) return out;  // not installed, or valid
  // promtool's own words, one problem per line after "FAILED:".
  std::string_view rest = ran->out;
  bool failed = false;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    std::string line(rest.substr(0, nl));
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (line.find("FAILED") != std::string::npos) {
      failed = true;
      continue;
    }
    if (!failed || line.find_first_not_of(" \t") == std::string::npos) continue;
    auto start = line.find_first_not_of(" \t");
    line = line.substr(start);
    if (line.starts_with(checked.string())) line = line.substr(checked.string().size());
    while (!line.empty() && (line.front() == ':' || line.front() == ' ')) line.erase(0, 1);
    out.push_back({core::ErrorKind::config, fmt::format("{}: promtool: {}", display, line), "promtool check rules " + file.string()});
  }
  if (out.empty())
    out.push_back({core::ErrorKind::config, fmt::format("{}: promtool check rules failed (exit {})", display, ran->exit_code), ""});
  return out;
}

RuleDirCheck check_rule_dir(const std::filesystem::path& ops, const std::map<std::string, std::string, std::less<>>& env,
                            bool promtool) {
  namespace fs = std::filesystem;
  RuleDirCheck out;
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::directory_iterator(ops / "alerts", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    auto ext = it->path().extension();
    if (ext == ".yaml" || ext == ".yml") paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    auto name = path.lexically_relative(ops).string();
    out.files.push_back(name);
    auto text = store::read_file(path, store::k_max_config_bytes);
    if (!text) {
      out.problems.push_back(text.error());
      continue;
    }
    auto problems = config::rule_file_problems(*text, name);
    if (problems.empty() && promtool) problems = promtool_problems(path, name, env);
    out.problems.insert(out.problems.end(), problems.begin(), problems.end());
  }
  return out;
}

}  // namespace hypercare::health
