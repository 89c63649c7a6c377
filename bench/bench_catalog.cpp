// The results catalogue's cost: recording a run of the default scenario (its runs row,
// per-replication KPIs and inputs, monthly and quarterly rows, summaries) into a new
// catalogue, against running those replications, side by side (docs/performance.md).
//
//   build/release/bench/rollout_bench --benchmark_filter=catalogue

#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <limits>
#include <span>
#include <string>

#include "rollout/catalog/catalog.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/run/runner.hpp"

namespace {

using namespace rollout;

std::unique_ptr<Model> default_model() {
  return std::make_unique<Model>(
      load_scenario(std::string(ROLLOUT_SOURCE_DIR) + "/scenarios/china-30k.yaml"));
}

OutcomeTable run_of(const Model& model, std::size_t replications,
                    std::size_t series = std::numeric_limits<std::size_t>::max()) {
  RunSettings settings;
  settings.replications = replications;
  settings.series_below = series;
  settings.threads = default_threads();
  return run_replications(model, settings);
}

void catalogue_run(benchmark::State& state) {
  const auto model = default_model();
  for (auto _ : state)
    benchmark::DoNotOptimize(
        run_of(*model, static_cast<std::size_t>(state.range(0))).kpi(0, Kpi::stores_end));
}
BENCHMARK(catalogue_run)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void catalogue_record(benchmark::State& state) {
  const auto model = default_model();
  const OutcomeTable table = run_of(*model, static_cast<std::size_t>(state.range(0)),
                                    static_cast<std::size_t>(state.range(1)));
  const std::vector<KpiResult> kpis = summarize_kpis(*model, table);
  RunInfo info;
  info.scenario = model->scenario().name;
  info.replications = table.replications();
  const std::string series = state.range(1) > 0 ? series_csv(*model, table) : "";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("rollout-bench-catalog-" + std::to_string(::getpid()));
  CatalogRecord record;
  record.run.kind = "run";
  record.run.scenario = info.scenario;
  record.results = CatalogResults{model.get(), &table, &kpis, series};
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
    Catalog catalog(dir / "catalog.sqlite", CatalogAccess::write);
    benchmark::DoNotOptimize(catalog.record(std::span(&record, 1)).front());
  }
  std::filesystem::remove_all(dir);
}
// Replications, and of those the ones whose series are kept (the monthly and quarterly rows).
BENCHMARK(catalogue_record)
    ->Args({10'000, 10'000})
    ->Args({10'000, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
