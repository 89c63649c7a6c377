// The cases with known answers of the model's section 9. Statistical checks use fixed
// seeds; each tolerance is a multiple of the estimate's standard error, stated where used.

#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "engine_helpers.hpp"
#include "rollout/results/summary.hpp"

using namespace rollout;

TEST_CASE(
    "section 9: without uncertainty, stores rise by min(c, gap) a month and stop at the target") {
  // minimal.yaml: no shocks, e = e-hat = 1, no closures, L = 1, c = 20, 100 stores, target 300.
  const Model model(test::variant("tests/data/valid/minimal.yaml", "name: steady"));
  const OutcomeTable table = test::run(model, 5);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t t = 0; t < table.months(); ++t) {
      CAPTURE(t);
      const double expected = std::min(100.0 + 20.0 * static_cast<double>(t), 300.0);
      CHECK(table.monthly(i, Monthly::stores, t) == expected);
    }
    CHECK(table.kpi(i, Kpi::target_month) == 10);
    CHECK(table.kpi(i, Kpi::target_by_deadline) == 1);
    CHECK(table.kpi(i, Kpi::openings_total) == 200);
  }
}

TEST_CASE("section 9: with capacity binding, the mean gain is e times the openings that come due") {
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
plan:
  target_stores: 100000
  density_cap_per_million: 2000
  lead_time_months: 2
  execution_rate: 0.7
)"));
  const std::size_t n = 4000;
  const OutcomeTable table = test::run(model, n, 2);
  std::vector<double> gain(n);
  for (std::size_t i = 0; i < n; ++i) {
    gain[i] = table.kpi(i, Kpi::stores_end) - table.monthly(i, Monthly::stores, 0);
  }
  // 20 openings planned in each of months 0..21 come due inside the 24-month horizon.
  const double expected = 0.7 * 20 * (24 - 2);
  const test::Moments m = test::moments(gain);
  const double se = std::sqrt(m.variance / static_cast<double>(n));
  // The expectation must lie in the mean's own 99.9% confidence interval (3.29 se).
  CHECK(std::fabs(m.mean - expected) < 3.29 * se);
  CHECK(se > 0);
}

TEST_CASE("section 9: with closures only, E[stores(t)] = S0 (1 - h)^(t + 1)") {
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
brands:
  Focal: {initial_stores: 1000}
plan:
  target_stores: 0
  density_cap_per_million: 200
  formats:
    standard: {closure_rate_per_year: 0.3}
)"));
  const std::size_t n = 2000;
  const OutcomeTable table = test::run(model, n, 2);
  const double h = 1 - std::pow(1 - 0.3, 1.0 / 12);
  for (std::size_t t = 0; t < table.months(); ++t) {
    CAPTURE(t);
    std::vector<double> stores(n);
    for (std::size_t i = 0; i < n; ++i)
      stores[i] = table.monthly(i, Monthly::stores, t);
    const test::Moments m = test::moments(stores);
    const double expected = 1000 * std::pow(1 - h, static_cast<double>(t) + 1);
    // 24 months checked at once: 4 standard errors keeps the family-wise level near 0.2%.
    CHECK(std::fabs(m.mean - expected) < 4 * std::sqrt(m.variance / static_cast<double>(n)));
  }
}

TEST_CASE("section 9 and calibration: at month 0 each brand's national share equals s_b to 1e-9") {
  for (const std::string overlay :
       {"market: {shocks: {sd: 0}}\nplan: {formats: {standard: {closure_rate_per_year: 0}, "
        "flagship: "
        "{closure_rate_per_year: 0}}}",
        "market: {shocks: {sd: 0}}\nregions_file: ~\nregions:\n"
        "  A: {population_millions: 30, gdp_per_capita: 90, offline_share: 0.8, neighbours: [B]}\n"
        "  B: {population_millions: 50, gdp_per_capita: 40, offline_share: 0.55, neighbours: [A]}\n"
        "plan: {formats: {standard: {closure_rate_per_year: 0}, flagship: {closure_rate_per_year: "
        "0}}}"}) {
    const Model model(test::variant("scenarios/china-30k.yaml", overlay));
    for (std::size_t i = 0; i < 5; ++i) {
      test::watch_replication(model, i, [&](const MonthView& view) {
        if (view.month != 0) return;
        double total = 0;
        for (double u : view.market_units)
          total += u;
        for (std::size_t b = 0; b < model.brands(); ++b) {
          CAPTURE(model.scenario().brands[b].name);
          CHECK(std::fabs(view.market_units[b] / total - model.scenario().brands[b].market_share) <
                1e-9);
        }
      });
    }
  }
}

