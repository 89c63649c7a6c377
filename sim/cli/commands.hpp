#pragma once
// One function per command; main() only parses arguments and maps errors to exit codes.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_support.hpp"

namespace rollout::cli {

// Exit statuses: 0 success, 1 internal failure, 2 bad input or usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitInput = 2;

// Prints `ok FILE` for each valid file and every problem of the others.
int validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

// Prints the fully resolved scenario as YAML. Throws InputError when it is invalid.
int show_command(const std::string& file, std::ostream& out);

struct RunOptions {
  std::string scenario;
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
};

// Runs a scenario, writes the output files and prints the KPI table.
int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

struct CompareOptions {
  std::vector<std::string> scenarios;
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
};

// Runs several scenarios with common random numbers and compares each with the first.
int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err);

struct SweepOptions {
  std::string file;
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
};

// Runs every combination of a sweep with common random numbers; writes sweep.csv.
int sweep_command(const SweepOptions& options, std::ostream& out, std::ostream& err);

struct BatchOptions {
  std::vector<std::string> scenarios;
  RunOverrides overrides;
  std::filesystem::path out;
};

// Runs many scenarios, each into its own folder, and indexes them in batch.csv. A failing
// scenario is reported and skipped; the exit status is 2 (or 1) if any failed.
int batch_command(const BatchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rollout::cli
