// Micro-benchmarks: one replication of the default and the small scenario (reported per
// region-month: one region in one month of one replication, all brands included), a block of
// replications as a run makes them, the
// sampling designs' uniforms, the calibration solve, one month's shocks, the
// summaries (accumulation) over a run's table, and the output files' texts.
//
//   build/release/bench/rollout_bench [--benchmark_filter=Replication]

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "engine/calibration.hpp"
#include "engine/replication.hpp"
#include "engine/shocks.hpp"
#include "rollout/inputs/sampling_design.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/summary.hpp"
#include "rollout/run/runner.hpp"

namespace {

using namespace rollout;

std::unique_ptr<Model> model_of(const std::string& relative, const std::string& overlay = "") {
  const std::string path = std::string(ROLLOUT_SOURCE_DIR) + "/" + relative;
  if (overlay.empty()) return std::make_unique<Model>(load_scenario(path));
  return std::make_unique<Model>(
      load_scenario_text("extends: " + path + "\n" + overlay, path + ".bench.yaml"));
}

void replication(benchmark::State& state, const std::string& scenario) {
  const auto model = model_of(scenario);
  Replication replication(*model);
  OutcomeTable table(*model, 1);
  std::uint64_t index = 0;
  for (auto _ : state)
    replication.run(index++, table.row(0));
  const double region_months = static_cast<double>(model->regions()) * model->months();
  state.counters["region_months"] = region_months;
  // Seconds per region-month, shown with an SI prefix (e.g. 810n = 810 ns).
  state.counters["per_region_month"] = benchmark::Counter(
      region_months, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK_CAPTURE(replication, default, std::string("scenarios/china-30k.yaml"))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(replication, small, std::string("tests/regression/small.yaml"))
    ->Unit(benchmark::kMicrosecond);

// Replications as `rollout run` makes them: run_replications on one worker thread, each
// replication's inputs from the scenario's design and its row in a new table (whose first touch
// is counted). Where `replication` above reuses one row of one table from the main thread, this
// sees what only a run sees: a cost of 4% of a whole run in small memset calls did not show
// there (docs/performance.md).
void replications(benchmark::State& state) {
  const auto model = model_of("scenarios/china-30k.yaml");
  RunSettings settings;
  settings.replications = static_cast<std::size_t>(state.range(0));
  settings.threads = 1;
  for (auto _ : state)
    benchmark::DoNotOptimize(run_replications(*model, settings).kpi(0, Kpi::stores_end));
  const double region_months = static_cast<double>(model->regions()) * model->months() *
                               static_cast<double>(settings.replications);
  state.counters["per_region_month"] = benchmark::Counter(
      region_months, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(replications)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void design(benchmark::State& state, const std::string& sampling) {
  const auto model =
      model_of("scenarios/china-30k.yaml", "simulation: {sampling: " + sampling + "}");
  const InputDesign inputs(*model, 0, 1024);
  std::vector<double> uniforms, scratch;
  std::uint64_t index = 0;
  for (auto _ : state) {
    inputs.uniforms(index++ % 1024, uniforms, scratch);
    benchmark::DoNotOptimize(uniforms.data());
  }
}
BENCHMARK_CAPTURE(design, random, std::string("random"));
BENCHMARK_CAPTURE(design, lhs, std::string("lhs"));
BENCHMARK_CAPTURE(design, sobol, std::string("sobol"));

// The t = 0 solve of every replication: 31 regions x 8 brands, as in the default, with
// presences spread over two orders of magnitude (a fixed sequence).
void calibration(benchmark::State& state) {
  constexpr std::size_t regions = 31, brands = 8;
  std::vector<double> weight(regions), presence(regions * brands), target(brands);
  std::uint64_t x = 12345;
  auto next = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(x >> 11) * 0x1p-53;
  };
  for (double& w : weight)
    w = 0.2 + next();
  for (double& p : presence)
    p = std::pow(1 + 100 * next(), 0.5);
  double total = 0;
  for (double& t : target)
    total += (t = 0.05 + next());
  for (double& t : target)
    t /= total;
  const CalibrationProblem problem{regions, brands, weight, presence, target};
  std::vector<double> q(brands), scratch(brands);
  int iterations = 0;
  for (auto _ : state) {
    std::fill(q.begin(), q.end(), 1.0 / brands);
    iterations = calibrate(problem, q, scratch).iterations;
    benchmark::DoNotOptimize(q.data());
  }
  state.counters["iterations"] = iterations;
}
BENCHMARK(calibration)->Unit(benchmark::kMicrosecond);

// One month's regional demand innovations of the default (31 regions): Philox normals
// and the spatial Cholesky factor.
void shocks(benchmark::State& state) {
  const auto model = model_of("scenarios/china-30k.yaml");
  const Eigen::MatrixXd& factor = *model->fixed_spatial_factor();
  std::vector<double> eps(model->regions()), out(model->regions());
  const ReplicationStreams streams(1, 0);
  int month = 0;
  for (auto _ : state) {
    draw_regional_innovations(streams, month++ % 36, factor, 0.5, eps, out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(shocks);

void summaries(benchmark::State& state) {
  const auto model = model_of("scenarios/china-30k.yaml");
  RunSettings settings;
  settings.replications = static_cast<std::size_t>(state.range(0));
  settings.threads = default_threads();
  const OutcomeTable table = run_replications(*model, settings);
  for (auto _ : state)
    benchmark::DoNotOptimize(summarize_kpis(*model, table).data());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(summaries)->Arg(1000)->Unit(benchmark::kMillisecond);

// The work after a 10,000-replication run's replications, on 1 or 2 threads (the argument):
// the KPIs' summaries and every output file's text, as `rollout run` builds them (not the
// writing). The table is made once; docs/performance.md has the serial share this bounds.
void run_outputs(benchmark::State& state) {
  const auto model = model_of("scenarios/china-30k.yaml");
  RunSettings settings;
  settings.replications = 10'000;
  settings.threads = default_threads();
  const OutcomeTable table = run_replications(*model, settings);
  RunInfo info;
  info.replications = settings.replications;
  info.series_replications = table.series_replications();
  info.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    const std::vector<KpiResult> kpis = summarize_kpis(*model, table);
    benchmark::DoNotOptimize(run_output_files(*model, table, kpis, info).data());
  }
}
BENCHMARK(run_outputs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