TEST_CASE(
    "section 9: with gamma 1, tiny tau and no momentum, offline shares are the pure MCI store "
    "shares") {
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
brand_defaults: {third_party_presence_per_million: 1.0e-9}
effects: {store_elasticity: 1}
plan: {target_stores: 0}
)"));
  const std::size_t R = model.regions(), B = model.brands(), f = model.focal();
  test::watch_replication(model, 3, [&](const MonthView& view) {
    for (std::size_t r = 0; r < R; ++r) {
      double sum = 0;
      std::vector<double> weighted(B);
      for (std::size_t b = 0; b < B; ++b) {
        const double stores =
            b == f ? static_cast<double>(view.focal_stores[r]) : view.stores[r * B + b];
        weighted[b] = std::exp(view.log_attraction[b]) * stores;
        sum += weighted[b];
      }
      for (std::size_t b = 0; b < B; ++b) {
        CHECK(view.offline_share[r * B + b] == doctest::Approx(weighted[b] / sum).epsilon(1e-9));
      }
    }
  });
}

TEST_CASE(
    "section 9: momentum is absent with sigma_m 0, and Var(m_b(t)) = sigma_m^2 t / 12 otherwise") {
  const Model still(test::variant("tests/data/valid/minimal.yaml", "name: still"));
  test::watch_replication(still, 0, [&](const MonthView& view) {
    for (double m : view.momentum)
      CHECK(m == 0);
  });

  const Model moving(test::variant("tests/data/valid/minimal.yaml",
                                   "brand_defaults: {momentum_sd_per_year: 0.3}"));
  const std::size_t n = 4000;
  const int t = 23;
  std::vector<std::vector<double>> m(moving.brands(), std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    test::watch_replication(moving, i, [&](const MonthView& view) {
      if (view.month != t) return;
      for (std::size_t b = 0; b < moving.brands(); ++b)
        m[b][i] = view.momentum[b];
    });
  }
  const double expected = 0.3 * 0.3 * t / 12.0;
  for (std::size_t b = 0; b < moving.brands(); ++b) {
    const test::Moments s = test::moments(m[b]);
    // The sample variance of n normals has standard error variance * sqrt(2 / (n - 1)).
    CHECK(std::fabs(s.variance - expected) < 4 * expected * std::sqrt(2.0 / (n - 1)));
    CHECK(std::fabs(s.mean) < 4 * std::sqrt(expected / n));
  }
}

TEST_CASE("section 9: shocks are independent with rho = omega = 0, identical with omega = 1") {
  const std::size_t n = 4000;
  auto shocks_at = [&](const Model& model, int month, std::size_t r) {
    std::vector<double> z(n);
    for (std::size_t i = 0; i < n; ++i) {
      test::watch_replication(model, i, [&](const MonthView& view) {
        if (view.month == month) z[i] = view.shocks[r];
      });
    }
    return z;
  };
  const Model independent(
      test::variant("tests/data/valid/minimal.yaml",
                    "market: {shocks: {sd: 0.1, spatial_dependence: 0, national_weight: 0, "
                    "persistence: 0.6}}"));
  for (int month : {0, 12}) {
    const std::vector<double> north = shocks_at(independent, month, 0),
                              central = shocks_at(independent, month, 1);
    // Under independence the sample correlation has standard error about 1 / sqrt(n).
    CHECK(std::fabs(test::correlation(north, central)) < 4 / std::sqrt(double(n)));
    // Each Z_r(t) is standard normal: mean within 4 se, variance within 4 se (sqrt(2 / n)).
    const test::Moments m = test::moments(north);
    CHECK(std::fabs(m.mean) < 4 / std::sqrt(double(n)));
    CHECK(std::fabs(m.variance - 1) < 4 * std::sqrt(2.0 / n));
  }

  const Model common(test::variant("tests/data/valid/minimal.yaml",
                                   "market: {shocks: {sd: 0.1, national_weight: 1}}"));
  test::watch_replication(common, 7, [&](const MonthView& view) {
    for (double z : view.shocks)
      CHECK(z == view.shocks[0]);
  });
}

