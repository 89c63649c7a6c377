// The economics of the network (docs/model.md, "Economics"): the month's profit, its
// discounted sum, the loss-making stores, and that the block changes nothing else.

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "engine_helpers.hpp"
#include "rollout/analysis/sensitivity_study.hpp"
#include "rollout/results/summary.hpp"

using namespace rollout;

namespace {

// minimal.yaml has no shocks and no uncertain input: each replication is deterministic.
const char* const kEconomics = R"(
economics:
  currency: EUR
  own_store_margin_per_unit: 150
  third_party_margin_per_unit: 0
  online_margin_per_unit: 0
  discount_rate_per_year: 0
  formats:
    standard: {fixed_cost_per_month: 4000, capital_cost_per_opening: 0, cost_per_closure: 0}
)";

double own_units(const OutcomeTable& table, std::size_t i, std::size_t t) {
  // units_per_store is own-store units over open own stores.
  return table.monthly(i, Monthly::units_per_store, t) * table.monthly(i, Monthly::stores, t);
}

}  // namespace

TEST_CASE(
    "section 9 [r2]: with margins of own stores only and no one-off costs, Pi = m Uown - F n") {
  const Model model(test::variant("tests/data/valid/minimal.yaml", kEconomics));
  const OutcomeTable table = test::run(model, 3);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    double sum = 0;
    for (std::size_t t = 0; t < table.months(); ++t) {
      CAPTURE(t);
      const double expected =
          150 * own_units(table, i, t) - 4000 * table.monthly(i, Monthly::stores, t);
      const double profit = table.monthly(i, Monthly::profit, t);
      // Exact up to the rounding of units_per_store * stores, one ulp or two.
      CHECK(profit == doctest::Approx(expected).epsilon(1e-12));
      sum += profit;
      // r_disc = 0: the discounted sum is the plain sum.
      CHECK(table.monthly(i, Monthly::discounted_profit_sum, t) ==
            doctest::Approx(sum).epsilon(1e-12));
    }
    CHECK(table.kpi(i, Kpi::npv) == doctest::Approx(sum).epsilon(1e-12));
  }
}

TEST_CASE("economics: every term of the profit, discounting and the last three months") {
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
plan:
  formats:
    standard: {closure_rate_per_year: 0.2}
economics:
  currency: EUR
  own_store_margin_per_unit: 150
  third_party_margin_per_unit: 60
  online_margin_per_unit: 120
  discount_rate_per_year: 0.1
  formats:
    standard: {fixed_cost_per_month: 4000, capital_cost_per_opening: 90000, cost_per_closure: 20000}
)"));
  const OutcomeTable table = test::run(model, 4);
  double closures = 0;
  for (std::size_t i = 0; i < table.replications(); ++i) {
    double npv = 0;
    const std::size_t T = table.months();
    for (std::size_t t = 0; t < T; ++t) {
      CAPTURE(t);
      auto at = [&](Monthly m) { return table.monthly(i, m, t); };
      const double own = own_units(table, i, t);
      const double expected = 150 * own + 60 * (at(Monthly::offline_units) - own) +
                              120 * at(Monthly::online_units) - 4000 * at(Monthly::stores) -
                              90000 * at(Monthly::openings) - 20000 * at(Monthly::closures);
      CHECK(at(Monthly::profit) == doctest::Approx(expected).epsilon(1e-11));
      npv += expected / std::pow(1.1, static_cast<double>(t + 1) / 12);
      closures += at(Monthly::closures);
    }
    CHECK(table.kpi(i, Kpi::npv) == doctest::Approx(npv).epsilon(1e-11));
    const double last_three =
        (table.monthly(i, Monthly::profit, T - 1) + table.monthly(i, Monthly::profit, T - 2) +
         table.monthly(i, Monthly::profit, T - 3)) /
        3;
    CHECK(table.kpi(i, Kpi::profit_end) == doctest::Approx(last_three).epsilon(1e-12));
  }
  CHECK(closures > 0);  // the closure cost term was exercised
}

TEST_CASE("economics: no store loses money without a fixed cost, every store with a huge one") {
  for (const double fixed : {0.0, 1e15}) {
    CAPTURE(fixed);
    const Model model(test::variant("tests/data/valid/minimal.yaml", fmt::format(R"(
economics:
  currency: EUR
  own_store_margin_per_unit: 150
  third_party_margin_per_unit: 60
  online_margin_per_unit: 120
  formats:
    standard: {{fixed_cost_per_month: {}, capital_cost_per_opening: 0, cost_per_closure: 0}}
)",
                                                                                 fixed)));
    const OutcomeTable table = test::run(model, 2);
    for (std::size_t i = 0; i < table.replications(); ++i) {
      const double expected = fixed == 0 ? 0 : table.kpi(i, Kpi::stores_end);
      CHECK(table.kpi(i, Kpi::loss_making_stores_end) == expected);
    }
  }
}

