#pragma once
// Running the built `rollout` binary from the source tree, as a user would.

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

namespace test {

struct CliResult {
  int status = -1;
  std::string out;  // stdout and stderr together
};

// Runs a shell command line; its output is whatever it prints to stdout.
inline CliResult run_shell(const std::string& command) {
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    result.out.append(buffer.data(), n);
  const int raw = pclose(pipe);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

// `rollout ARGUMENTS` run from `folder` (default: the source tree).
inline CliResult run_cli(const std::string& arguments, const std::string& folder = "") {
  return run_shell("cd '" + (folder.empty() ? std::string(ROLLOUT_SOURCE_DIR) : folder) + "' && '" +
                   ROLLOUT_CLI + "' " + arguments + " 2>&1");
}

}  // namespace test
