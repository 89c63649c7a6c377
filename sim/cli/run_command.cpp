#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/outputs.hpp"
#include "rollout/runner.hpp"
#include "rollout/scenario_loader.hpp"
#include "rollout/scenario_writer.hpp"
#include "rollout/version.hpp"

namespace rollout::cli {

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  Scenario scenario = load_scenario(options.scenario);
  if (options.replications)
    scenario.simulation.replications = static_cast<std::int64_t>(*options.replications);
  if (options.seed) scenario.simulation.seed = *options.seed;
  const unsigned threads = options.threads.value_or(default_threads());
  const std::string resolved = to_yaml(scenario);
  const std::filesystem::path dir =
      options.out.value_or(std::filesystem::path("results") / scenario.name);

  RunInfo run;
  run.scenario = scenario.name;
  run.scenario_sha256 = sha256_hex(resolved);
  run.seed = scenario.simulation.seed;
  run.replications = static_cast<std::size_t>(scenario.simulation.replications);
  run.threads = threads;
  run.version = version();

  const Model model(std::move(scenario));
  RunSettings settings;
  settings.replications = run.replications;
  settings.threads = threads;
  // Progress only where a person watches: stderr is a terminal and not --quiet.
  if (!options.quiet && ::isatty(STDERR_FILENO)) {
    settings.on_progress = [&err](std::size_t done, std::size_t total) {
      fmt::print(err, "\r  {} / {} replications ({:.0f}%)", done, total,
                 100.0 * static_cast<double>(done) / static_cast<double>(total));
      if (done == total) fmt::print(err, "\r{:60}\r", "");
      err.flush();
    };
  }
  const auto start = std::chrono::steady_clock::now();
  const OutcomeTable table = run_replications(model, settings);
  const std::vector<KpiResult> kpis = summarize_kpis(model, table);
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  write_run_outputs(dir, model, table, kpis, run);
  print_run_table(out, model, kpis, stores_by_quarter(model, table), run);
  fmt::print(out, "\nwrote {}: summary.json, series.csv, replications.csv, regions.csv\n",
             dir.string());
  return kExitOk;
}

}  // namespace rollout::cli
