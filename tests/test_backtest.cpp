// Backtests (docs/backtest.md): the scores against hand-computed values, the observations
// file's checks with their locations, and the calibration self-test: the model backtested
// against histories drawn from itself passes, and a biased model fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "fit_helpers.hpp"
#include "rollout/analysis/backtest.hpp"
#include "rollout/analysis/backtest_file.hpp"
#include "rollout/analysis/forecast_scores.hpp"
#include "rollout/loader/observations_file.hpp"
#include "sandbox.hpp"

using namespace rollout;

namespace {

// Every message of the InputError `read` throws, one per line ("" when it throws none).
template <class Read>
std::string problems_of_reading(Read read) {
  try {
    read();
  } catch (const InputError& e) {
    std::string all;
    for (const Diagnostic& d : e.diagnostics())
      all += d.to_string() + "\n";
    return all;
  }
  return "";
}

std::string problems_of(const std::string& text) {
  return problems_of_reading([&] { parse_observations(text, "obs.csv"); });
}

}  // namespace

TEST_CASE("CRPS of a sample: hand-computed values and the O(n^2) definition") {
  // {1, 2, 3} against 2: mean |x - y| = 2/3; the pairs' mean |x_i - x_j| = 8/9, halved 4/9.
  const std::vector<double> three{1, 2, 3};
  CHECK(crps_sample(three, 2) == doctest::Approx(2.0 / 9).epsilon(1e-15));
  // Against 0: mean |x - y| = 2, minus 4/9.
  CHECK(crps_sample(three, 0) == doctest::Approx(2 - 4.0 / 9).epsilon(1e-15));
  // One member: the absolute error.
  const std::vector<double> one{5};
  CHECK(crps_sample(one, 3) == 2);
  // A sample that is all the observation scores 0.
  const std::vector<double> same{4, 4, 4};
  CHECK(crps_sample(same, 4) == 0);
  // A random sample with ties against the double sum.
  std::mt19937_64 engine(7);
  std::vector<double> x(301);
  for (double& v : x)
    v = std::floor(std::uniform_real_distribution<double>(0, 20)(engine));
  std::sort(x.begin(), x.end());
  for (const double y : {-3.0, 4.0, 9.5, 30.0}) {
    double to_y = 0, pairs = 0;
    for (const double a : x) {
      to_y += std::abs(a - y);
      for (const double b : x)
        pairs += std::abs(a - b);
    }
    const double n = static_cast<double>(x.size());
    CHECK(crps_sample(x, y) == doctest::Approx(to_y / n - pairs / (2 * n * n)).epsilon(1e-12));
  }
}

TEST_CASE("the randomised PIT spreads ties over their whole step") {
  const std::vector<double> x{1, 2, 2, 2, 3};
  // y = 2: one below, three equal, n + 1 = 6: (1 + u * 4) / 6.
  CHECK(randomised_pit(x, 2, 0.5) == doctest::Approx(0.5));
  CHECK(randomised_pit(x, 2, 1e-9) == doctest::Approx(1.0 / 6));
  CHECK(randomised_pit(x, 2, 1 - 1e-9) == doctest::Approx(5.0 / 6));
  // No ties: (L + u) / (n + 1).
  CHECK(randomised_pit(x, 0, 0.25) == doctest::Approx(0.25 / 6));
  CHECK(randomised_pit(x, 2.5, 0.5) == doctest::Approx(4.5 / 6));
  CHECK(randomised_pit(x, 9, 0.5) == doctest::Approx(5.5 / 6));
}

TEST_CASE("band coverage: the binomial probability of so few, or so many, inside") {
  const BandCoverage nine = band_coverage(0.9, 9, 10);
  CHECK(nine.share == doctest::Approx(0.9));
  CHECK(nine.tail_probability == doctest::Approx(1 - std::pow(0.9, 10)));  // P(X <= 9)
  const BandCoverage five = band_coverage(0.9, 5, 10);
  double at_most_five = 0;  // sum over k <= 5 of C(10, k) 0.9^k 0.1^(10 - k)
  for (int k = 0; k <= 5; ++k)
    at_most_five += std::tgamma(11) / (std::tgamma(k + 1) * std::tgamma(11 - k)) *
                    std::pow(0.9, k) * std::pow(0.1, 10 - k);
  CHECK(five.tail_probability == doctest::Approx(at_most_five).epsilon(1e-12));
  const BandCoverage all = band_coverage(0.5, 10, 10);
  CHECK(all.tail_probability == doctest::Approx(std::pow(0.5, 10)));  // P(X >= 10)
  CHECK(std::isnan(band_coverage(0.5, 0, 0).share));
}

