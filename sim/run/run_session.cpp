#include "rollout/run/run_session.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>

#include "rollout/common/error.hpp"
#include "rollout/common/sha256.hpp"
#include "rollout/common/version.hpp"
#include "rollout/loader/scenario_writer.hpp"
#include "rollout/run/runner.hpp"

namespace rollout {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

SimulatedRun start_run(Scenario scenario, const RunRequest& request) {
  SimulatedRun run;
  run.info.scenario = scenario.name;
  run.info.scenario_sha256 = sha256_hex(to_yaml(scenario));
  run.info.seed = scenario.simulation.seed;
  run.info.threads = request.threads;
  run.info.processes = request.group != nullptr ? request.group->size() : 1;
  run.info.version = version();
  run.model = std::make_unique<Model>(std::move(scenario));
  return run;
}

// Adds `count` replications, the next indices, to a started run.
void extend_run(SimulatedRun& run, std::size_t count, const RunRequest& request,
                const std::string& label) {
  if (run.table && run.model->scenario().simulation.sampling == Sampling::lhs) {
    throw InputError(fmt::format(
        "{} uses sampling: lhs, whose design is fixed by the replication count, so it cannot "
        "grow block by block for --precision; use sampling random or sobol, or a fixed "
        "--replications",
        run.model->scenario().name));
  }
  RunSettings settings;
  settings.replications = count;
  settings.first_replication = run.table ? run.table->replications() : 0;
  settings.threads = request.threads;
  settings.group = request.group;
  settings.series_below = request.series_replications;
  settings.stop = request.stop;
  if (request.on_progress) {
    const std::size_t before = settings.first_replication;
    settings.on_progress = [&request, &label, before](std::size_t done, std::size_t total) {
      request.on_progress(label, before + done, before + total);
    };
  }
  OutcomeTable more = run_replications(*run.model, settings);
  if (run.table) {
    run.table->append(more);
  } else {
    run.table.emplace(std::move(more));
  }
  run.info.replications = run.table->replications();
  run.info.series_replications = run.table->series_replications();
}

// Adds blocks of replications through `extend` until `measure()` is within the target or
// `done()` replications reach the bound; returns how it ended.
template <class Done, class Extend, class Measure>
PrecisionResult grow_to_precision(const PrecisionTarget& target, Done done, Extend extend,
                                  Measure measure) {
  double achieved = 0;
  do {
    extend(std::min(target.block, target.max_replications - done()));
    achieved = measure();
  } while (achieved > target.half_width && done() < target.max_replications);
  return PrecisionResult{info(target.kpi).name, target.half_width, achieved,
                         achieved <= target.half_width};
}

}  // namespace

SimulatedRun simulate(Scenario scenario, const RunRequest& request, const std::string& label) {
  const auto start = std::chrono::steady_clock::now();
  const std::optional<PrecisionTarget>& target = request.precision;
  const auto planned = static_cast<std::size_t>(scenario.simulation.replications);
  SimulatedRun run = start_run(std::move(scenario), request);
  check_memory(*run.model, target ? target->max_replications : planned, 1,
               request.series_replications);
  if (!target) {
    extend_run(run, planned, request, label);
  } else {
    run.info.precision = grow_to_precision(
        *target, [&run] { return run.info.replications; },
        [&](std::size_t count) { extend_run(run, count, request, label); },
        [&run, &target] { return half_width(*run.table, target->kpi); });
  }
  throw_if_stopped(request.stop);
  run.info.wall_seconds = seconds_since(start);
  return run;
}

std::vector<SimulatedRun> simulate_paired(std::vector<Scenario> scenarios, std::uint64_t seed,
                                          std::size_t replications, const RunRequest& request) {
  if (scenarios.empty()) throw InternalError("simulate_paired without a scenario");
  const auto start = std::chrono::steady_clock::now();
  const std::optional<PrecisionTarget>& target = request.precision;
  std::vector<SimulatedRun> runs;
  for (Scenario& s : scenarios) {
    s.simulation.seed = seed;
    s.simulation.replications = static_cast<std::int64_t>(replications);
    runs.push_back(start_run(std::move(s), request));
  }
  check_memory(*runs.front().model, target ? target->max_replications : replications, runs.size(),
               request.series_replications);
  auto extend_all = [&](std::size_t count) {
    for (SimulatedRun& run : runs)
      extend_run(run, count, request, run.info.scenario);
  };
  if (!target) {
    extend_all(replications);
  } else {
    const PrecisionResult result = grow_to_precision(
        *target, [&runs] { return runs.front().info.replications; }, extend_all,
        [&runs, &target] {
          double widest = 0;
          for (std::size_t j = 1; j < runs.size(); ++j) {
            widest = std::max(widest,
                              paired_half_width(*runs.front().table, *runs[j].table, target->kpi));
          }
          return widest;
        });
    for (SimulatedRun& run : runs)
      run.info.precision = result;
  }
  throw_if_stopped(request.stop);
  const double wall = seconds_since(start);
  for (SimulatedRun& run : runs)
    run.info.wall_seconds = wall;
  return runs;
}

}  // namespace rollout