TEST_CASE("shocks between neighbours correlate as omega + (1 - omega) C_ij") {
  const Model model(
      test::variant("tests/data/valid/minimal.yaml",
                    "market: {shocks: {sd: 0.1, spatial_dependence: 0.6, national_weight: 0.5}}"));
  const std::size_t n = 4000;
  std::vector<double> north(n), central(n);
  for (std::size_t i = 0; i < n; ++i) {
    test::watch_replication(model, i, [&](const MonthView& view) {
      if (view.month != 0) return;
      north[i] = view.shocks[0];
      central[i] = view.shocks[1];
    });
  }
  const double expected = 0.5 + 0.5 * model.graph().correlation(0.6)(0, 1);
  // The sample correlation's standard error is about (1 - rho^2) / sqrt(n).
  CHECK(std::fabs(test::correlation(north, central) - expected) <
        4 * (1 - expected * expected) / std::sqrt(double(n)));
}

TEST_CASE("section 9: two plans differing only in allocation share input draws and demand shocks") {
  const Model demand(test::variant("scenarios/china-30k.yaml", "name: a"));
  const Model marginal(test::variant("scenarios/china-30k-marginal.yaml", "name: b"));
  const OutcomeTable a = test::run(demand, 50), b = test::run(marginal, 50);
  REQUIRE(a.inputs() == b.inputs());
  REQUIRE(a.inputs() > 10);
  bool plans_differ = false;
  for (std::size_t i = 0; i < 50; ++i) {
    for (std::size_t j = 0; j < a.inputs(); ++j)
      CHECK(a.input(i, j) == b.input(i, j));
    plans_differ = plans_differ || a.kpi(i, Kpi::stores_end) != b.kpi(i, Kpi::stores_end) ||
                   a.kpi(i, Kpi::market_share_end) != b.kpi(i, Kpi::market_share_end);
  }
  CHECK(plans_differ);  // the levers did change the outcome; only the draws are shared
  for (std::size_t i : {0u, 17u}) {
    std::vector<double> shocks_a, shocks_b;
    test::watch_replication(demand, i, [&](const MonthView& v) {
      shocks_a.insert(shocks_a.end(), v.shocks.begin(), v.shocks.end());
    });
    test::watch_replication(marginal, i, [&](const MonthView& v) {
      shocks_b.insert(shocks_b.end(), v.shocks.begin(), v.shocks.end());
    });
    CHECK(shocks_a == shocks_b);
  }
}

TEST_CASE("section 9 [r2]: without closures the closure allowance changes nothing") {
  // Shocks and uncertain execution make the paths differ between replications, while
  // nothing closes: the allowance is zero every month, so every output is identical.
  const std::string overlay = R"(
market: {shocks: {sd: 0.2}}
plan:
  execution_rate: {uniform: {min: 0.6, max: 1}}
)";
  const Model recent(
      test::variant("tests/data/valid/minimal.yaml", overlay + "  closure_allowance: recent\n"));
  const Model none(
      test::variant("tests/data/valid/minimal.yaml", overlay + "  closure_allowance: none\n"));
  const OutcomeTable a = test::run(recent, 50), b = test::run(none, 50);
  for (std::size_t i = 0; i < a.replications(); ++i) {
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const double x = a.kpi(i, static_cast<Kpi>(k)), y = b.kpi(i, static_cast<Kpi>(k));
      CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
    }
    for (std::size_t t = 0; t < a.months(); ++t)
      CHECK(a.monthly(i, Monthly::stores, t) == b.monthly(i, Monthly::stores, t));
  }
  // Not trivially equal: execution varies, so the paths differ between replications.
  std::set<double> month_five;
  for (std::size_t i = 0; i < a.replications(); ++i)
    month_five.insert(a.monthly(i, Monthly::stores, 5));
  CHECK(month_five.size() > 10);
}

