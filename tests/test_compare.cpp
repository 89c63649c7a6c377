// Comparing plans with common random numbers: paired differences, the variance
// reduction of pairing, and batch runs that survive a broken file.

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "rollout/analysis/compare.hpp"
#include "rollout/analysis/comparison_file.hpp"

using namespace rollout;

namespace {

ComparedScenario entry(const std::string& name, const Model& model, const OutcomeTable& table) {
  return ComparedScenario{name, "", name, &model, &table, summarize_kpis(model, table)};
}

}  // namespace

TEST_CASE("paired differences: mean, standard error, direction, ties, variance reduction") {
  const std::vector<double> a{1, 2, 3, 4, 5}, b{2, 2, 5, 5, 7};
  const PairedDifference d = paired_difference(a, b, +1);
  CHECK(d.count == 5);
  CHECK(d.mean == doctest::Approx(1.2));  // differences 1, 0, 2, 1, 2
  CHECK(d.se == doctest::Approx(std::sqrt(0.7 / 5)));
  CHECK(d.p_better == doctest::Approx(0.8));
  CHECK(d.p_tie == doctest::Approx(0.2));
  CHECK(d.variance_reduction ==
        doctest::Approx((2.5 + 4.7) / 0.7));  // Var a 2.5, Var b 4.7, Var d 0.7
  CHECK(paired_difference(a, b, -1).p_better == 0);
  const std::vector<double> gappy{1, std::nan(""), 3, 4, 5};
  CHECK(paired_difference(gappy, b, +1).count == 4);
}

TEST_CASE("a scenario compared with itself differs by exactly zero") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: self"));
  const OutcomeTable first = test::run(model, 100, 2), second = test::run(model, 100, 1);
  const Comparison c = compare({entry("a", model, first), entry("b", model, second)});
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    CAPTURE(info(static_cast<Kpi>(k)).name);
    const PairedDifference& d = c.differences[1][k];
    REQUIRE(d.count > 0);
    CHECK(d.mean == 0);
    CHECK(d.se == 0);
    CHECK(d.p_better == 0);
    CHECK(d.p_tie == 1);
  }
  // Month by month too: every monthly series (the scenario has economics), every month.
  CHECK(c.series_differences.size() == kMonthlyCount);
  for (const SeriesDifference& d : c.series_differences) {
    CAPTURE(info(d.metric).name);
    CHECK(d.scenario == 1);
    REQUIRE(d.months.size() == static_cast<std::size_t>(model.months()));
    CHECK(d.months.front().text() == model.scenario().first_calendar_month().text());
    for (std::size_t t = 0; t < d.months.size(); ++t) {
      CHECK(d.mean[t] == 0);
      CHECK(d.p5[t] == 0);
      CHECK(d.p95[t] == 0);
      CHECK(d.pairs[t] <= 100);
    }
    if (d.metric == Monthly::stores) CHECK(d.pairs.back() == 100);
  }
}

