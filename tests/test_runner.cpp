// Runs across threads: identical to the last bit at 1, 2 and 4 threads; and the sanity
// invariants of a full run of the default scenario.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <mutex>

#include "common/parallel_blocks.hpp"
#include "rollout/common/error.hpp"

#include "engine_helpers.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/summary.hpp"

using namespace rollout;

TEST_CASE("outputs are bit-identical at 1, 2 and 4 threads") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: threads"));
  RunInfo info;  // wall_seconds and threads are the only fields allowed to differ; keep them equal
  std::vector<std::string> reference;
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    const OutcomeTable table = test::run(model, 150, threads);
    const std::vector<std::string> texts{summary_json(model, summarize_kpis(model, table), info),
                                         series_csv(model, table), replications_csv(model, table),
                                         regions_csv(model, table),
                                         region_series_csv(model, table, threads)};
    if (reference.empty()) {
      reference = texts;
    } else {
      for (std::size_t i = 0; i < texts.size(); ++i)
        CHECK(texts[i] == reference[i]);
    }
    // The run's files, built at once on `threads` threads, are the texts built one by one
    // (summary.json names the thread count, so it is compared above).
    RunInfo on_threads = info;
    on_threads.threads = threads;
    const auto files = run_output_files(model, table, summarize_kpis(model, table), on_threads);
    for (const auto& entry : files) {
      const auto& name = std::get<0>(entry);
      const auto& text = std::get<1>(entry);
      CAPTURE(name);
      if (name == "series.csv") CHECK(text == reference[1]);
      if (name == "replications.csv") CHECK(text == reference[2]);
      if (name == "regions.csv") CHECK(text == reference[3]);
      if (name == "region_series.csv") CHECK(text == reference[4]);
    }
  }
}

TEST_CASE("tasks taken in turn: each runs once, on a worker below the thread count") {
  // for_each_task is how the work after the replications is shared (run_output_files).
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    std::vector<int> runs(37, 0);
    std::vector<std::size_t> worker_of(runs.size());
    for_each_task(runs.size(), threads, [&](std::size_t task, std::size_t worker) {
      ++runs[task];
      worker_of[task] = worker;
    });
    CHECK(std::all_of(runs.begin(), runs.end(), [](int n) { return n == 1; }));
    CHECK(std::all_of(worker_of.begin(), worker_of.end(),
                      [&](std::size_t w) { return w < threads; }));
    // The exception of the lowest task that throws, whichever worker met it first.
    CHECK_THROWS_WITH(for_each_task(runs.size(), threads,
                                    [](std::size_t task, std::size_t) {
                                      if (task == 30) throw InternalError("thirty");
                                      if (task == 7) throw InternalError("seven");
                                    }),
                      "seven");
  }
}

TEST_CASE("a replication's result does not depend on which other replications ran") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: alone"));
  const OutcomeTable all = test::run(model, 40, 2);
  RunSettings settings;
  settings.replications = 1;
  settings.first_replication = 33;
  const OutcomeTable one = run_replications(model, settings);
  for (std::size_t t = 0; t < all.months(); ++t) {
    CHECK(one.monthly(0, Monthly::stores, t) == all.monthly(33, Monthly::stores, t));
    CHECK(one.monthly(0, Monthly::market_share, t) == all.monthly(33, Monthly::market_share, t));
  }
}