TEST_CASE(
    "section 9 [r2]: the closure allowance holds stores at the target, without it "
    "they settle about L h target below") {
  // Constant hazard H = 0.3 a year (h monthly), e = e-hat = 1, L = 2, capacity far above
  // need; 1,000 stores and a target of 3,000, reached by about month 2 and held for 30.
  const std::string overlay = R"(
months: 36
brands:
  Focal: {initial_stores: 1000}
plan:
  target_stores: 3000
  deadline_month: 36
  lead_time_months: 2
  opening_capacity_per_month: 100000
  density_cap_per_million: 1000
  formats:
    standard: {closure_rate_per_year: 0.3}
)";
  const double h = 1 - std::pow(1 - 0.3, 1.0 / 12), target = 3000, lead = 2;
  const Model recent(
      test::variant("tests/data/valid/minimal.yaml", overlay + "  closure_allowance: recent\n"));
  const Model none(
      test::variant("tests/data/valid/minimal.yaml", overlay + "  closure_allowance: none\n"));
  const std::size_t n = 200;
  const OutcomeTable with = test::run(recent, n, 2), without = test::run(none, n, 2);
  // With the allowance: within 2 L h target (+ 1) of the target in every month after it is
  // first reached, in every replication (a bound, not a statistic).
  const double band = 2 * lead * h * target + 1;
  double below_with = 0, below_without = 0, months_counted = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bool reached = false;
    for (std::size_t t = 0; t < with.months(); ++t) {
      const double stores = with.monthly(i, Monthly::stores, t);
      reached = reached || stores >= target;
      if (reached) CHECK(std::fabs(stores - target) <= band);
    }
    CHECK(reached);
    // Shortfall over the second half of the horizon, where both runs have settled.
    for (std::size_t t = 18; t < with.months(); ++t) {
      below_with += target - with.monthly(i, Monthly::stores, t);
      below_without += target - without.monthly(i, Monthly::stores, t);
      months_counted += 1;
    }
  }
  below_with /= months_counted;
  below_without /= months_counted;
  // Without the allowance the settled shortfall is about L h target (about 59 stores
  // here): the closures of the lead time. "About" is taken as within a third of it, far
  // wider than its sampling error (binomial closures of ~90 stores a month over 200
  // replications x 18 months: a standard error well under one store).
  CHECK(below_without == doctest::Approx(lead * h * target).epsilon(1.0 / 3));
  // With it the shortfall is a small fraction of that.
  CHECK(std::fabs(below_with) < 0.25 * lead * h * target);
}

TEST_CASE("section 2 [r2]: quarters are calendar quarters wholly inside the horizon") {
  // From November over 36 months: the first whole quarter is 2022 Q1 (months 2-4), the
  // last 2024 Q3 (Jul-Sep 2024, months 32-34); month 35 (Oct 2024) belongs to none.
  const Model from_november(
      test::variant("tests/data/valid/minimal.yaml", "start_month: 2021-11\nmonths: 36\n"));
  CHECK(from_november.first_quarter_month() == 2);
  CHECK(from_november.quarters() == 11);
  CHECK(from_november.quarter_label(0) == "2022 Q1");
  CHECK(from_november.quarter_label(10) == "2024 Q3");
  CHECK(from_november.quarter_of(1) == -1);
  CHECK(from_november.quarter_of(2) == 0);
  CHECK(from_november.quarter_of(34) == 10);
  CHECK(from_november.quarter_of(35) == -1);
  // The terminal's stores-by-quarter table reads each quarter's third month.
  const OutcomeTable november = test::run(from_november, 1);
  const std::vector<QuarterStores> by_quarter = stores_by_quarter(from_november, november);
  REQUIRE(by_quarter.size() == 11);
  CHECK(by_quarter[0].label == "2022 Q1");
  CHECK(by_quarter[0].mean == november.monthly(0, Monthly::stores, 4));
  CHECK(by_quarter[10].mean == november.monthly(0, Monthly::stores, 34));

  // A quarter's global units are the sums over its three calendar months. With no RoW
  // volume for the focal brand, its global units are its market units, month by month.
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
start_month: 2024-02
months: 8
market: {shocks: {sd: 0.2}}
brands:
  Focal: {row_units_per_quarter: 0}
plan: {deadline_month: 8}
)"));
  REQUIRE(model.quarters() == 2);  // Apr-Jun and Jul-Sep 2024: months 2-4 and 5-7
  const OutcomeTable table = test::run(model, 3);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t q = 0; q < 2; ++q) {
      double sum = 0;
      for (std::size_t t = 2 + 3 * q; t < 5 + 3 * q; ++t)
        sum += table.monthly(i, Monthly::offline_units, t) +
               table.monthly(i, Monthly::online_units, t);
      CHECK(table.quarterly(i, kQuarterlyBrandUnits + model.focal(), q) ==
            doctest::Approx(sum).epsilon(1e-12));
    }
  }

  // No whole quarter: the last-quarter KPIs are missing, quarters_at_rank1 is 0.
  const Model short_run(
      test::variant("tests/data/valid/minimal.yaml",
                    "start_month: 2024-02\nmonths: 4\nplan: {deadline_month: 4}\n"));
  CHECK(short_run.quarters() == 0);
  const OutcomeTable none = test::run(short_run, 2);
  CHECK(std::isnan(none.kpi(0, Kpi::global_share_end)));
  CHECK(std::isnan(none.kpi(0, Kpi::global_rank_end)));
  CHECK(none.kpi(0, Kpi::quarters_at_rank1) == 0);
}