TEST_CASE("economics: a store loses money by its own sales, ramp and productivity included") {
  // No openings (target 0): every store is an initial, mature one of weight 1, selling
  // v_r, and each region's units per store is v_r. A fixed cost between two regions'
  // margins makes exactly the stores of the poorer regions loss-making.
  const std::string base = R"(
plan:
  target_stores: 0
)";
  const Model probe(test::variant("tests/data/valid/minimal.yaml", base + kEconomics));
  const OutcomeTable first = test::run(probe, 1);
  std::vector<double> per_store;
  for (std::size_t r = 0; r < first.regions(); ++r)
    per_store.push_back(first.region_units_per_store(0, r));
  std::vector<double> sorted = per_store;
  std::sort(sorted.begin(), sorted.end());
  REQUIRE(sorted.front() < sorted.back());
  const double fixed = 150 * (sorted[0] + sorted[1]) / 2;  // above the poorest region's margin
  // New stores' productivity must not reach the initial stores, also once the cohorts have aged
  // past maturity (the mature cohort sits beside the initial one; compare-distributions caught
  // the end-of-horizon count reading them after the last month's aging).
  const Model model(test::variant("tests/data/valid/minimal.yaml", base + fmt::format(R"(
  new_store_productivity: 0.5
economics:
  currency: EUR
  own_store_margin_per_unit: 150
  third_party_margin_per_unit: 0
  online_margin_per_unit: 0
  formats:
    standard: {{fixed_cost_per_month: {}, capital_cost_per_opening: 0, cost_per_closure: 0}}
)",
                                                                                      fixed)));
  const OutcomeTable table = test::run(model, 1);
  double expected = 0;
  for (std::size_t r = 0; r < table.regions(); ++r)
    expected += 150 * per_store[r] < fixed ? table.region_stores(0, r) : 0;
  CHECK(expected > 0);
  CHECK(table.kpi(0, Kpi::loss_making_stores_end) == expected);
}

TEST_CASE("economics: the block adds outputs and inputs and changes no other result") {
  const Model without(
      test::variant("tests/data/valid/minimal.yaml", "market: {shocks: {sd: 0.1}}"));
  const Model with(test::variant("tests/data/valid/minimal.yaml",
                                 std::string("market: {shocks: {sd: 0.1}}\n") + R"(
economics:
  currency: EUR
  own_store_margin_per_unit: {uniform: {min: 100, max: 200}}
  third_party_margin_per_unit: 60
  online_margin_per_unit: 120
  formats:
    standard: {fixed_cost_per_month: 4000, capital_cost_per_opening: 90000, cost_per_closure: 20000}
)"));
  const OutcomeTable a = test::run(without, 50), b = test::run(with, 50);
  for (std::size_t i = 0; i < a.replications(); ++i) {
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const auto kpi = static_cast<Kpi>(k);
      CAPTURE(info(kpi).name);
      if (info(kpi).economic) {
        CHECK(std::isnan(a.kpi(i, kpi)));
        CHECK(std::isfinite(b.kpi(i, kpi)));
      } else if (!std::isnan(a.kpi(i, kpi))) {
        CHECK(a.kpi(i, kpi) == b.kpi(i, kpi));
      }
    }
  }
  // The uncertain margin is an input like any other: sampled, recorded, analysed.
  REQUIRE(with.uncertain_inputs().size() == without.uncertain_inputs().size() + 1);
  CHECK(with.uncertain_inputs().back().name == "economics.own_store_margin_per_unit");
  const std::vector<KpiResult> plain = summarize_kpis(without, a), priced = summarize_kpis(with, b);
  CHECK_FALSE(plain[static_cast<std::size_t>(Kpi::npv)].reported);
  CHECK(priced[static_cast<std::size_t>(Kpi::npv)].reported);
  CHECK(priced[static_cast<std::size_t>(Kpi::npv)].available);
}

TEST_CASE("economics: an uncertain margin takes part in sensitivity like any other input") {
  const Model model(test::variant("tests/regression/small.yaml", "name: small"));
  const OutcomeTable ordinary = test::run(model, 400, 2);
  SensitivityOptions options;
  options.kpis = {Kpi::npv};
  options.tornado_replications = 100;
  options.threads = 2;
  const SensitivityResult result = study_sensitivity(model, ordinary, options);
  REQUIRE(result.kpis.size() == 1);
  const std::vector<InputSensitivity>& inputs = result.kpis[0].inputs;
  const auto margin = std::find_if(inputs.begin(), inputs.end(), [](const InputSensitivity& s) {
    return s.input == "economics.own_store_margin_per_unit";
  });
  REQUIRE(margin != inputs.end());
  // A higher margin on own-store units raises the NPV. Under independence a Spearman
  // coefficient has standard error about 1 / sqrt(n - 1) = 0.05 at n = 400: demand 3 of them.
  CHECK(margin->spearman > 3 / std::sqrt(399.0));
  REQUIRE(margin->tornado);
  CHECK(margin->tornado->swing_mean() > 0);
}

TEST_CASE("section 5 [r2]: per region, month by month, stores and own-store units add up") {
  const Model model(test::variant("tests/regression/small.yaml", "name: small"));
  const OutcomeTable table = test::run(model, 20, 2);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t t = 0; t < table.months(); ++t) {
      CAPTURE(t);
      double stores = 0, units = 0;
      for (std::size_t r = 0; r < table.regions(); ++r) {
        stores += table.region_month_stores(i, r, t);
        units += table.region_month_units(i, r, t);
      }
      CHECK(stores == table.monthly(i, Monthly::stores, t));  // whole numbers: exact
      CHECK(units == doctest::Approx(own_units(table, i, t)).epsilon(1e-12));
    }
    // The last month's entries are the end-of-horizon ones of regions.csv.
    for (std::size_t r = 0; r < table.regions(); ++r)
      CHECK(table.region_month_stores(i, r, table.months() - 1) == table.region_stores(i, r));
  }
}