TEST_CASE("default scenario: shares in [0, 1], every value finite, offline + online = total") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: sane"));
  const OutcomeTable table = test::run(model, 300, 2);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t m = 0; m < kMonthlyCount; ++m) {
      for (std::size_t t = 0; t < table.months(); ++t)
        REQUIRE(std::isfinite(table.monthly(i, static_cast<Monthly>(m), t)));
    }
    for (std::size_t t = 0; t < table.months(); ++t) {
      const double off = table.monthly(i, Monthly::offline_units, t),
                   on = table.monthly(i, Monthly::online_units, t);
      CHECK(table.monthly(i, Monthly::offline_mix, t) ==
            doctest::Approx(off / (off + on)).epsilon(1e-12));
      const double share = table.monthly(i, Monthly::market_share, t);
      CHECK((share >= 0 && share <= 1));
      CHECK(
          share ==
          doctest::Approx((off + on) / table.monthly(i, Monthly::market_units, t)).epsilon(1e-12));
    }
    for (std::size_t q = 0; q < table.quarters(); ++q) {
      const double share = table.quarterly(i, kQuarterlyGlobalShare, q);
      CHECK((share > 0 && share < 1));
      double total = 0;
      for (std::size_t b = 0; b < model.brands(); ++b)
        total += table.quarterly(i, kQuarterlyBrandUnits + b, q);
      CHECK(share ==
            doctest::Approx(table.quarterly(i, kQuarterlyBrandUnits + model.focal(), q) / total));
    }
  }
}

TEST_CASE(
    "with planning_execution_rate 1 and no closure allowance the focal store count never "
    "exceeds the target") {
  const Model model(test::variant("scenarios/china-30k.yaml",
                                  "plan: {planning_execution_rate: 1, opening_capacity_per_month: "
                                  "2000, closure_allowance: none}"));
  const OutcomeTable table = test::run(model, 200, 2);
  double highest = 0;
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t t = 0; t < table.months(); ++t)
      highest = std::max(highest, table.monthly(i, Monthly::stores, t));
  }
  CHECK(highest <= 30000);
  CHECK(highest >= 29000);  // the cap is reached, so the check above is not vacuous
}

TEST_CASE("with the closure allowance stores exceed the target by at most the allowance") {
  // docs/model.md, "6. Planning": stores(t) <= target + Chat(t - L), Chat recomputed here
  // from the closures series: round(L x mean closures of months max(0, s - 11) .. s).
  const Model model(
      test::variant("scenarios/china-30k.yaml",
                    "plan: {planning_execution_rate: 1, opening_capacity_per_month: 2000}"));
  const auto lead = static_cast<std::size_t>(model.scenario().plan.lead_time_months);
  const OutcomeTable table = test::run(model, 200, 2);
  bool exceeded = false;
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t t = lead; t < table.months(); ++t) {
      const std::size_t s = t - lead, first = s >= 11 ? s - 11 : 0;
      double seen = 0;
      for (std::size_t m = first; m <= s; ++m)
        seen += table.monthly(i, Monthly::closures, m);
      const double allowance =
          std::floor(static_cast<double>(lead) * seen / static_cast<double>(s - first + 1) + 0.5);
      const double stores = table.monthly(i, Monthly::stores, t);
      CHECK(stores <= 30000 + allowance);
      exceeded = exceeded || stores > 30000;
    }
  }
  CHECK(exceeded);  // the allowance is used, so the bound above is not the old one
}

TEST_CASE("a value that overflows inside a replication is reported with where it arose") {
  // Log growth of 700 a year overflows the market size (e^700 x 1.2e6 > 1.8e308) in year two.
  const Model model(
      test::variant("tests/data/valid/minimal.yaml", "market: {growth_per_year: 700}"));
  CHECK_THROWS_WITH_AS(
      test::run(model, 8, 2),
      doctest::Contains("replication 0, month 12 (2025-01), region North: market units is inf"),
      InputError);
}

namespace {

OutcomeTable run_keeping_series(const Model& model, std::size_t first, std::size_t n,
                                std::size_t series_below, unsigned threads = 2) {
  RunSettings settings;
  settings.replications = n;
  settings.first_replication = first;
  settings.threads = threads;
  settings.series_below = series_below;
  return run_replications(model, settings);
}

}  // namespace

