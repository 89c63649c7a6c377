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

inline CliResult run_cli(const std::string& arguments) {
  const std::string command = std::string("cd '") + ROLLOUT_SOURCE_DIR + "' && '" + ROLLOUT_CLI +
                              "' " + arguments + " 2>&1";
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

}  // namespace test