TEST_CASE("an observations file is read with its dates, metrics, brands and shares") {
  const ObservationsFile file = parse_observations(
      "date,metric,brand,value,source\n"
      "2024-09,stores,,13300,press\n"
      "2022Q1,quarterly_market_share,,15%,Counterpoint\n"
      "2023 Q2,global_units,Apple,4.5e7,\n"
      "2022,market_units,,285800000,IDC\n"
      "2022-q3,global_units.Xiaomi,,40000000,\n",
      "obs.csv");
  REQUIRE(file.rows.size() == 5);
  CHECK(file.rows[0].period == ObservedPeriod::month);
  CHECK(file.rows[0].first_month == CalendarMonth(2024, 9));
  CHECK(file.rows[0].metric.monthly == Monthly::stores);
  CHECK(file.rows[0].where.line == 2);
  CHECK(file.rows[1].value == doctest::Approx(0.15));
  CHECK(file.rows[1].period == ObservedPeriod::quarter);
  CHECK(file.rows[1].first_month == CalendarMonth(2022, 1));
  CHECK(file.rows[1].last_month == CalendarMonth(2022, 3));
  CHECK(file.rows[2].metric.name() == "global_units.Apple");
  CHECK(file.rows[2].first_month == CalendarMonth(2023, 4));
  CHECK(file.rows[3].period == ObservedPeriod::year);
  CHECK(file.rows[3].metric.total(ObservedPeriod::year) == PeriodTotal::sum);
  CHECK(file.rows[4].metric.name() == "global_units.Xiaomi");
  CHECK(file.rows[4].source.empty());
}

TEST_CASE("every problem of an observations file is reported at once, each at its cell") {
  const std::string bad_rows =
      "2024-13,stores,,1,\n"
      "2022Q1,stors,,1,\n"
      "2022Q1,stores,,many,\n"
      "2022Q1,market_share,,140%,\n"
      "2022-05,global_share,,0.1,\n"
      "2022,global_rank,,2,\n"
      "2022Q2,global_units,,1000,\n"
      "2022Q2,stores,,12%,\n";
  // The header is checked first: without its columns no row can be read.
  CHECK(problems_of("date,metric,brand,value,sorce\n" + bad_rows) ==
        "obs.csv:1:25: unknown column 'sorce'; did you mean 'source'?; the columns "
        "are date, metric, brand (optional), value and source (optional)\n");
  const std::string rows = problems_of("date,metric,brand,value,source\n" + bad_rows);
  CHECK(rows.find("obs.csv:2:1: date: is '2024-13', but must be a month (2024-09)") !=
        std::string::npos);
  CHECK(rows.find("obs.csv:3:8: metric: 'stors' is no series of the outputs; did you mean "
                  "'stores'?") != std::string::npos);
  CHECK(rows.find("obs.csv:4:16: value: is 'many', but must be a number") != std::string::npos);
  CHECK(rows.find("obs.csv:5:22: value: is 140%, but must be a share in [0, 1]") !=
        std::string::npos);
  CHECK(rows.find("obs.csv:6:9: metric: 'global_share' is a quarterly series, but the date "
                  "2022-05 is a month") != std::string::npos);
  CHECK(rows.find("obs.csv:7:6: metric: 'global_rank' is a rank, which has no yearly value") !=
        std::string::npos);
  CHECK(rows.find("obs.csv:8:8: metric: 'global_units' is a brand's series") != std::string::npos);
  CHECK(rows.find("obs.csv:9:16: value: is '12%', but 'stores' is no share") != std::string::npos);
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 8);
}

