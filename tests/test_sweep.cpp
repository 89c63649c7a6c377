// Lever sweeps: grid and zip combinations, validation of every combination with the
// sweep file's locations, Pareto efficiency.

#include <doctest/doctest.h>

#include <fstream>

#include "engine_helpers.hpp"
#include "rollout/analysis/sweep.hpp"
#include "rollout/analysis/sweep_result_file.hpp"
#include "rollout/run/runner.hpp"

using namespace rollout;

namespace {

// The problems load_sweep reports for `file`, as printed; none when it loads.
std::vector<std::string> sweep_problems(const std::string& file) {
  std::vector<std::string> messages;
  try {
    load_sweep(file);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics())
      messages.push_back(d.to_string());
  }
  return messages;
}

}  // namespace

TEST_CASE("a grid sweep has one combination per element of the product, first lever slowest") {
  const SweepPlan plan = load_sweep(test::source("scenarios/sweeps/capacity-by-allocation.yaml"));
  REQUIRE(plan.scenarios.size() == 5 * 4);
  CHECK(plan.levers ==
        std::vector<std::string>{"plan.opening_capacity_per_month", "plan.allocation"});
  CHECK(plan.settings[0] == std::vector<std::string>{"400", "demand"});
  CHECK(plan.settings[1] == std::vector<std::string>{"400", "population"});
  CHECK(plan.settings[19] == std::vector<std::string>{"1200", "marginal"});
  CHECK(plan.scenarios[19].plan.opening_capacity[0].openings == 1200);
  CHECK(plan.scenarios[19].plan.allocation == Allocation::marginal);
  CHECK(plan.scenarios[19].plan.target_stores == 30000);  // the rest is the base scenario
}

TEST_CASE("sweep.json reads back as written, with the names labels use") {
  const SweepPlan plan = load_sweep(test::source("scenarios/sweeps/capacity-by-allocation.yaml"));
  const std::string text = sweep_result_file_text(sweep_result_file(plan, 7, 300));
  const SweepResultFile read = parse_sweep_result_file(text, "sweep.json");
  CHECK(sweep_result_file_text(read) == text);
  CHECK(read.combinations == plan.scenarios.size());
  CHECK(read.levers == plan.levers);
  CHECK(read.label_names().brand == plan.scenarios.front().label_names().brand);
  CHECK(read.pareto_x.kpi == info(plan.pareto.first).name);
  CHECK_THROWS_WITH_AS(parse_sweep_result_file("{\"sweep\": 1}", "sweep.json"),
                       doctest::Contains("sweep.json: not what this version of rollout writes"),
                       InputError);
}

TEST_CASE(
    "a zip sweep inside a scenario pairs the i-th values, and sweep.csv has a row per "
    "combination") {
  const SweepPlan plan = load_sweep(test::source("tests/data/valid/with-sweep.yaml"));
  REQUIRE(plan.scenarios.size() == 3);
  CHECK(plan.scenarios[2].plan.target_stores == 400);
  CHECK(plan.scenarios[2].plan.opening_capacity[0].openings == 30);
  CHECK(plan.pareto == std::pair<Kpi, Kpi>{Kpi::stores_end, Kpi::closures_total});
  std::vector<std::vector<KpiResult>> results;
  for (const Scenario& s : plan.scenarios) {
    const Model model{Scenario(s)};
    results.push_back(summarize_kpis(model, test::run(model, 20)));
  }
  const std::string csv = sweep_csv(plan, results, {true, false, true});
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3);
  CHECK(csv.rfind("combination,plan.opening_capacity_per_month,plan.target_stores,stores_end.mean,",
                  0) == 0);
  CHECK(csv.find("\n2,30,400,") != std::string::npos);
}

TEST_CASE("every bad lever and value is reported at its place in the sweep file") {
  const std::vector<std::string> messages =
      sweep_problems(test::source("tests/data/invalid-sweep.yaml"));
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].find("invalid-sweep.yaml:6:5: sweep.levers.plan.allocation: has 3 values, but "
                         "plan.opening_capacity has 2") != std::string::npos);
}

