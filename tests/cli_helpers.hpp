#pragma once
// Running the built `rollout` binary from the source tree, as a user would.

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace test {

struct CliResult {
  int status = -1;
  std::string out;  // stdout and stderr together
};

// A whole file's text ("" when it cannot be read: the test's checks on it then fail).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

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

// The catalogue the CLI tests record their runs in (ROLLOUT_CATALOG): one per test process,
// in the temporary folder, removed when the process ends; so no test writes one into the
// source tree or a sandbox, and none grows from one run of the suite to the next. A test of
// the catalogue itself gives --catalog, which comes first.
class TestCatalog {
 public:
  TestCatalog()
      : path_((std::filesystem::temp_directory_path() /
               ("rollout-test-catalog-" + std::to_string(::getpid()) + ".sqlite"))
                  .string()) {}
  ~TestCatalog() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ignored;
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }
  TestCatalog(const TestCatalog&) = delete;
  TestCatalog& operator=(const TestCatalog&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};
inline const std::string& test_catalog() {
  static const TestCatalog catalog;
  return catalog.path();
}

// Shell words that wait (at most 30 s) until the rollout process started in the background as
// $PID_VARIABLE, itself or as the child of a wrapper such as `timeout`, catches SIGINT: Linux
// lists caught signals in /proc/PID/status (SigCgt, SIGINT being bit 2). Until then the job
// has the shell's SIG_IGN for SIGINT, so a signal sent after a bare `sleep` on a slow
// machine (the sanitizer build under load) would arrive unseen.
inline std::string wait_until_rollout_catches_sigint(const std::string& pid_variable) {
  const std::string pid = "$" + pid_variable;
  return "for i in $(seq 300); do "
         "p=$(cat /proc/" +
         pid + "/task/" + pid + "/children 2>/dev/null); p=${p:-" + pid +
         "}; p=${p%% *}; "
         "case $(readlink /proc/$p/exe) in */rollout) "
         "caught=$(awk '/^SigCgt/ {print $2}' /proc/$p/status); "
         "[ $(( 0x$caught & 2 )) -ne 0 ] && break;; esac; sleep 0.1; done; ";
}

// `rollout` as a shell command line, recording into test_catalog().
inline std::string cli_command() {
  return "env ROLLOUT_CATALOG='" + test_catalog() + "' '" + ROLLOUT_CLI + "'";
}

// `rollout ARGUMENTS` run from `folder` (default: the source tree).
inline CliResult run_cli(const std::string& arguments, const std::string& folder = "") {
  return run_shell("cd '" + (folder.empty() ? std::string(ROLLOUT_SOURCE_DIR) : folder) + "' && " +
                   cli_command() + " " + arguments + " 2>&1");
}

}  // namespace test
