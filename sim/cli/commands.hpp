#pragma once
// One function per command, and one that registers its subcommand and options with the
// parser; main() only parses arguments, runs the command named, and maps errors to exit
// codes.

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/interrupt.hpp"
#include "cli/run_support.hpp"
#include "rollout/common/error.hpp"

namespace CLI {
class App;
}

namespace rollout::cli {

// Exit statuses: 0 success, 1 internal failure, 2 bad input or usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitInput = 2;

// What a command gets when it runs: where to print, and the processes sharing the run
// (under mpirun every process runs the command; only rank 0 writes and prints).
struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  const ProcessGroup* group = nullptr;
  bool writes = true;
  std::string command_line;  // as typed, for the catalogue
};

// A subcommand as registered with the parser, and what runs it once arguments are parsed.
struct RegisteredCommand {
  CLI::App* subcommand = nullptr;
  std::function<int(const CommandContext&)> run;
};

RegisteredCommand register_run_command(CLI::App& app);
RegisteredCommand register_compare_command(CLI::App& app);
RegisteredCommand register_sweep_command(CLI::App& app);
RegisteredCommand register_batch_command(CLI::App& app);
RegisteredCommand register_sensitivity_command(CLI::App& app);
RegisteredCommand register_discover_command(CLI::App& app);
RegisteredCommand register_validate_command(CLI::App& app);
RegisteredCommand register_schema_command(CLI::App& app);
RegisteredCommand register_show_command(CLI::App& app);
RegisteredCommand register_report_command(CLI::App& app);
RegisteredCommand register_runs_command(CLI::App& app);
RegisteredCommand register_backtest_command(CLI::App& app);
RegisteredCommand register_optimize_command(CLI::App& app);

// The options every running command takes (--replications, --seed, ...).
void add_run_options(CLI::App& command, RunOverrides& overrides);
// Those of them every command that simulates takes: --replications, --seed, --threads, --quiet.
void add_sampling_options(CLI::App& command, RunOverrides& overrides);
// The catalogue recorder for a running command's overrides: none under --no-catalog or on
// a process that does not write (under mpirun only rank 0 records).
std::shared_ptr<CatalogRecorder> make_recorder(const RunOverrides& overrides,
                                               const std::string& command_line);
// A running command as registered: when it runs, its overrides first get the processes of
// the context, so that under mpirun only rank 0 writes and prints, and the catalogue
// recorder; a command that fails or is interrupted after its runs started records so.
template <class Options>
RegisteredCommand running_command(CLI::App* subcommand, std::shared_ptr<Options> options,
                                  int (*run)(const Options&, std::ostream&, std::ostream&)) {
  return {subcommand, [options = std::move(options), run](const CommandContext& context) {
            // Ctrl-C is caught from here on, the loading of scenarios included: the run's
            // first check then stops it. (Installed only by commands that check the flag.)
            interrupt_flag();
            RunOverrides& overrides = options->overrides;
            overrides.group = context.group;
            overrides.writes = context.writes;
            overrides.recorder = make_recorder(overrides, context.command_line);
            try {
              return run(*options, context.out, context.err);
            } catch (const Interrupted& e) {
              overrides.recorder->record_failure(
                  "interrupted", e.signal_number() == SIGTERM ? "SIGTERM" : "SIGINT");
              throw;
            } catch (const std::exception& e) {
              overrides.recorder->record_failure("failed", e.what());
              throw;
            }
          }};
}

// Prints `ok FILE` for each valid file and every problem of the others.
int validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

struct ReportOptions {
  std::string folder;
  std::optional<std::int64_t> run;  // from the catalogue, instead of a folder
  std::optional<std::filesystem::path> catalog;
  std::optional<std::filesystem::path> observed;  // drawn over the fans (docs/backtest.md)
};

// Writes DIR/report.html from a results folder of run, compare, sweep or sensitivity, or
// from the folder of a run in the catalogue (which must still hold it).
int report_command(const ReportOptions& options, std::ostream& out);

// Prints the fully resolved scenario as YAML. Throws InputError when it is invalid.
int show_command(const std::string& file, std::ostream& out);

struct RunsOptions {
  std::optional<std::string> scenario;
  std::optional<std::string> since;
  std::optional<std::int64_t> show;  // print this run's scenario instead of the list
  std::optional<std::filesystem::path> catalog;
};

// Lists the catalogue's runs, those of a scenario or since a date.
int runs_command(const RunsOptions& options, std::ostream& out);

struct RunOptions {
  std::string scenario;
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
  std::optional<std::string> observed;  // copied into the folder, drawn over the report's fans
};

// Runs a scenario, writes the output files and prints the KPI table.
int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

struct CompareOptions {
  std::vector<std::string> scenarios;
  std::vector<std::int64_t> runs;  // from the catalogue, instead of scenario files
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
  std::optional<std::string> observed;  // copied into the folder, drawn over the report's fans
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

struct OptimizeOptions {
  std::string file;
  RunOverrides overrides;  // --replications: per candidate; --seed: the search's
  std::optional<std::filesystem::path> out;
};

// Searches an optimisation file's plans (docs/optimize.md); writes optimize.csv, optimize.json
// and, when a plan meets the constraints, chosen.yaml.
int optimize_command(const OptimizeOptions& options, std::ostream& out, std::ostream& err);

struct BatchOptions {
  std::vector<std::string> scenarios;
  RunOverrides overrides;
  std::filesystem::path out;
};

// Runs many scenarios, each into its own folder, and indexes them in batch.csv. A failing
// scenario is reported and skipped; the exit status is 2 (or 1) if any failed.
int batch_command(const BatchOptions& options, std::ostream& out, std::ostream& err);

struct SensitivityCommandOptions {
  std::string scenario;
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
  std::vector<std::string> kpis;  // KPI names, or "all"; empty: the defaults
  bool no_tornado = false;
  std::size_t tornado_replications = 1000;
  std::size_t sobol_rows = 0;
  std::size_t bootstrap = 500;
  std::size_t top = 10;  // inputs shown per KPI on the terminal
};

// KPIs by name ("all" for every one `scenario` reports); `fallback` when none are named.
std::vector<Kpi> parse_kpi_list(const std::vector<std::string>& names,
                                const std::vector<Kpi>& fallback, const Scenario& scenario);

// An ordinary run, then rank measures, a tornado and (on request) Sobol' indices.
int sensitivity_command(const SensitivityCommandOptions& options, std::ostream& out,
                        std::ostream& err);

struct DiscoverOptions {
  std::string scenario;
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
  std::optional<std::string> kpi;
  std::string when;
  double peel = 0.05;
  double min_support = 0.05;
  std::optional<std::size_t> box;  // the box to describe; default: see docs/cli.md
};

// An ordinary run, then PRIM over its sampled inputs for the replications meeting `when`.
int discover_command(const DiscoverOptions& options, std::ostream& out, std::ostream& err);

struct BacktestOptions {
  std::vector<std::string> scenarios;  // one per forecast origin
  std::string observed;                // the observations file
  RunOverrides overrides;
  std::optional<std::filesystem::path> out;
};

// Runs each scenario keeping every replication's series, scores the observations inside its
// horizon (docs/backtest.md), writes backtest.csv, backtest.json and the runs' files.
int backtest_command(const BacktestOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rollout::cli
