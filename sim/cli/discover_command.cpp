#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <cmath>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/analysis/discover.hpp"
#include "rollout/analysis/discover_file.hpp"

namespace rollout::cli {
namespace {

std::string bound_text(double x) {
  return std::isfinite(x) ? fmt::format("{:.4g}", x) : "";
}

void print_discovery(std::ostream& out, const Model& model, const Discovery& d) {
  const std::size_t n = d.of_interest.size();
  const auto hits =
      static_cast<std::size_t>(std::count(d.of_interest.begin(), d.of_interest.end(), char{1}));
  fmt::print(out, "{}: {} of {} replications ({:.1f}%) meet {}\n\n", model.scenario().name,
             with_commas(static_cast<double>(hits)), with_commas(static_cast<double>(n)),
             100.0 * static_cast<double>(hits) / static_cast<double>(n), d.condition.describe());
  fmt::print(out,
             "PRIM peeling trajectory (coverage: share of those replications inside; "
             "density: share inside that meet it)\n");
  fmt::print(out, "  {:>4} {:>9} {:>8} {:>8} {:>13}\n", "box", "coverage", "density", "support",
             "restrictions");
  const auto& uncertain = model.uncertain_inputs();
  for (std::size_t b = 0; b < d.trajectory.size(); ++b) {
    const PrimBox& box = d.trajectory[b];
    std::size_t restricted = 0;
    for (std::size_t j = 0; j < uncertain.size(); ++j)
      restricted += box.restricts(j);
    fmt::print(out, "  {:>4} {:>8.1f}% {:>7.1f}% {:>7.1f}% {:>13}{}\n", b, 100 * box.coverage,
               100 * box.density, 100 * box.support, restricted,
               b == d.chosen ? "   <- shown below" : "");
  }
  const PrimBox& box = d.trajectory[d.chosen];
  fmt::print(out,
             "\nBox {}: {} replications, {:.1f}% of them meet the condition (overall {:.1f}%); "
             "it holds {:.1f}% of all that do\n",
             d.chosen, with_commas(static_cast<double>(box.cases)), 100 * box.density,
             100 * d.trajectory.front().density, 100 * box.coverage);
  std::size_t width = 12;
  for (const UncertainInput& u : uncertain)
    width = std::max(width, u.name.size());
  fmt::print(out, "  {:<{}} {:>10} {:>10}   {:>21}  {:>16}\n", "input", width, "from", "to",
             "sampled range", "density without");
  bool any = false;
  for (std::size_t j = 0; j < uncertain.size(); ++j) {
    if (!box.restricts(j)) continue;
    any = true;
    const auto [lo, hi] = std::minmax_element(d.inputs[j].begin(), d.inputs[j].end());
    fmt::print(out, "  {:<{}} {:>10} {:>10}   {:>10} .. {:<9} {:>15.1f}%\n", uncertain[j].name,
               width, bound_text(box.lower[j]), bound_text(box.upper[j]),
               fmt::format("{:.4g}", *lo), fmt::format("{:.4g}", *hi),
               100 * density_without(box, j, d.inputs, d.of_interest));
  }
  if (!any) fmt::print(out, "  (no restriction: box 0 is every replication)\n");
}

}  // namespace

int discover_command(const DiscoverOptions& options, std::ostream& out, std::ostream& err) {
  Scenario scenario = load_with_overrides(options.scenario, options.overrides);
  std::optional<Kpi> kpi;
  if (options.kpi) {
    kpi = kpi_named(*options.kpi);
    if (!kpi)
      throw InputError(fmt::format("--kpi is '{}', which is not a KPI{}", *options.kpi,
                                   kpi_suggestion(*options.kpi)));
  }
  Discovery d;
  d.condition = parse_condition(options.when, kpi);
  require_reported(d.condition.kpi, scenario, "--when");
  PrimSettings settings{options.peel, options.min_support};
  const std::filesystem::path dir = options.out.value_or(std::filesystem::path("results") /
                                                         folder_name("discover-" + scenario.name));
  check_replaceable(dir);  // before the run, not after it

  CatalogRecorder& catalog = *options.overrides.recorder;
  catalog.start("discover", {scenario});
  const FinishedRun run = run_scenario(std::move(scenario), options.overrides, err);
  throw_if_interrupted();
  if (!options.overrides.writes) return kExitOk;  // under mpirun: rank 0 writes and prints
  const OutcomeTable& table = *run.table;
  if (table.inputs() == 0)
    throw InputError(fmt::format("{} has no uncertain input to discover with", run.info.scenario));
  d.inputs.assign(table.inputs(), std::vector<double>(table.replications()));
  for (std::size_t j = 0; j < table.inputs(); ++j) {
    for (std::size_t i = 0; i < table.replications(); ++i)
      d.inputs[j][i] = table.input(i, j);
  }
  for (std::size_t i = 0; i < table.replications(); ++i)
    d.of_interest.push_back(static_cast<char>(d.condition.holds(table.kpi(i, d.condition.kpi))));
  d.trajectory = prim_peel(d.inputs, d.of_interest, settings);
  d.chosen = options.box.value_or(default_box(d.trajectory));
  if (d.chosen >= d.trajectory.size()) {
    throw InputError(fmt::format("--box is {}, but the trajectory has boxes 0 to {}", d.chosen,
                                 d.trajectory.size() - 1));
  }
  auto files = run_output_files(*run.model, table, run.kpis, run.info);
  files.emplace_back("discover.json",
                     discover_file_text(discover_file(*run.model, d, table.replications())));
  files.emplace_back("discover.csv", discover_csv(*run.model, d));
  catalog.add(run, dir);
  // Its rows are written while the files are made; stopped if they never get written.
  const auto writing = catalog.begin_writing();
  StagedFolder staged(dir);
  staged.add(files);
  commit_results(staged, options.overrides);
  const std::vector<std::int64_t> recorded = catalog.commit({series_text(files)});
  print_discovery(out, *run.model, d);
  fmt::print(out, "\nwrote {}: discover.json, discover.csv, and the run's {}\n", dir.string(),
             run_output_list());
  say_report_written(options.overrides, dir, out);
  say_recorded(catalog, recorded, out);
  return kExitOk;
}

RegisteredCommand register_discover_command(CLI::App& app) {
  auto options = std::make_shared<DiscoverOptions>();
  auto* command = app.add_subcommand(
      "discover", "Scenario discovery (PRIM): input ranges where a KPI condition concentrates");
  command->add_option("scenario", options->scenario, "Scenario file (YAML)")->required();
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/discover-<scenario name>)");
  command
      ->add_option("--when", options->when,
                   "The condition, e.g. 'target_by_deadline == 0' or 'global_rank_end > 2'")
      ->required();
  command->add_option("--kpi", options->kpi,
                      "The KPI, when --when gives only the comparison ('< 0.5')");
  command
      ->add_option("--peel", options->peel,
                   "Share of the box's replications peeled per step (default 0.05)")
      ->check(CLI::Range(0.001, 0.49).description("0.001 to 0.49"));
  command
      ->add_option("--min-support", options->min_support,
                   "Stop before a box holds less than this share of replications (default 0.05)")
      ->check(CLI::Range(0.001, 0.999).description("0.001 to 0.999"));
  command->add_option("--box", options->box,
                      "The box of the trajectory to describe (default: the densest box that "
                      "still holds half of the replications meeting the condition)");
  return running_command(command, options, &discover_command);
}

}  // namespace rollout::cli
