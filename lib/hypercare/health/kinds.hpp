// One function per check kind: each runs its check to completion within the check's timeout.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hypercare/exec/run.hpp"
#include "hypercare/health/result.hpp"

namespace hypercare::health {

struct CheckEnv {
  std::filesystem::path ops_dir;                      // cwd of commands; base of relative paths
  std::map<std::string, std::string, std::less<>> env;  // commands' environment, header variables
  std::string prometheus_url;
};

// How a command or info check's `command` is run: /bin/sh -c in the ops dir, with the check's name
// and service in the environment, its timeout, and its whole process group killed at the end.
exec::Request command_request(const config::CheckSpec& spec, const CheckEnv& env);

// A passing result of `spec` (named `name`, else the check's), for a kind to fill in.
CheckResult result_of(const config::CheckSpec& spec, std::string name = {});

CheckResult run_http(const config::CheckSpec& spec, const CheckEnv& env);
CheckResult run_tcp(const config::CheckSpec& spec, const CheckEnv& env);
CheckResult run_command(const config::CheckSpec& spec, const CheckEnv& env);
CheckResult run_disk(const config::CheckSpec& spec, const CheckEnv& env);
CheckResult run_prometheus(const config::CheckSpec& spec, const CheckEnv& env);
// A rules file that promtool would refuse is ErrorKind::config naming file:line:col (exit 78); a
// missing one ErrorKind::missing. Checked before a run so that a broken file stops it.
core::Status validate_rules_file(const config::CheckSpec& spec, const CheckEnv& env);
// An info check's figure: the command's output (a number alone becomes the value) or the query's
// value; status error when it could not be read.
CheckResult run_info(const config::CheckSpec& spec, const CheckEnv& env);
// A rules check yields one result per alerting rule ("alert-rules/HighErrorRate").
std::vector<CheckResult> run_rules(const config::CheckSpec& spec, const CheckEnv& env);

}  // namespace hypercare::health
