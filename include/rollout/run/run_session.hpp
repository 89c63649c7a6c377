#pragma once
// A run's life cycle, as every command needs it and no terminal is involved: a scenario
// run to its replication count or, in fixed blocks, to a precision target; several
// scenarios run on the same futures (common random numbers) and grown together; the
// memory check before anything runs. The CLI turns options into a RunRequest, calls
// simulate() or simulate_paired(), and prints (docs/cli.md).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/run/precision.hpp"
#include "rollout/run/process_group.hpp"

namespace rollout {

// How a run to a precision ended: the half-width reached against the target.
struct PrecisionResult {
  std::string kpi;
  double target = 0;
  double achieved = 0;
  bool reached = false;
};

// A rank correlation the scenario asked for, and what the run's draws achieved
// (results/summary.hpp measures it).
struct AchievedCorrelation {
  std::string first, second;
  double target = 0;    // as written in the scenario
  double used = 0;      // the copula's: the target, or the nearest valid matrix's value
  double achieved = 0;  // Spearman over the run's sampled inputs
};

// What a run's files record about how it was made (summary.json's "run").
struct RunInfo {
  std::string scenario;
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::size_t series_replications = 0;  // the first ones, whose series are summarised
  unsigned threads = 1;                 // per process
  int processes = 1;                    // MPI processes that shared the run
  std::string version;
  double wall_seconds = 0;
  std::optional<PrecisionResult> precision;  // set when run with --precision
  std::vector<AchievedCorrelation> correlations;
};

// How to run: the same for every scenario of a command.
struct RunRequest {
  // Without one, each scenario runs its simulation.replications.
  std::optional<PrecisionTarget> precision;
  unsigned threads = 1;
  const ProcessGroup* group = nullptr;  // the processes sharing the run (nullptr: this one)
  // Replications whose series (monthly, quarterly, regions) are kept; the others keep
  // their KPIs and inputs only, which bounds memory in runs of millions.
  std::size_t series_replications = 100'000;
  const std::atomic<int>* stop = nullptr;  // a signal number: throw Interrupted
  // On the calling thread while replications run: the run's label, replications done so
  // far and the total planned so far (the same when a block ends).
  std::function<void(const std::string& label, std::size_t done, std::size_t total)> on_progress;
};

// A scenario's model and every replication's outcome, with how the run was made.
struct SimulatedRun {
  std::unique_ptr<Model> model;
  std::optional<OutcomeTable> table;
  RunInfo info;  // correlations not yet measured: results/summary.hpp does that
};

// Runs `scenario` (its seed, its count or the precision target); `label` names it in
// progress reports. Throws InputError before anything runs if the results would not fit
// in memory, Interrupted on a signal.
SimulatedRun simulate(Scenario scenario, const RunRequest& request, const std::string& label = "");

// Runs every scenario with `seed` and replication indices 0, 1, ... (common random
// numbers: replication i of each sees the same futures), in blocks of all of them
// together; with a precision target, until the widest 95% half-width of the paired
// difference against the first scenario is within it. All runs get the same wall time.
std::vector<SimulatedRun> simulate_paired(std::vector<Scenario> scenarios, std::uint64_t seed,
                                          std::size_t replications, const RunRequest& request);

}  // namespace rollout
