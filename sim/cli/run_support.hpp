#pragma once
// The steps every running command shares: load a scenario with the command line's
// overrides, turn the options into the library's RunRequest (run/run_session.hpp) with
// progress on a terminal, run, summarise, and put the results folder in place.

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "cli/catalog_support.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/loader/observations_file.hpp"
#include "rollout/model/model.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/results/summary.hpp"
#include "rollout/run/precision.hpp"
#include "rollout/run/process_group.hpp"
#include "rollout/run/run_session.hpp"

namespace CLI {
class App;
}

namespace rollout::cli {

struct RunOverrides {
  std::optional<std::size_t> replications;
  std::optional<std::uint64_t> seed;
  std::optional<unsigned> threads;
  bool quiet = false;
  std::optional<std::string> precision;         // KPI=HALFWIDTH
  std::optional<std::size_t> max_replications;  // bound when running to a precision
  // Replications whose series (monthly, quarterly, regions) are kept; the others keep
  // their KPIs and inputs only, which bounds memory in runs of millions.
  std::size_t series_replications = 100'000;
  bool report = false;  // also write report.html
  // The processes sharing this run under mpirun (nullptr: this one alone), and whether
  // this process is the one that writes files and prints (rank 0).
  const ProcessGroup* group = nullptr;
  bool writes = true;
  // The results catalogue (docs/outputs.md): --catalog FILE, --no-catalog; the recorder is
  // made when the command runs and shared by copies of these overrides.
  std::optional<std::filesystem::path> catalog;
  bool no_catalog = false;
  std::shared_ptr<CatalogRecorder> recorder;
};

// A run with its KPIs summarised, as the commands print and write it.
struct FinishedRun : SimulatedRun {
  std::vector<KpiResult> kpis;
};

// Adds report.html, with --report, to the staged results (to their `subfolder` if given: a
// batch's scenario); then, unless for a subfolder, swaps them into place, or throws
// Interrupted and changes nothing if a signal arrived while they were summarised or written.
void commit_results(StagedFolder& staged, const RunOverrides& overrides,
                    const std::string& subfolder = "");
// "wrote DIR/report.html", with --report.
void say_report_written(const RunOverrides& overrides, const std::filesystem::path& dir,
                        std::ostream& out);

// Loads `path` and applies the overrides to its simulation settings.
Scenario load_with_overrides(const std::string& path, const RunOverrides& overrides);

// The precision target of --precision and --max-replications, if one was asked for; its
// KPI must be one that each of `scenarios` reports.
std::optional<PrecisionTarget> precision_target(const RunOverrides& overrides,
                                                std::span<const Scenario> scenarios);

// Throws InputError, naming `asked_by` (an option, a file key), when `scenario` does not
// report `kpi` (an economic KPI without an economics block).
void require_reported(Kpi kpi, const Scenario& scenario, std::string_view asked_by);

// The library's RunRequest for the command line's options: the precision target (checked
// against every one of `scenarios`), threads, processes, Ctrl-C, and progress on `err`
// when it is a terminal and not --quiet.
RunRequest run_request(const RunOverrides& overrides, std::span<const Scenario> scenarios,
                       std::ostream& err);

// Summarises a simulated run: its KPIs and the rank correlations its draws achieved.
FinishedRun summarised(SimulatedRun run);

// simulate() with the command line's options, summarised.
FinishedRun run_scenario(Scenario scenario, const RunOverrides& overrides, std::ostream& err,
                         const std::string& label = "");

// The observations of --observed FILE (run, compare), read and placed in each of
// `scenarios` (docs/backtest.md), so that a bad file fails before any run; none without one.
std::optional<ObservationsFile> observations_for(const std::optional<std::string>& file,
                                                 std::span<const Scenario> scenarios);
// Adds --observed FILE to a command that draws observations over its report's fans.
void add_observed_option(CLI::App& command, std::optional<std::string>& file);

// A folder name for a scenario's outputs: folder_name() of its name, or that with -2, -3,
// ... if taken;
// the name returned is added to `taken`.
std::string unique_folder(const std::string& name, std::set<std::string>& taken);

// "target_by_deadline: 95% half-width 0.0098 <= 0.01 after 9,000 replications", or why not.
std::string precision_line(const RunInfo& info);

}  // namespace rollout::cli
