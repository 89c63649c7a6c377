#include "cli/run_support.hpp"

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/option_values.hpp"
#include "rollout/report/report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <charconv>
#include <limits>
#include <ostream>

#include "rollout/loader/scenario_loader.hpp"
#include "rollout/run/runner.hpp"

namespace rollout::cli {

Scenario load_with_overrides(const std::string& path, const RunOverrides& overrides) {
  Scenario scenario = load_scenario(path);
  if (overrides.replications)
    scenario.simulation.replications = static_cast<std::int64_t>(*overrides.replications);
  if (overrides.seed) scenario.simulation.seed = *overrides.seed;
  return scenario;
}

void require_reported(Kpi kpi, const Scenario& scenario, std::string_view asked_by) {
  const std::string why = unreported_reason(kpi, scenario.economics.has_value());
  if (!why.empty())
    throw InputError(fmt::format("{}: {}, and {} has none", asked_by, why, scenario.name));
}

std::optional<PrecisionTarget> precision_target(const RunOverrides& overrides,
                                                std::span<const Scenario> scenarios) {
  if (!overrides.precision) {
    if (overrides.max_replications)
      throw InputError("--max-replications applies only with --precision");
    return std::nullopt;
  }
  PrecisionTarget target = parse_precision(*overrides.precision);
  if (overrides.max_replications) target.max_replications = *overrides.max_replications;
  for (const Scenario& s : scenarios)
    require_reported(target.kpi, s, "--precision");
  return target;
}

RunRequest run_request(const RunOverrides& overrides, std::span<const Scenario> scenarios,
                       std::ostream& err) {
  RunRequest request;
  request.precision = precision_target(overrides, scenarios);
  request.threads = overrides.threads.value_or(default_threads());
  request.group = overrides.group;
  request.series_replications = overrides.series_replications;
  request.stop = &interrupt_flag();
  // Progress only where a person watches: stderr is a terminal and not --quiet.
  if (!overrides.quiet && ::isatty(STDERR_FILENO)) {
    request.on_progress = [&err](const std::string& label, std::size_t done, std::size_t total) {
      fmt::print(err, "\r  {}{} / {} replications", label.empty() ? "" : label + ": ", done, total);
      if (done == total) fmt::print(err, "\r{:70}\r", "");
      err.flush();
    };
  }
  return request;
}

FinishedRun summarised(SimulatedRun run) {
  FinishedRun finished{std::move(run), {}};
  finished.kpis = summarize_kpis(*finished.model, *finished.table);
  finished.info.correlations = achieved_correlations(*finished.model, *finished.table);
  return finished;
}

FinishedRun run_scenario(Scenario scenario, const RunOverrides& overrides, std::ostream& err,
                         const std::string& label) {
  const RunRequest request = run_request(overrides, std::span<const Scenario>(&scenario, 1), err);
  return summarised(simulate(std::move(scenario), request, label));
}

std::string unique_folder(const std::string& name, std::set<std::string>& taken) {
  const std::string base = folder_name(name);
  std::string folder = base;
  for (int n = 2; taken.count(folder) > 0; ++n)
    folder = fmt::format("{}-{}", base, n);
  taken.insert(folder);
  return folder;
}

std::string precision_line(const RunInfo& info) {
  if (!info.precision) return "";
  const PrecisionResult& p = *info.precision;
  if (p.reached) {
    return fmt::format("precision: {} 95% half-width {:.4g} <= {:.4g} after {} replications", p.kpi,
                       p.achieved, p.target, info.replications);
  }
  return fmt::format(
      "precision NOT reached: {} 95% half-width {:.4g} > {:.4g} at the bound of {} replications "
      "(raise --max-replications)",
      p.kpi, p.achieved, p.target, info.replications);
}

void commit_results(StagedFolder& staged, const RunOverrides& overrides,
                    const std::string& subfolder) {
  if (overrides.report) {
    const std::filesystem::path folder =
        subfolder.empty() ? staged.staging() : staged.staging() / subfolder;
    staged.add({{"report.html", report_html(folder)}}, subfolder);
  }
  if (!subfolder.empty()) return;
  throw_if_interrupted();  // a signal while the results were summarised or written
  staged.commit();
}

std::optional<ObservationsFile> observations_for(const std::optional<std::string>& file,
                                                 std::span<const Scenario> scenarios) {
  if (!file) return std::nullopt;
  ObservationsFile observed = read_observations(*file);
  place_observations(observed, scenarios);  // throws with every row no scenario can place
  return observed;
}

void add_observed_option(CLI::App& command, std::optional<std::string>& file) {
  command.add_option("--observed", file,
                     "Observations (CSV, docs/backtest.md): copied into the folder as "
                     "observed.csv and drawn over the report's fans");
}

void say_report_written(const RunOverrides& overrides, const std::filesystem::path& dir,
                        std::ostream& out) {
  if (overrides.report) fmt::print(out, "wrote {}\n", (dir / "report.html").string());
}

std::shared_ptr<CatalogRecorder> make_recorder(const RunOverrides& overrides,
                                               const std::string& command_line) {
  std::optional<std::filesystem::path> file;
  if (!overrides.no_catalog && overrides.writes) file = catalog_path(overrides.catalog);
  return std::make_shared<CatalogRecorder>(file, command_line);
}

// The options every running command takes.
void add_sampling_options(CLI::App& command, RunOverrides& overrides) {
  command
      .add_option("--replications,-n", overrides.replications,
                  "Number of replications (default: the scenario's)")
      ->transform(whole_number(1, 100'000'000))
      ->type_name("N");
  // Read as text and converted exactly: CLI11 turns "-1" and 2^64 into 2^64 - 1.
  command
      .add_option_function<std::string>(
          "--seed",
          [&overrides](const std::string& text) {
            std::uint64_t seed = 0;
            const char* end = text.data() + text.size();
            const auto [stop, ec] = std::from_chars(text.data(), end, seed);
            if (ec != std::errc() || stop != end)
              throw CLI::ValidationError(
                  "--seed", fmt::format("'{}' is not a whole number from 0 to {}", excerpt(text),
                                        std::numeric_limits<std::uint64_t>::max()));
            overrides.seed = seed;
          },
          "Random seed, a whole number from 0 to 2^64 - 1 (default: the scenario's)")
      ->type_name("SEED");
  command.add_option("--threads,-j", overrides.threads, "Worker threads (default: all cores)")
      ->transform(whole_number(1, 1024))
      ->type_name("N");
  command.add_flag("--quiet,-q", overrides.quiet, "No progress display");
}

void add_run_options(CLI::App& command, RunOverrides& overrides) {
  add_sampling_options(command, overrides);
  command.add_flag("--report", overrides.report,
                   "Also write report.html, a self-contained HTML report, into the output folder");
  command.add_option(
      "--precision", overrides.precision,
      "Add replications in blocks of 1,000 until the KPI's 95% half-width is below this, e.g. "
      "target_by_deadline=0.01");
  command
      .add_option("--max-replications", overrides.max_replications,
                  "Bound on replications with --precision (default 100,000)")
      ->transform(whole_number(1, 100'000'000))
      ->type_name("N");
  command
      .add_option("--series-replications", overrides.series_replications,
                  "Series over time (series.csv, regions.csv, region_series.csv) from the first N "
                  "replications; "
                  "KPIs always from all (default 100,000: bounds memory in runs of millions)")
      ->transform(whole_number(1, 100'000'000))
      ->type_name("N");
  auto* catalog = command.add_option(
      "--catalog", overrides.catalog,
      "Record the runs in this SQLite catalogue (default: $ROLLOUT_CATALOG, else "
      "results/catalog.sqlite)");
  catalog->type_name("FILE");
  command.add_flag("--no-catalog", overrides.no_catalog, "Do not record the runs in a catalogue")
      ->excludes(catalog);
}

}  // namespace rollout::cli