TEST_CASE("observations are placed in a scenario's horizon: scored inside, history before") {
  // The default scenario runs 36 months from 2021-11: its whole quarters are 2022Q1 .. 2024Q3.
  const Scenario scenario = test::variant("scenarios/china-30k.yaml", "name: placed");
  const ObservationsFile file = parse_observations(
      "date,metric,brand,value\n"
      "2021-10,stores,Xiaomi,10000\n"
      "2022-01,stores,,11000\n"
      "2022Q1,quarterly_market_share,,0.15\n"
      "2024Q3,global_units,Apple,4e7\n"
      "2022,market_units,,2.9e8\n"
      "2023Q2,openings,,900\n",
      "obs.csv");
  const auto placed = place_observations(file, std::span(&scenario, 1)).at(0);
  CHECK(placed[0].role == ObservationRole::history);
  CHECK(placed[1].role == ObservationRole::scored);
  CHECK((placed[1].first == 2 && placed[1].last == 2 && !placed[1].quarterly));
  CHECK((placed[2].quarterly && placed[2].first == 0 && placed[2].last == 0));
  CHECK(placed[2].series == kQuarterlyMarketShare);
  CHECK((placed[3].first == 10 && placed[3].last == 10));
  CHECK(placed[3].series == kQuarterlyBrandUnits + 3);  // Apple is the fourth brand
  CHECK((placed[4].first == 2 && placed[4].last == 13));
  CHECK((placed[5].first == 17 && placed[5].last == 19));

  const auto problems = [&](const std::string& text) {
    return problems_of_reading(
        [&] { place_observations(parse_observations(text, "obs.csv"), std::span(&scenario, 1)); });
  };
  CHECK(problems("date,metric,brand,value\n"
                 "2021Q4,stores,,10000\n"
                 "2024-11,stores,,1\n"
                 "2024,stores,,1\n"
                 "2023Q1,global_units,Aple,1\n"
                 "2023-01,stores,OPPO,1\n") ==
        "obs.csv:2:1: date: 2021Q4 (2021-10 to 2021-12) spans the start of the horizon "
        "(2021-11): an observation must lie wholly inside the horizon, or wholly before it as "
        "history\n"
        "obs.csv:3:1: date: 2024-11 is after the horizon, which ends 2024-10\n"
        "obs.csv:4:1: date: 2024 (2024-01 to 2024-12) spans the end of the horizon (2024-10): "
        "an observation must lie wholly inside the horizon, or wholly before it as history\n"
        "obs.csv:5:1: the brand 'Aple' is not one of 'placed''s brands; did you mean 'Apple'?\n"
        "obs.csv:6:1: 'stores' is the focal brand's (Xiaomi) or the market's; only "
        "global_units takes another brand ('OPPO')\n");
  // A scenario without an economics block has no profit series.
  const Scenario plain = test::variant("tests/data/valid/minimal.yaml", "name: plain");
  CHECK_THROWS_WITH_AS(
      place_observations(parse_observations("date,metric,value\n2021-03,profit,1\n", "o.csv"),
                         std::span(&plain, 1)),
      "o.csv:2:1: 'profit' exists only for a scenario with an economics block, which 'plain' "
      "has not",
      InputError);
}

TEST_CASE("the naive benchmark repeats the last value observed before the origin") {
  const Scenario scenario =
      test::variant("scenarios/china-30k.yaml", "simulation: {replications: 50}");
  const Model model(scenario);
  const OutcomeTable table = test::run(model, 50);
  const ObservationsFile file = parse_observations(
      "date,metric,brand,value\n"
      "2021-06,stores,,8000\n"
      "2021-10,stores,Xiaomi,10000\n"  // the focal brand named: the same metric
      "2022-06,stores,,14000\n"
      "2021Q3,quarterly_market_share,,0.14\n"
      "2022Q2,quarterly_market_share,,0.17\n"
      "2022Q2,global_rank,,3\n",
      "obs.csv");
  const std::vector<BacktestOrigin> origins{
      {"default", &model, &table, place_observations(file, std::span(&scenario, 1)).at(0)}};
  const BacktestResult result = backtest(file, origins);
  REQUIRE(result.rows.size() == 3);
  CHECK(result.rows[0].naive == 10000.0);  // the later of the two months before the start
  CHECK(result.rows[0].naive_crps == 4000);
  CHECK(result.rows[1].naive == 0.14);
  CHECK(result.rows[1].naive_crps == doctest::Approx(0.03));
  CHECK(!result.rows[2].naive);
  CHECK(std::isnan(result.rows[2].naive_crps));
  // Each metric is summarised apart; the pooled row has no CRPS across units.
  REQUIRE(result.by_group.size() == 3);
  CHECK(result.by_group[0].group == "stores");
  CHECK(result.by_group[0].naive_count == 1);
  CHECK(result.by_group[0].skill ==
        doctest::Approx(1 - result.rows[0].crps / result.rows[0].naive_crps));
  CHECK(result.pooled.count == 3);
  CHECK(std::isnan(result.pooled.mean_crps));
  // The P50 is the median of the replications' values at that month.
  std::vector<double> stores;
  for (std::size_t i = 0; i < table.replications(); ++i)
    stores.push_back(table.monthly(i, Monthly::stores, 7));
  std::sort(stores.begin(), stores.end());
  CHECK(result.rows[0].percentiles[2] == doctest::Approx((stores[24] + stores[25]) / 2));
  CHECK(result.rows[0].median_error == result.rows[0].percentiles[2] - 14000);
}

