#include "cli/run_support.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>
#include <chrono>
#include <ostream>

#include "rollout/runner.hpp"
#include "rollout/scenario_loader.hpp"
#include "rollout/scenario_writer.hpp"
#include "rollout/version.hpp"

namespace rollout::cli {

Scenario load_with_overrides(const std::string& path, const RunOverrides& overrides) {
  Scenario scenario = load_scenario(path);
  if (overrides.replications)
    scenario.simulation.replications = static_cast<std::int64_t>(*overrides.replications);
  if (overrides.seed) scenario.simulation.seed = *overrides.seed;
  return scenario;
}

FinishedRun run_scenario(Scenario scenario, const RunOverrides& overrides, std::ostream& err,
                         const std::string& label) {
  FinishedRun run;
  run.info.scenario = scenario.name;
  run.info.scenario_sha256 = sha256_hex(to_yaml(scenario));
  run.info.seed = scenario.simulation.seed;
  run.info.replications = static_cast<std::size_t>(scenario.simulation.replications);
  run.info.threads = overrides.threads.value_or(default_threads());
  run.info.version = version();
  run.model = std::make_unique<Model>(std::move(scenario));

  RunSettings settings;
  settings.replications = run.info.replications;
  settings.threads = run.info.threads;
  // Progress only where a person watches: stderr is a terminal and not --quiet.
  if (!overrides.quiet && ::isatty(STDERR_FILENO)) {
    settings.on_progress = [&err, &label](std::size_t done, std::size_t total) {
      fmt::print(err, "\r  {}{} / {} replications ({:.0f}%)", label.empty() ? "" : label + ": ",
                 done, total, 100.0 * static_cast<double>(done) / static_cast<double>(total));
      if (done == total) fmt::print(err, "\r{:70}\r", "");
      err.flush();
    };
  }
  const auto start = std::chrono::steady_clock::now();
  run.table.emplace(run_replications(*run.model, settings));
  run.kpis = summarize_kpis(*run.model, *run.table);
  run.info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace rollout::cli
