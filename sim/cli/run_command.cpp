#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/run_support.hpp"
#include "cli/terminal_table.hpp"

namespace rollout::cli {

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  Scenario scenario = load_with_overrides(options.scenario, options.overrides);
  const std::optional<ObservationsFile> observed =
      observations_for(options.observed, std::span(&scenario, 1));
  const std::filesystem::path dir =
      options.out.value_or(std::filesystem::path("results") / folder_name(scenario.name));
  check_replaceable(dir);  // before the run, not after it
  CatalogRecorder& catalog = *options.overrides.recorder;
  catalog.start("run", {scenario});
  const FinishedRun run = run_scenario(std::move(scenario), options.overrides, err);
  throw_if_interrupted();
  if (!options.overrides.writes) return kExitOk;  // under mpirun: rank 0 writes and prints
  catalog.add(run, dir);
  // Its rows are written while the files are made; stopped if they never get written.
  const auto writing = catalog.begin_writing();
  StagedFolder staged(dir);
  // Each file goes into the staging folder as soon as it is built, while the others are still
  // being built (docs/performance.md).
  const NamedTexts files = run_output_files(
      *run.model, *run.table, run.kpis, run.info,
      [&staged](const std::string& name, const std::string& text) { staged.write(name, text); },
      &interrupt_flag());
  if (observed) staged.add({{std::string(kObservedFile), observed->text}});
  commit_results(staged, options.overrides);
  const std::vector<std::int64_t> recorded = catalog.commit({series_text(files)});
  print_run_table(out, *run.model, run.kpis, stores_by_quarter(*run.model, *run.table), run.info);
  if (run.info.precision) fmt::print(out, "\n{}\n", precision_line(run.info));
  fmt::print(out, "\nwrote {}: {}{}\n", dir.string(), run_output_list(),
             observed ? fmt::format(", {}", kObservedFile) : "");
  say_report_written(options.overrides, dir, out);
  say_recorded(catalog, recorded, out);
  return kExitOk;
}

RegisteredCommand register_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* command =
      app.add_subcommand("run", "Run a scenario's Monte Carlo replications and write the results");
  command->add_option("scenario", options->scenario, "Scenario file (YAML)")->required();
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out, "Output folder (default: results/<scenario name>)");
  add_observed_option(*command, options->observed);
  return running_command(command, options, &run_command);
}

}  // namespace rollout::cli