namespace {

// The calibration self-test's observations of each history: a stock, a yearly flow, a share
// and a rank (whose many ties the randomised PIT must spread).
constexpr const char* kSelfTestRows[] = {"2022-10,stores,", "2023,market_units,",
                                         "2023Q2,quarterly_market_share,", "2023Q4,market_rank,"};
constexpr std::size_t kSelfTestMetrics = std::size(kSelfTestRows);

struct SelfTest {
  std::vector<std::vector<double>> pits;  // [observation][truth]
  std::vector<std::size_t> inside_90;     // [observation]: truths inside the 90% band
};

// Backtests `model` against each of the first `truths` replications of `truth` (another
// seed: other futures of the same or another model) taken as what happened. One file holds
// every truth's rows, so each has its own row and so its own PIT tie-break.
SelfTest self_test(const Model& model, const OutcomeTable& table, const OutcomeTable& truth,
                   std::size_t truths) {
  std::string text = "date,metric,value\n";
  for (std::size_t j = 0; j < truths; ++j)
    for (const char* row : kSelfTestRows)
      text += std::string(row) + "1\n";
  ObservationsFile file = parse_observations(text, "self-test.csv");
  const std::vector<BacktestOrigin> origins{
      {"model", &model, &table, place_observations(file, std::span(&model.scenario(), 1)).at(0)}};
  for (std::size_t r = 0; r < file.rows.size(); ++r)
    file.rows[r].value =
        observed_value(truth, origins[0].placed[r], file.rows[r].metric.total(file.rows[r].period),
                       r / kSelfTestMetrics);
  SelfTest out;
  out.pits.assign(kSelfTestMetrics, {});
  out.inside_90.assign(kSelfTestMetrics, 0);
  for (const ScoredObservation& s : backtest(file, origins).rows) {
    out.pits[s.row % kSelfTestMetrics].push_back(s.pit);
    out.inside_90[s.row % kSelfTestMetrics] += s.inside_90 ? 1 : 0;
  }
  return out;
}

}  // namespace