TEST_CASE("section 9 [r2]: a growth list of equal entries draws exactly what the scalar drew") {
  // The default scenario: 36 months, three simulated years, growth normal(0, 0.06) for the
  // market and for the rest of the world; the correlated variant names growth years too.
  for (const char* base : {"scenarios/china-30k.yaml", "scenarios/china-30k-correlated.yaml"}) {
    CAPTURE(base);
    const Model scalar(test::variant(base, "name: scalar"));
    const Model listed(test::variant(base, R"(
name: listed
market:
  growth_per_year: [{normal: {mean: 0.0, sd: 0.06}}, {normal: {mean: 0.0, sd: 0.06}},
                    {normal: {mean: 0.0, sd: 0.06}}]
rest_of_world:
  growth_per_year: [{normal: {mean: 0.0, sd: 0.06}}, {normal: {mean: 0.0, sd: 0.06}},
                    {normal: {mean: 0.0, sd: 0.06}}]
)"));
    REQUIRE(listed.scenario().market.growth_per_year.listed);
    REQUIRE(scalar.uncertain_inputs().size() == listed.uncertain_inputs().size());
    for (std::size_t j = 0; j < scalar.uncertain_inputs().size(); ++j)
      CHECK(scalar.uncertain_inputs()[j].name == listed.uncertain_inputs()[j].name);
    const OutcomeTable a = test::run(scalar, 40, 2), b = test::run(listed, 40, 2);
    for (std::size_t i = 0; i < a.replications(); ++i) {
      for (std::size_t j = 0; j < scalar.uncertain_inputs().size(); ++j)
        CHECK(a.input(i, j) == b.input(i, j));
      for (std::size_t k = 0; k < kKpiCount; ++k) {
        const double x = a.kpi(i, static_cast<Kpi>(k)), y = b.kpi(i, static_cast<Kpi>(k));
        CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
      }
    }
  }
}

TEST_CASE("a growth list replays a known path year by year") {
  // Fixed growth of -0.14, -0.05, +0.05 a year: without shocks or seasonality the market
  // at month t is U0 / 12 x exp(log growth up to t), e.g. month 12 is U0 / 12 x e^-0.14.
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
months: 36
market: {growth_per_year: [-0.14, -0.05, 0.05]}
plan: {deadline_month: 36}
)"));
  CHECK(model.uncertain_inputs().empty());
  const OutcomeTable table = test::run(model, 1);
  const double u0 = 1200000.0 / 12;
  auto expected = [&](double log_growth) { return u0 * std::exp(log_growth); };
  CHECK(table.monthly(0, Monthly::market_units, 0) == doctest::Approx(u0).epsilon(1e-12));
  CHECK(table.monthly(0, Monthly::market_units, 12) ==
        doctest::Approx(expected(-0.14)).epsilon(1e-12));
  CHECK(table.monthly(0, Monthly::market_units, 18) ==
        doctest::Approx(expected(-0.14 - 0.05 / 2)).epsilon(1e-12));
  CHECK(table.monthly(0, Monthly::market_units, 24) ==
        doctest::Approx(expected(-0.19)).epsilon(1e-12));
  CHECK(table.monthly(0, Monthly::market_units, 30) ==
        doctest::Approx(expected(-0.19 + 0.05 / 2)).epsilon(1e-12));
  // docs/scenarios.md: a first year's total Y and U0 = 12 Y (e^{g/12} - 1) / (e^g - 1).
  double first_year = 0;
  for (std::size_t t = 0; t < 12; ++t)
    first_year += table.monthly(0, Monthly::market_units, t);
  const double g = -0.14;
  CHECK(
      1200000.0 ==
      doctest::Approx(12 * first_year * (std::exp(g / 12) - 1) / (std::exp(g) - 1)).epsilon(1e-12));
}

TEST_CASE("section 4.5 [r2]: the market rank counts market units alone, the global rank adds RoW") {
  // Rival sells more in the market (share 0.5 against 0.3), the focal brand far more in
  // the rest of the world: first globally, second in the market. Others is unranked.
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
brands:
  Focal: {row_units_per_quarter: 10000000}
)"));
  const OutcomeTable table = test::run(model, 4);
  const std::size_t Q = table.quarters();
  REQUIRE(Q == 8);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    CHECK(table.kpi(i, Kpi::global_rank_end) == 1);
    CHECK(table.kpi(i, Kpi::market_rank_end) == 2);
    for (std::size_t q = 0; q < Q; ++q) {
      CHECK(table.quarterly(i, kQuarterlyMarketRank, q) == 2);
      // The market share of a quarter: focal market units over all market units.
      double focal = 0, all = 0;
      for (std::size_t t = 3 * q; t < 3 * q + 3; ++t) {
        focal += table.monthly(i, Monthly::offline_units, t) +
                 table.monthly(i, Monthly::online_units, t);
        all += table.monthly(i, Monthly::market_units, t);
      }
      CHECK(table.quarterly(i, kQuarterlyMarketShare, q) ==
            doctest::Approx(focal / all).epsilon(1e-12));
    }
  }
}

