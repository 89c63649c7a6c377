#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <memory>
#include <ostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/analysis/compare.hpp"
#include "rollout/run/runner.hpp"

namespace rollout::cli {
namespace {

// Folder names for the scenarios' own outputs: their names, made unique.
std::vector<std::string> unique_names(const std::vector<FinishedRun>& runs) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const FinishedRun& run : runs)
    names.push_back(unique_folder(run.info.scenario, taken));
  return names;
}

void print_comparison(std::ostream& out, const Comparison& c, std::uint64_t seed,
                      std::size_t replications) {
  fmt::print(
      out, "Compared with {} over {} paired replications (seed {}): same shocks and input draws\n",
      c.scenarios.front().name, with_commas(static_cast<double>(replications)), seed);
  std::size_t width = 10;
  for (const ComparedScenario& s : c.scenarios)
    width = std::max(width, s.name.size());
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (!c.reports(k)) continue;
    const auto kpi = static_cast<Kpi>(k);
    const KpiInfo& about = info(kpi);
    fmt::print(out, "\n{} ({} is better)\n", about.name, about.direction > 0 ? "higher" : "lower");
    fmt::print(out, "  {:<{}} {:>12} {:>12} {:>12}   {:>26} {:>9} {:>8}\n", "scenario", width,
               "mean", "P5", "P95", "difference ± se", "P(better)", "VRF");
    for (std::size_t j = 0; j < c.scenarios.size(); ++j) {
      const KpiResult& r = c.scenarios[j].kpis[k];
      const bool binary = about.binary();
      const double centre =
          binary ? r.proportion.proportion : (r.available ? r.summary.mean : std::nan(""));
      auto percentile = [&](std::size_t level_position) {
        const auto& levels = c.scenarios[j].model->scenario().simulation.percentiles;
        const double wanted = level_position == 0 ? 5 : 95;
        for (std::size_t i = 0; i < levels.size(); ++i) {
          if (levels[i] == wanted && r.available && !binary)
            return format_kpi_value(kpi, r.summary.percentiles[i]);
        }
        return std::string("");
      };
      const std::string mean = format_kpi_value(kpi, centre);
      fmt::print(out, "  {:<{}} {:>12} {:>12} {:>12}", c.scenarios[j].name, width, mean,
                 percentile(0), percentile(1));
      if (j > 0 && c.differences[j][k].count > 0) {
        const PairedDifference& d = c.differences[j][k];
        const std::string diff =
            fmt::format("{} ± {}", format_kpi_difference(kpi, d.mean), format_kpi_error(kpi, d.se));
        const std::string vrf =
            std::isinf(d.variance_reduction) ? "inf" : fmt::format("{:.1f}", d.variance_reduction);
        fmt::print(out, "   {:>26} {:>8.1f}% {:>8}", diff, 100 * d.p_better, vrf);
      }
      fmt::print(out, "\n");
    }
  }
  fmt::print(out,
             "\nP(better): share of replications where the scenario beats {} (ties excluded). VRF: "
             "variance of the\n"
             "difference with independent runs over that with common random numbers.\n",
             c.scenarios.front().name);
}

}  // namespace

int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  // Load every file first, so a typo in the last one fails before any run.
  std::vector<Scenario> scenarios;
  std::vector<Diagnostic> problems;
  for (const std::string& file : options.scenarios) {
    try {
      scenarios.push_back(load_with_overrides(file, options.overrides));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  // One seed and one replication count for all: the first scenario's unless given.
  RunOverrides shared = options.overrides;
  shared.seed = shared.seed.value_or(scenarios.front().simulation.seed);
  shared.replications = shared.replications.value_or(
      static_cast<std::size_t>(scenarios.front().simulation.replications));
  const std::filesystem::path dir = options.out.value_or(
      std::filesystem::path("results") / folder_name("compare-" + scenarios.front().name));
  check_replaceable(dir);  // before the runs, not after them

  // All scenarios grow together, so replication i of each is paired with i of the others.
  const RunRequest request = run_request(shared, scenarios, err);
  std::vector<FinishedRun> runs;
  for (SimulatedRun& run :
       simulate_paired(std::move(scenarios), *shared.seed, *shared.replications, request))
    runs.push_back(summarised(std::move(run)));
  const std::optional<PrecisionTarget>& target = request.precision;
  const std::size_t replications = runs.front().info.replications;
  const std::vector<std::string> folders = unique_names(runs);
  std::vector<ComparedScenario> compared;
  for (std::size_t j = 0; j < runs.size(); ++j) {
    const FinishedRun& run = runs[j];
    compared.push_back({run.info.scenario, run.info.scenario_sha256, folders[j], run.model.get(),
                        &*run.table, run.kpis});
  }
  const Comparison comparison = compare(std::move(compared));

  throw_if_interrupted();
  if (!shared.writes) return kExitOk;  // under mpirun: rank 0 writes and prints
  StagedFolder staged(dir);
  for (std::size_t j = 0; j < runs.size(); ++j) {
    staged.add(run_output_files(*runs[j].model, *runs[j].table, runs[j].kpis, runs[j].info),
               folders[j]);
  }
  staged.add({{"comparison.json", comparison_json(comparison, *shared.seed, replications)},
              {"comparison.csv", comparison_csv(comparison)}});
  commit_results(staged, options.overrides);
  print_comparison(out, comparison, *shared.seed, replications);
  if (target)
    fmt::print(out, "\n{} (largest paired difference against {})\n",
               precision_line(runs.front().info), runs.front().info.scenario);
  fmt::print(
      out,
      "\nwrote {}: comparison.json, comparison.csv, and each scenario's files in its own folder\n",
      dir.string());
  say_report_written(options.overrides, dir, out);
  return kExitOk;
}

RegisteredCommand register_compare_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  auto* command = app.add_subcommand(
      "compare", "Run scenarios with common random numbers; compare each with the first");
  command->add_option("scenarios", options->scenarios, "Scenario files; the first is the reference")
      ->required()
      ->expected(2, -1);
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/compare-<first name>)");
  return running_command(command, options, &compare_command);
}

}  // namespace rollout::cli