TEST_CASE("calibration self-test: histories drawn from the model pass, a biased model fails") {
  // 2,000 replications as the forecast, 200 others (another seed) as histories. Each truth's
  // PIT is uniform when the model is right; the sample's own error (about 1.4 / sqrt(2000) =
  // 0.03 in the CDF) stays well inside the KS critical value at 0.1% for 200 truths
  // (1.95 / sqrt(200) = 0.138).
  constexpr std::size_t kReplications = 2000, kTruths = 200;
  const Model model(test::variant("scenarios/china-30k.yaml", "simulation: {seed: 11}"));
  const Model other_futures(test::variant("scenarios/china-30k.yaml", "simulation: {seed: 12}"));
  const OutcomeTable forecast = test::run(model, kReplications, 2);
  const OutcomeTable histories = test::run(other_futures, kTruths, 2);
  const auto uniform = [](double p) { return std::clamp(p, 0.0, 1.0); };
  constexpr std::size_t kMarketRank = 3;

  const SelfTest calibrated = self_test(model, forecast, histories, kTruths);
  for (std::size_t k = 0; k < calibrated.pits.size(); ++k) {
    CAPTURE(k);
    REQUIRE(calibrated.pits[k].size() == kTruths);
    CHECK(test::ks_statistic(calibrated.pits[k], uniform) < test::ks_critical(kTruths));
    // Inside the 90% band: binomial(200, 0.9), not unusual at the 0.1% level either way. Not
    // for the rank, whose few values make its P5-P95 band hold more than 90% (conservative).
    if (k != kMarketRank)
      CHECK(band_coverage(0.9, calibrated.inside_90[k], kTruths).tail_probability > 0.001);
  }

  // The same histories against a model whose market grows 15% a year more: its market units
  // lie above what happened, so their PITs crowd near 0 and few fall inside the 90% band.
  const Model biased(
      test::variant("scenarios/china-30k.yaml",
                    "simulation: {seed: 11}\n"
                    "market: {growth_per_year: {normal: {mean: 0.15, sd: 0.06}}}\n"));
  const OutcomeTable biased_forecast = test::run(biased, kReplications, 2);
  const SelfTest fails = self_test(biased, biased_forecast, histories, kTruths);
  constexpr std::size_t kMarketUnits = 1;
  CHECK(test::ks_statistic(fails.pits[kMarketUnits], uniform) > test::ks_critical(kTruths));
  CHECK(band_coverage(0.9, fails.inside_90[kMarketUnits], kTruths).tail_probability < 0.001);
}

TEST_CASE(
    "rollout backtest scores a shipped scenario against public figures, at any thread count") {
  const test::Sandbox box("rollout-backtest-cli");
  const std::string common = "backtest " + test::source("scenarios/china-30k.yaml") +
                             " --observed " +
                             test::source("scenarios/observed/china-2019-2024.csv") + " -n 300";
  const test::CliResult one = box.cli(common + " -j 1 -o one");
  REQUIRE(one.status == 0);
  CHECK(one.out.find("quarterly_market_share") != std::string::npos);
  CHECK(one.out.find("wrote one: backtest.csv, backtest.json, observed.csv, and the run's files") !=
        std::string::npos);
  const std::string csv = test::read_file(box.dir() / "one" / "backtest.csv");
  // The file has 23 observations; 5 lie before the horizon (history for the naive forecast).
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 18);
  // backtest.json reads back as written, field for field.
  const std::string json = test::read_file(box.dir() / "one" / "backtest.json");
  const BacktestFile read = parse_backtest_file(json, "backtest.json");
  CHECK(backtest_file_text(read) == json);
  CHECK(read.summary.count == 18);
  CHECK(read.origins.at(0).replications == 300);
  CHECK(read.rows.at(0).naive == std::optional<double>(10000.0));
  CHECK(std::filesystem::exists(box.dir() / "one" / "summary.json"));
  // Threads split the replications; the scores (PIT tie-breaks included) do not change.
  REQUIRE(box.cli(common + " -j 2 -o two").status == 0);
  CHECK(test::read_file(box.dir() / "two" / "backtest.csv") == csv);
}

TEST_CASE("a backtest with a bad observations file says every problem and writes nothing") {
  const test::Sandbox box("rollout-backtest-bad");
  // A backtest of `observations` that must exit 2 before any run, writing nothing.
  const auto refused = [&](const std::string& observations) {
    std::ofstream(box.dir() / "obs.csv") << observations;
    const test::CliResult r = box.cli("backtest " + test::source("scenarios/china-30k.yaml") +
                                      " --observed obs.csv -n 50 -o out");
    CHECK(r.status == 2);
    CHECK(!std::filesystem::exists(box.dir() / "out"));
    return r.out;
  };
  const std::string bad = refused(
      "date,metric,value\n"
      "2022Q5,stores,1\n"
      "2022-03,global_share,0.1\n"
      "2031-01,stores,1\n");
  CHECK(bad.find("obs.csv:2:1: date: is '2022Q5', but must be") != std::string::npos);
  CHECK(bad.find("obs.csv:3:9: metric: 'global_share' is a quarterly series") != std::string::npos);
  // Once the file reads, dates beyond the horizon are the next problem, still before any run.
  CHECK(refused("date,metric,value\n2031-01,stores,1\n")
            .find("obs.csv:2:1: date: 2031-01 is after the horizon, which ends 2024-10") !=
        std::string::npos);
  // History alone scores nothing: refused before the run.
  CHECK(refused("date,metric,value\n2021-10,stores,10000\n")
            .find("obs.csv: every observation lies before the horizon (2021-11 to "
                  "2024-10): nothing to score") != std::string::npos);
}

