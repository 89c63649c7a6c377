#pragma once
// One function per command; main() only parses arguments and maps errors to exit codes.

#include <iosfwd>
#include <string>
#include <vector>

namespace rollout::cli {

// Exit statuses: 0 success, 1 internal failure, 2 bad input or usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitInput = 2;

// Prints `ok FILE` for each valid file and every problem of the others.
int validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

// Prints the fully resolved scenario as YAML. Throws InputError when it is invalid.
int show_command(const std::string& file, std::ostream& out);

}  // namespace rollout::cli