TEST_CASE("combinations are validated like variants, with the lever's location") {
  const std::string dir = test::source("tests/data");
  const std::string file = dir + "/tmp-sweep-typo.yaml";
  {
    std::ofstream out(file);
    out << "sweep:\n  scenario: valid/minimal.yaml\n  levers:\n    plan.opening_capacity: [10, "
           "20]\n"
           "    plan.allocation: [demand, nearest]\n";
  }
  const std::vector<std::string> messages = sweep_problems(file);
  std::filesystem::remove(file);
  REQUIRE(messages.size() == 2);  // reported once each, not once per combination
  CHECK(messages[0].find(
            "tmp-sweep-typo.yaml:4:5: plan.opening_capacity: unknown key 'opening_capacity'; did "
            "you mean 'opening_capacity_per_month'?") != std::string::npos);
  CHECK(messages[1].find(
            "tmp-sweep-typo.yaml:5:31: plan.allocation: is 'nearest', but must be one of") !=
        std::string::npos);
}

TEST_CASE("Pareto efficiency respects each KPI's direction") {
  const std::vector<ParetoPoint> points{{1, 5}, {2, 4}, {2, 5}, {0, 6}, {2, 5}};
  CHECK(pareto_efficient(points, +1, +1) == std::vector<bool>{false, false, true, true, true});
  // Lower is better on the second coordinate: (2, 4) now dominates.
  CHECK(pareto_efficient(points, +1, -1) == std::vector<bool>{false, true, false, false, false});
}

TEST_CASE("Pareto efficiency allows for noise: a tiny gain bought with a large loss is dominated") {
  // The sweep that prompted it: plan B is 8 points less likely to reach the target for 0.7
  // fewer closures out of 1,338, a difference far inside the closures' noise (se 15 each).
  const ParetoPoint a{0.50, 1338.0, 0.01, 15}, b{0.42, 1337.3, 0.01, 15};
  CHECK(pareto_efficient({a, b}, +1, -1, 0) == std::vector<bool>{true, true});  // exact rule
  CHECK(pareto_efficient({a, b}, +1, -1) == std::vector<bool>{true, false});
  // A real trade-off survives: 200 fewer closures is 9.4 margins of 21.
  const ParetoPoint c{0.42, 1138.0, 0.01, 15};
  CHECK(pareto_efficient({a, c}, +1, -1) == std::vector<bool>{true, true});
  // Points within each other's noise on both KPIs are all efficient: none is resolved better.
  const ParetoPoint d{0.505, 1339.0, 0.01, 15};
  CHECK(pareto_efficient({a, d}, +1, -1) == std::vector<bool>{true, true});
  // A chain where each dominates the next within the margins still leaves one efficient.
  std::vector<ParetoPoint> chain;
  for (int i = 0; i < 20; ++i)
    chain.push_back({0.5 - 0.01 * i, 1000.0 + 100 * (i % 2), 0.001, 1});
  const std::vector<bool> efficient = pareto_efficient(chain, +1, -1);
  CHECK(std::count(efficient.begin(), efficient.end(), true) >= 1);
  CHECK(efficient[0]);
}

TEST_CASE("a signal stops the validation of a sweep's combinations") {
  // Validating 100,000 combinations took 36 s, deaf to Ctrl-C; the loop now polls the flag.
  const std::atomic<int> quiet{0};
  const std::atomic<int> signalled{2};  // SIGINT
  const std::string file = test::source("scenarios/sweeps/capacity-by-allocation.yaml");
  CHECK(load_sweep(file, &quiet).scenarios.size() > 1);
  try {
    load_sweep(file, &signalled);
    FAIL("load_sweep went on after the signal");
  } catch (const rollout::Interrupted& e) {
    CHECK(e.signal_number() == 2);
  }
}

TEST_CASE("a bad Pareto KPI does not hide a misspelt lever: both are reported at once") {
  const std::string file = "/tmp/rollout-test-sweep-both.yaml";
  std::ofstream(file) << "sweep:\n  scenario: " << test::source("scenarios/china-30k.yaml")
                      << "\n  levers:\n    plan.opening_capacit_per_month: [300, 600]\n"
                      << "  pareto: [stores_endd, closures_total]\n";
  const std::vector<std::string> messages = sweep_problems(file);
  std::filesystem::remove(file);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].find(":4:5: plan.opening_capacit_per_month: unknown key") != std::string::npos);
  CHECK(messages[1].find(":5:12: sweep.pareto[0]: 'stores_endd' is not a KPI") !=
        std::string::npos);
}