TEST_CASE("a stop request is answered while the output files are built") {
  // The signal handler sets the flag; building the files looks at it before each file and
  // region and every 1,024 rows of replications.csv, and ends with Interrupted, telling
  // `built` of no file after it.
  const Model model(test::variant("scenarios/china-30k.yaml", "name: stopped-outputs"));
  const OutcomeTable table = test::run(model, 30, 2);
  const std::vector<KpiResult> kpis = summarize_kpis(model, table);
  std::atomic<int> stop{0};
  RunInfo info;
  info.threads = 2;
  std::vector<std::string> built;
  std::mutex built_mutex;
  const FileBuilt record = [&](const std::string& name, const std::string&) {
    const std::lock_guard<std::mutex> lock(built_mutex);
    built.push_back(name);
  };
  CHECK(run_output_files(model, table, kpis, info, record, &stop).size() == 6);
  CHECK(built.size() == 6);  // every file told once when nothing stops
  built.clear();
  stop = SIGTERM;
  try {
    run_output_files(model, table, kpis, info, record, &stop);
    FAIL("run_output_files went on after the stop request");
  } catch (const Interrupted& stopped) {
    CHECK(stopped.signal_number() == SIGTERM);
  }
  CHECK(built.empty());
  CHECK_THROWS_AS(replications_csv(model, table, &stop), Interrupted);
  stop = 0;
  CHECK(replications_csv(model, table, &stop) == replications_csv(model, table));
}

TEST_CASE("series kept for the first rows only: KPIs of all rows, series of the first") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: series-limit"));
  const OutcomeTable all = test::run(model, 50, 2);
  OutcomeTable limited = run_keeping_series(model, 0, 50, 20);
  REQUIRE(limited.replications() == 50);
  REQUIRE(limited.series_replications() == 20);
  // Replications past the limit write their series to scratch, yet their KPIs (some read
  // back from those series) are exactly those of a full run.
  CHECK(replications_csv(model, limited) == replications_csv(model, all));
  const OutcomeTable first20 = test::run(model, 20, 1);
  CHECK(series_csv(model, limited) == series_csv(model, first20));
  CHECK(regions_csv(model, limited) == regions_csv(model, first20));
  CHECK_THROWS_AS(limited.row(20), InternalError);  // no series storage past the limit
}

TEST_CASE("a run grown block by block keeps series up to the limit across blocks") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: series-grow"));
  OutcomeTable grown = run_keeping_series(model, 0, 15, 20);
  grown.append(run_keeping_series(model, 15, 15, 20));  // rows 15..19 of it keep series
  grown.append(run_keeping_series(model, 30, 10, 20));  // none of it
  CHECK(grown.replications() == 40);
  CHECK(grown.series_replications() == 20);
  CHECK(series_csv(model, grown) == series_csv(model, test::run(model, 20, 2)));
  CHECK(replications_csv(model, grown) == replications_csv(model, test::run(model, 40, 2)));
  // Rows with series after rows without would break "the first N": refused.
  OutcomeTable short_series = run_keeping_series(model, 0, 10, 5);
  CHECK_THROWS_AS(short_series.append(test::run(model, 3, 1)), InternalError);
}

TEST_CASE("a table's storage of 64 MB or more is mapped whole and keeps its values as it grows") {
  // Mapped storage starts on a page boundary; malloc's own large blocks start 16 bytes past
  // one (glibc), so the boundary shows which path a block took.
  const auto on_page_boundary = [](const double* data) {
    return reinterpret_cast<std::uintptr_t>(data) % 4096 == 0;
  };
  const std::size_t large = kLargeTableBytes / sizeof(double);
  OutcomeTable::Values values(10, 1.5);
  values.resize(large);  // from malloc's storage to a mapping
  CHECK(on_page_boundary(values.data()));
  CHECK(values[9] == 1.5);
  values[large - 1] = 2.5;  // the last value is writable
  CHECK(values[large - 1] == 2.5);
  values.resize(3);
  values.shrink_to_fit();  // back to malloc's storage, the mapping released
  CHECK(values.size() == 3);
  CHECK(values[2] == 1.5);

  // A table whose KPI block is that large is set up as missing values, first row to last.
  const Model model(test::variant("scenarios/china-30k.yaml", "name: mapped-table"));
  const std::size_t rows = large / kKpiCount + 1;
  const OutcomeTable table(model, rows, 0, nullptr, 2);
  CHECK(std::isnan(table.kpi(0, Kpi{})));
  CHECK(std::isnan(table.kpi(rows - 1, static_cast<Kpi>(kKpiCount - 1))));
}
