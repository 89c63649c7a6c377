// Micro-benchmarks: one replication of the default and the small scenario (reported per
// region-month: one region in one month of one replication, all brands included), the
// sampling designs' uniforms, and the summaries over a run's table.
//
//   build/release/bench/rollout_bench [--benchmark_filter=Replication]

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "rollout/replication.hpp"
#include "rollout/runner.hpp"
#include "rollout/sampling_design.hpp"
#include "rollout/scenario_loader.hpp"
#include "rollout/summary.hpp"

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

}  // namespace

BENCHMARK_MAIN();