namespace {

// Own-store presence by region, from a month's view: P_{r,f} less the third-party term, which
// is the same every month; at month 0 every own store is an initial (mature) one, weight 1.
struct OwnPresence {
  std::vector<double> third_party;
  std::vector<double> of(const Model& model, const MonthView& view) {
    const std::size_t R = model.regions(), B = model.brands(), f = model.focal();
    if (view.month == 0) {
      third_party.resize(R);
      for (std::size_t r = 0; r < R; ++r)
        third_party[r] = view.presence[r * B + f] - static_cast<double>(view.focal_stores[r]);
    }
    std::vector<double> own(R);
    for (std::size_t r = 0; r < R; ++r)
      own[r] = view.presence[r * B + f] - third_party[r];
    return own;
  }
};

}  // namespace

TEST_CASE("section 4.3: presence weighs each cohort by its ramp, 1 - exp(-(a+1)/tau) below A") {
  // minimal.yaml without uncertainty or closures: 20 openings a month, months 1 .. 10; tau = 3,
  // so cohorts mature at A = 15 and the last ones within the 24 months.
  const Model model(test::variant("tests/data/valid/minimal.yaml", "name: ramping"));
  const std::size_t R = model.regions();
  const double tau = 3, mature_age = 15;
  std::vector<std::vector<std::int64_t>> stores;  // [month][region]
  OwnPresence presence;
  test::watch_replication(model, 0, [&](const MonthView& view) {
    stores.emplace_back(view.focal_stores.begin(), view.focal_stores.end());
    const std::vector<double> own = presence.of(model, view);
    const auto t = static_cast<std::size_t>(view.month);
    for (std::size_t r = 0; r < R; ++r) {
      CAPTURE(t);
      CAPTURE(r);
      // Without closures a region's openings in month tau are its stores' rise that month.
      double expected = static_cast<double>(stores[0][r]);
      for (std::size_t opened = 1; opened <= t; ++opened) {
        const auto n = static_cast<double>(stores[opened][r] - stores[opened - 1][r]);
        const auto age = static_cast<double>(t - opened);
        expected += n * (age >= mature_age ? 1 : 1 - std::exp(-(age + 1) / tau));
      }
      CHECK(own[r] == doctest::Approx(expected).epsilon(1e-12));
    }
  });
  REQUIRE(stores.size() == 24);
  CHECK(stores[23][0] > stores[0][0]);  // the case has openings to weigh
}

TEST_CASE("section 4.3: once every opened cohort has matured, presence counts each store once") {
  // Openings until the deadline (month 12, then planning stops) and closures throughout; by
  // month 13 + A = 28 every store left is an initial or mature one, of weight 1.
  const Model model(test::variant("tests/data/valid/minimal.yaml", R"(
months: 36
plan:
  deadline_month: 12
  after_deadline: stop
  formats:
    standard: {closure_rate_per_year: 0.6}
)"));
  const std::size_t R = model.regions();
  for (std::size_t i = 0; i < 20; ++i) {
    OwnPresence presence;
    std::int64_t closed_while_ramping = 0, previous = 0;
    test::watch_replication(model, i, [&](const MonthView& view) {
      const std::vector<double> own = presence.of(model, view);
      std::int64_t total = 0;
      for (std::size_t r = 0; r < R; ++r) {
        total += view.focal_stores[r];
        // Ramp weights are at most 1: presence never exceeds the stores.
        CHECK(own[r] <= static_cast<double>(view.focal_stores[r]) + 1e-9);
        const auto stores = static_cast<double>(view.focal_stores[r]);
        if (view.month >= 28) CHECK(own[r] == doctest::Approx(stores).epsilon(1e-12));
      }
      if (view.month > 13 && view.month < 28 && total < previous) ++closed_while_ramping;
      previous = total;
    });
    CHECK(closed_while_ramping > 0);  // closures came while cohorts ramped
  }
}