TEST_CASE("differences over time: the last month's stores agree with stores_end's difference") {
  const Model a_model(test::variant("scenarios/china-30k.yaml", "name: a"));
  // One month later and two months shorter: compared over the calendar months both simulate.
  const Model b_model(
      test::variant("scenarios/china-30k.yaml",
                    "name: b\nstart_month: 2021-12\nmonths: 34\nplan:\n  deadline_month: 34"));
  const OutcomeTable a = test::run(a_model, 200, 2), b = test::run(b_model, 200, 2);
  const Comparison c = compare({entry("a", a_model, a), entry("b", b_model, b)});
  const auto stores = std::find_if(c.series_differences.begin(), c.series_differences.end(),
                                   [](const auto& d) { return d.metric == Monthly::stores; });
  REQUIRE(stores != c.series_differences.end());
  REQUIRE(stores->months.size() == 34);
  CHECK(stores->months.front().text() == "2021-12");
  CHECK(stores->months.back().text() == "2024-09");  // b's last month, a's month 35
  // b's stores_end is its last month, 2024-09: the series' difference there is b's stores_end
  // minus a's stores in 2024-09, which is not a's stores_end (2024-10).
  double by_hand = 0;
  for (std::size_t i = 0; i < 200; ++i)
    by_hand += b.kpi(i, Kpi::stores_end) - a.monthly(i, Monthly::stores, 34);
  CHECK(stores->mean.back() == doctest::Approx(by_hand / 200).epsilon(1e-12));
  CHECK(stores->lo.back() < stores->mean.back());
  CHECK(stores->hi.back() > stores->mean.back());
  CHECK(stores->p5.back() <= stores->p50.back());
  CHECK(stores->p50.back() <= stores->p95.back());
  const std::string csv = series_differences_csv(c);
  CHECK(csv.rfind("metric,scenario,against,date,pairs,mean,se,lo,hi,p5,p50,p95\n", 0) == 0);
  CHECK(csv.find("\nstores,b,a,2021-12,200,") != std::string::npos);
  // Without pairing there is no replication-by-replication difference to draw.
  CHECK(
      compare({entry("a", a_model, a), entry("b", b_model, b)}, false).series_differences.empty());
}

TEST_CASE("pairing the default with its marginal variant cuts the variance of the difference") {
  const Model demand(test::variant("scenarios/china-30k.yaml", "name: demand"));
  const Model marginal(test::variant("scenarios/china-30k-marginal.yaml", "name: marginal"));
  const OutcomeTable a = test::run(demand, 300, 2), b = test::run(marginal, 300, 2);
  const Comparison c = compare({entry("demand", demand, a), entry("marginal", marginal, b)});
  for (Kpi k :
       {Kpi::stores_end, Kpi::market_share_end, Kpi::global_share_end, Kpi::market_units_total}) {
    CAPTURE(info(k).name);
    const double factor = c.differences[1][static_cast<std::size_t>(k)].variance_reduction;
    MESSAGE(std::string(info(k).name) << ": variance reduction factor " << factor);
    CHECK(factor > 10);
  }
  const std::string csv = comparison_csv(c);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * static_cast<long>(kKpiCount));
  // comparison.json reads back as written, field for field.
  const std::string json = comparison_file_text(comparison_file(c, 1, 300));
  const ComparisonFile read = parse_comparison_file(json, "comparison.json");
  CHECK(comparison_file_text(read) == json);
  REQUIRE(read.kpis.front().first == "stores_end");
  REQUIRE(read.kpis.front().second.scenarios.at(1).difference);
  CHECK(read.kpis.front().second.scenarios[1].difference->variance_reduction ==
        c.differences[1][static_cast<std::size_t>(Kpi::stores_end)].variance_reduction);
}

TEST_CASE("batch: a broken file is reported and skipped, the others finish, the status says so") {
  const auto dir = std::filesystem::temp_directory_path() / "rollout-test-batch";
  std::filesystem::remove_all(dir);
  const test::CliResult batch = test::run_cli(
      "batch scenarios/china-hold.yaml tests/data/invalid/nan-value.yaml "
      "tests/data/valid/minimal.yaml -n 50 -q "
      "--out '" +
      dir.string() + "'");
  CHECK(batch.status == 2);
  CHECK(batch.out.find("FAILED tests/data/invalid/nan-value.yaml: 1 problem") != std::string::npos);
  std::ifstream in(dir / "batch.csv");
  std::stringstream text;
  text << in.rdbuf();
  const std::string index = text.str();
  CHECK(index.find("china-hold,scenarios/china-hold.yaml,ok,china-hold,50,") != std::string::npos);
  CHECK(index.find(",tests/data/invalid/nan-value.yaml,invalid,") != std::string::npos);
  CHECK(index.find("minimal,tests/data/valid/minimal.yaml,ok,minimal,50,") != std::string::npos);
  CHECK(std::filesystem::exists(dir / "china-hold" / "summary.json"));
  CHECK(std::filesystem::exists(dir / "minimal" / "regions.csv"));
  std::filesystem::remove_all(dir);
}