TEST_CASE("observations drawn over a run's fans: run --observed, report --observed, backtest") {
  const test::Sandbox box("rollout-observed-report");
  std::ofstream(box.dir() / "obs.csv") << "date,metric,brand,value,source\n"
                                          "2021-10,stores,,10000,before the start: not drawn\n"
                                          "2022-06,stores,,13000,a month\n"
                                          "2023Q2,stores,,16000,a stock's quarter: its last month\n"
                                          "2023Q2,openings,,900,a flow's quarter: not drawn\n"
                                          "2022Q3,quarterly_market_share,,13%,share chart\n"
                                          "2022Q1,global_share,,0.13,global share chart\n";
  const std::string scenario = test::source("scenarios/china-30k.yaml");
  const test::CliResult run =
      box.cli("run " + scenario + " -n 100 -q --report --observed obs.csv -o run");
  REQUIRE(run.status == 0);
  CHECK(test::read_file(box.dir() / "run" / "observed.csv") ==
        test::read_file(box.dir() / "obs.csv"));
  const auto points = [](const std::string& html) {
    std::size_t n = 0;
    for (auto at = html.find("class=\"observed\""); at != std::string::npos;
         at = html.find("class=\"observed\"", at + 1))
      ++n;
    return n;
  };
  const std::string html = test::read_file(box.dir() / "run" / "report.html");
  CHECK(points(html) == 4);
  CHECK(html.find("2022-06: 13,000 observed (a month)") != std::string::npos);
  CHECK(html.find("2022Q3: 13.0% observed (share chart)") != std::string::npos);
  // (The same report gives the month the target is reached as a calendar month.)
  CHECK(html.find(" 2024 (month 3") != std::string::npos);
  // The same points over a comparison's overlaid fans.
  const test::CliResult compared =
      box.cli("compare " + scenario + " " + test::source("scenarios/china-hold.yaml") +
              " -n 50 -q --report --observed obs.csv -o compared");
  REQUIRE(compared.status == 0);
  CHECK(points(test::read_file(box.dir() / "compared" / "report.html")) == 4);
  // Another file for the same folder's report, without running again.
  std::ofstream(box.dir() / "other.csv") << "date,metric,value\n2024-01,stores,20000\n";
  REQUIRE(box.cli("report run --observed other.csv").status == 0);
  CHECK(points(test::read_file(box.dir() / "run" / "report.html")) == 1);
  // A misspelt metric is refused before the run, with its location.
  std::ofstream(box.dir() / "bad.csv") << "date,metric,value\n2024-01,stors,20000\n";
  const test::CliResult bad = box.cli("run " + scenario + " -n 10 --observed bad.csv -o bad");
  CHECK(bad.status == 2);
  CHECK(bad.out.find("bad.csv:2:9: metric: 'stors' is no series of the outputs; did you mean "
                     "'stores'?") != std::string::npos);
  CHECK(!std::filesystem::exists(box.dir() / "bad"));
  // A backtest of two origins: a report of its scores alone, with both origins' rows.
  std::ofstream(box.dir() / "later.yaml") << "extends: " << scenario
                                          << "\nname: later\nstart_month: 2022-07\nmonths: 24\n"
                                             "plan: {deadline_month: 24}\n";
  const test::CliResult two =
      box.cli("backtest " + scenario + " later.yaml --observed obs.csv -n 100 -q --report -o two");
  REQUIRE(two.status == 0);
  const std::string backtest_html = test::read_file(box.dir() / "two" / "report.html");
  CHECK(backtest_html.find("data-chart=\"pit-histogram\"") != std::string::npos);
  CHECK(backtest_html.find("<td>later</td>") != std::string::npos);
  CHECK(std::filesystem::exists(box.dir() / "two" / "later" / "summary.json"));
}
