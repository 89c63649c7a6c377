#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/analysis/sweep.hpp"
#include "rollout/analysis/sweep_result_file.hpp"

namespace rollout::cli {

int sweep_command(const SweepOptions& options, std::ostream& out, std::ostream& err) {
  SweepPlan plan = load_sweep(options.file, &interrupt_flag());
  for (const Scenario& s : plan.scenarios) {
    require_reported(plan.pareto.first, s, "sweep.pareto");
    require_reported(plan.pareto.second, s, "sweep.pareto");
  }
  RunOverrides shared = options.overrides;
  shared.seed = shared.seed.value_or(plan.scenarios.front().simulation.seed);
  shared.replications = shared.replications.value_or(
      static_cast<std::size_t>(plan.scenarios.front().simulation.replications));
  const std::filesystem::path dir =
      options.out.value_or(std::filesystem::path("results") / folder_name("sweep-" + plan.name));
  check_replaceable(dir);  // before the runs, not after them
  std::vector<Scenario> combinations = plan.scenarios;
  for (Scenario& s : combinations) {
    s.simulation.seed = *shared.seed;
    s.simulation.replications = static_cast<std::int64_t>(*shared.replications);
  }
  CatalogRecorder& catalog = *options.overrides.recorder;
  catalog.start("sweep", combinations);

  // Each combination's model and KPIs are kept for the catalogue; its outcome table is
  // dropped once summarised, so a sweep's memory does not grow with its combinations.
  std::vector<FinishedRun> runs;
  std::vector<std::vector<KpiResult>> results;
  for (std::size_t c = 0; c < combinations.size(); ++c) {
    const std::string label = fmt::format("{} of {}", c + 1, combinations.size());
    runs.push_back(run_scenario(combinations[c], shared, err, label));
    runs.back().table.reset();
    results.push_back(runs.back().kpis);
  }
  std::vector<ParetoPoint> points;
  for (const auto& r : results) {
    const KpiResult& x = r[static_cast<std::size_t>(plan.pareto.first)];
    const KpiResult& y = r[static_cast<std::size_t>(plan.pareto.second)];
    points.push_back(
        {central_value(x), central_value(y), kpi_standard_error(x), kpi_standard_error(y)});
  }
  const std::vector<bool> efficient = pareto_efficient(points, info(plan.pareto.first).direction,
                                                       info(plan.pareto.second).direction);
  throw_if_interrupted();
  if (!shared.writes) return kExitOk;  // under mpirun: rank 0 writes and prints
  StagedFolder staged(dir);
  staged.add({{"sweep.csv", sweep_csv(plan, results, efficient)},
              {"sweep.json", sweep_result_file_text(
                                 sweep_result_file(plan, *shared.seed, *shared.replications))}});
  commit_results(staged, options.overrides);
  for (const FinishedRun& run : runs)
    catalog.add(run, dir, false);
  const std::vector<std::int64_t> recorded = catalog.commit();

  fmt::print(
      out, "{}: {} combinations x {} replications, seed {}; * = Pareto-efficient on {} and {}\n\n",
      plan.name, plan.scenarios.size(), with_commas(static_cast<double>(*shared.replications)),
      *shared.seed, info(plan.pareto.first).name, info(plan.pareto.second).name);
  std::vector<std::size_t> widths;
  for (const std::string& lever : plan.levers)
    widths.push_back(std::max<std::size_t>(lever.size(), 8));
  std::string header = "   ";
  for (std::size_t i = 0; i < plan.levers.size(); ++i)
    header += fmt::format("{:<{}} ", plan.levers[i], widths[i]);
  const std::vector<Kpi> shown = sweep_shown_kpis(plan.pareto.first, plan.pareto.second);
  for (Kpi k : shown)
    header += fmt::format("{:>20}", info(k).name);
  fmt::print(out, "{}\n", header);
  for (std::size_t c = 0; c < results.size(); ++c) {
    std::string row = efficient[c] ? " * " : "   ";
    for (std::size_t i = 0; i < plan.levers.size(); ++i)
      row += fmt::format("{:<{}} ", plan.settings[c][i], widths[i]);
    for (Kpi k : shown) {
      const KpiResult& r = results[c][static_cast<std::size_t>(k)];
      row += fmt::format("{:>20}", format_kpi_value(k, central_value(r)));
    }
    fmt::print(out, "{}\n", row);
  }
  fmt::print(out, "\nwrote {}: sweep.csv, sweep.json\n", dir.string());
  say_report_written(options.overrides, dir, out);
  say_recorded(catalog, recorded, out);
  return kExitOk;
}

RegisteredCommand register_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  auto* command = app.add_subcommand(
      "sweep", "Run every combination of lever values with common random numbers");
  command->add_option("file", options->file, "A sweep file, or a scenario with a sweep: block")
      ->required();
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/sweep-<scenario name>)");
  return running_command(command, options, &sweep_command);
}

}  // namespace rollout::cli
