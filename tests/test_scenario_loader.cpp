// Loading scenarios: the shipped default and its variants, `extends`, regions from CSV
// and YAML files, defaults, unit conversion, and `show` output that loads back to the
// same scenario.

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

#include "rollout/loader/scenario_loader.hpp"
#include "rollout/loader/scenario_writer.hpp"

using namespace rollout;
namespace fs = std::filesystem;

namespace {

std::string source(const std::string& relative) {
  return (fs::path(ROLLOUT_SOURCE_DIR) / relative).string();
}

const Brand& brand(const Scenario& s, const std::string& name) {
  const std::size_t b = s.brand_index(name);
  REQUIRE(b < s.brands.size());
  return s.brands[b];
}

const Region& region(const Scenario& s, const std::string& name) {
  const std::size_t r = s.region_index(name);
  REQUIRE(r < s.regions.size());
  return s.regions[r];
}

// Field-by-field equality of what a run reads (source locations aside).
void check_same_scenario(const Scenario& a, const Scenario& b) {
  CHECK(a.name == b.name);
  CHECK(a.months == b.months);
  CHECK(a.start_month == b.start_month);
  CHECK(a.simulation.seed == b.simulation.seed);
  CHECK(a.simulation.replications == b.simulation.replications);
  CHECK(a.market.seasonality == b.market.seasonality);
  CHECK(a.rest_of_world.seasonality == b.rest_of_world.seasonality);
  const auto pa = a.params(), pb = b.params();
  REQUIRE(pa.size() == pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    CAPTURE(pa[i]->name);
    CHECK(pa[i]->name == pb[i]->name);
    CHECK(pa[i]->distribution == pb[i]->distribution);
  }
  REQUIRE(a.regions.size() == b.regions.size());
  for (std::size_t r = 0; r < a.regions.size(); ++r) {
    CHECK(a.regions[r].name == b.regions[r].name);
    CHECK(a.regions[r].population_millions == b.regions[r].population_millions);
    CHECK(a.regions[r].gdp_per_capita == b.regions[r].gdp_per_capita);
    CHECK(a.regions[r].neighbours == b.regions[r].neighbours);
    CHECK(a.regions[r].initial_stores == b.regions[r].initial_stores);
    CHECK(a.regions[r].offline_share == b.regions[r].offline_share);
    CHECK(a.regions[r].focal_capacity == b.regions[r].focal_capacity);
  }
  REQUIRE(a.brands.size() == b.brands.size());
  for (std::size_t i = 0; i < a.brands.size(); ++i) {
    CHECK(a.brands[i].name == b.brands[i].name);
    CHECK(a.brands[i].focal == b.brands[i].focal);
    CHECK(a.brands[i].market_share == b.brands[i].market_share);
    CHECK(a.brands[i].online_share == b.brands[i].online_share);
    CHECK(a.brands[i].initial_stores == b.brands[i].initial_stores);
    CHECK(a.brands[i].ranked == b.brands[i].ranked);
  }
  CHECK(a.plan.target_stores == b.plan.target_stores);
  CHECK(a.plan.deadline_month == b.plan.deadline_month);
  CHECK(a.plan.reach_fraction == b.plan.reach_fraction);
  CHECK(a.plan.allocation == b.plan.allocation);
  CHECK(a.plan.fixed_shares == b.plan.fixed_shares);
  CHECK(a.plan.lead_time_months == b.plan.lead_time_months);
  CHECK(a.plan.after_deadline == b.plan.after_deadline);
  CHECK(a.plan.initial_store_age_months == b.plan.initial_store_age_months);
  CHECK(a.plan.density_cap_per_million == b.plan.density_cap_per_million);
  REQUIRE(a.plan.opening_capacity.size() == b.plan.opening_capacity.size());
  for (std::size_t i = 0; i < a.plan.opening_capacity.size(); ++i) {
    CHECK(a.plan.opening_capacity[i].month == b.plan.opening_capacity[i].month);
    CHECK(a.plan.opening_capacity[i].openings == b.plan.opening_capacity[i].openings);
  }
  REQUIRE(a.plan.formats.size() == b.plan.formats.size());
  for (std::size_t i = 0; i < a.plan.formats.size(); ++i) {
    CHECK(a.plan.formats[i].name == b.plan.formats[i].name);
    CHECK(a.plan.formats[i].mix == b.plan.formats[i].mix);
    CHECK(a.plan.formats[i].initial_mix == b.plan.formats[i].initial_mix);
  }
}

}  // namespace

TEST_CASE("the default scenario loads with the data sheet's values") {
  const Scenario s = load_scenario(source("scenarios/china-30k.yaml"));
  CHECK(s.name == "china-30k");
  CHECK(s.start_month == CalendarMonth(2021, 11));
  CHECK(s.months == 36);
  CHECK(s.market.units_per_year.fixed_value() == doctest::Approx(329.3e6));
  CHECK(s.market.offline_share.fixed_value() == 0.7);
  CHECK(s.market.growth_per_year.year(0).distribution == Distribution{Normal{0, 0.06}});
  CHECK(s.market.shocks.spatial_dependence.fixed_value() == 0.6);
  // Quarterly RoW seasonality expands to months: Q2 (April-June) is 0.94.
  CHECK(s.rest_of_world.seasonality[3] == doctest::Approx(0.94));
  CHECK(s.rest_of_world.seasonality[11] == doctest::Approx(1.06));

  REQUIRE(s.regions.size() == 31);
  CHECK(region(s, "Beijing").population_millions == 21.89);
  CHECK(region(s, "Beijing").gdp_per_capita == 184);  // from column gdp_per_capita_kyuan
  CHECK(region(s, "Beijing").group == "East");        // from column macro_region
  CHECK(region(s, "Hebei").neighbours.size() == 7);
  CHECK(region(s, "Hainan").neighbours.empty());
  CHECK(region(s, "Inner Mongolia").neighbours.size() == 8);
  // Tiles of the report's map, from the columns tile_row and tile_column.
  REQUIRE(region(s, "Beijing").tile);
  CHECK(region(s, "Beijing").tile->row == 2);
  CHECK(region(s, "Beijing").tile->column == 5);
  CHECK(std::all_of(s.regions.begin(), s.regions.end(), [](const Region& r) { return r.tile; }));

  REQUIRE(s.brands.size() == 8);
  CHECK(s.brands[s.focal_index()].name == "Xiaomi");
  CHECK(brand(s, "Xiaomi").initial_stores == 10000);
  CHECK(brand(s, "Xiaomi").row_units_per_quarter.fixed_value() == doctest::Approx(32.1e6));
  CHECK(brand(s, "Xiaomi").store_growth_per_year.fixed_value() == 0);  // the plan drives it
  CHECK_FALSE(brand(s, "Others").ranked);
  for (const Brand& b : s.brands) {
    CAPTURE(b.name);
    CHECK(b.third_party_presence_per_million.fixed_value() == 5);  // from brand_defaults
    CHECK(b.momentum_sd_per_year.fixed_value() == 0.2);
    // The defaulted inputs are still one input per brand, each with its own draw.
    CHECK(b.momentum_sd_per_year.name == "brands." + b.name + ".momentum_sd_per_year");
  }
  CHECK(brand(s, "Honor").store_growth_per_year.distribution == Distribution{Normal{0.05, 0.10}});

  CHECK(s.effects.store_elasticity.distribution == Distribution{Pert{0.3, 0.5, 0.8}});
  CHECK(s.plan.target_stores == 30000);
  CHECK(s.plan.deadline_month == 36);
  CHECK(s.plan.allocation == Allocation::demand);
  CHECK(s.plan.lead_time_months == 2);
  CHECK(s.plan.execution_rate.distribution == Distribution{Beta{8, 2}});
  CHECK(s.plan.initial_store_age_months == 5);
  REQUIRE(s.plan.opening_capacity.size() == 1);
  CHECK(s.plan.opening_capacity[0].openings == 800);
  REQUIRE(s.plan.formats.size() == 2);
  CHECK(s.plan.formats[1].name == "flagship");
  CHECK(s.plan.formats[1].presence_weight.fixed_value() == 3);
  CHECK(s.plan.formats[0].initial_mix == 0.95);
}

TEST_CASE("a calendar month parses YYYY-MM only, counts across years, and has three spellings") {
  const auto nov = CalendarMonth::parse("2021-11");
  REQUIRE(nov);
  CHECK(nov->year() == 2021);
  CHECK(nov->month() == 11);
  CHECK(nov->quarter() == 4);
  for (const char* bad :
       {"2021-13", "2021-00", "2021-1", "21-11", "2021/11", "2021-11 ", "+021-11"})
    CHECK_MESSAGE(!CalendarMonth::parse(bad), bad);
  const CalendarMonth later = *nov + 14;  // across a year end
  CHECK(later == CalendarMonth(2023, 1));
  CHECK(later - *nov == 14);
  CHECK(*nov - later == -14);
  CHECK(*nov + (-11) == CalendarMonth(2020, 12));
  CHECK(*nov < later);
  CHECK(nov->text() == "2021-11");
  CHECK(later.text() == "2023-01");
  CHECK(nov->quarter_text() == "2021 Q4");
  CHECK(CalendarMonth(2024, 8).name() == "Aug 2024");
}

TEST_CASE("variants override only what they state") {
  const Scenario base = load_scenario(source("scenarios/china-30k.yaml"));
  const Scenario marginal = load_scenario(source("scenarios/china-30k-marginal.yaml"));
  CHECK(marginal.name == "china-30k-marginal");
  CHECK(marginal.plan.allocation == Allocation::marginal);
  CHECK(marginal.plan.target_stores == base.plan.target_stores);

  const Scenario quality = load_scenario(source("scenarios/china-20k-quality.yaml"));
  CHECK(quality.plan.target_stores == 20000);
  CHECK(quality.plan.opening_capacity[0].openings == 450);
  CHECK(quality.plan.formats[0].mix == 0.75);
  CHECK(quality.plan.formats[1].mix == 0.25);
  CHECK(quality.plan.formats[0].initial_mix == 0.95);  // inherited: maps merge deeply
  CHECK(quality.plan.formats[0].ramp_months.fixed_value() == 4);

  const Scenario hold = load_scenario(source("scenarios/china-hold.yaml"));
  CHECK(hold.plan.target_stores == 12000);
  CHECK(hold.plan.opening_capacity[0].openings == 150);
  CHECK(hold.regions.size() == 31);
}

TEST_CASE("inherited values remember the file they came from") {
  const Scenario s = load_scenario(source("scenarios/china-30k-marginal.yaml"));
  CHECK(fs::path(s.plan.execution_rate.where.file).filename() == "china-30k.yaml");
  CHECK(s.plan.execution_rate.where.line > 0);
  CHECK(s.source_file == source("scenarios/china-30k-marginal.yaml"));
}

TEST_CASE("a null in a variant restores the default, and regions may come from a YAML file") {
  const Scenario s = load_scenario(source("tests/data/valid/regions-from-yaml.yaml"));
  REQUIRE(s.regions.size() == 2);
  CHECK(s.regions[0].name == "East");
  CHECK(s.regions[0].initial_stores ==
        std::vector<std::pair<std::string, std::int64_t>>{{"Focal", 7}, {"Rival", 3}});
  CHECK(s.regions[1].offline_share == 0.5);
  CHECK(s.regions[1].focal_capacity == 90);
  CHECK_FALSE(brand(s, "Focal").initial_stores.has_value());
  CHECK(brand(s, "Others").initial_stores == 50);
}

TEST_CASE("every distribution kind and the _millions spelling load") {
  const Scenario s = load_scenario(source("tests/data/valid/every-distribution.yaml"));
  CHECK(s.market.units_per_year.distribution == Distribution{Uniform{1e6, 2e6}});
  CHECK(s.market.units_per_year.name == "market.units_per_year");
  CHECK(s.market.offline_share.distribution == Distribution{Normal{0.6, 0.05, 0.4, 0.8}});
  CHECK(std::holds_alternative<Triangular>(s.market.offline_share_drift_per_year.distribution));
  CHECK(std::holds_alternative<Pert>(s.effects.store_elasticity.distribution));
  CHECK(s.effects.halo_elasticity.distribution ==
        Distribution{Discrete{{-0.1, 0, 0.1}, {1, 2, 1}}});
  CHECK(s.plan.underperformance_closure_factor.fixed_value() == 2);
  CHECK(std::holds_alternative<LogNormal>(s.plan.new_store_productivity.distribution));
  CHECK(s.plan.fixed_shares == std::vector<double>{0.5, 0, 0.5});
  REQUIRE(s.plan.opening_capacity.size() == 3);
  CHECK(s.plan.opening_capacity[1].month == 6);
  CHECK(s.plan.opening_capacity[1].openings == 30);
  const double total =
      std::accumulate(s.market.seasonality.begin(), s.market.seasonality.end(), 0.0);
  CHECK(total == doctest::Approx(12).epsilon(1e-14));
}

TEST_CASE("shares within 1e-6 of summing to 1 are normalised exactly") {
  const std::string yaml = R"(
extends: minimal.yaml
brands:
  Others: {market_share: 0.2000004}
)";
  const Scenario s = load_scenario_text(yaml, source("tests/data/valid/near-one.yaml"));
  double total = 0;
  for (const Brand& b : s.brands)
    total += b.market_share;
  CHECK(total == doctest::Approx(1).epsilon(1e-15));
  CHECK(brand(s, "Rival").market_share == doctest::Approx(0.5 / 1.0000004).epsilon(1e-15));
}

TEST_CASE("show prints a scenario that loads back to the same scenario") {
  for (const std::string file :
       {"scenarios/china-30k.yaml", "scenarios/china-30k-marginal.yaml",
        "scenarios/china-20k-quality.yaml", "scenarios/china-hold.yaml",
        "tests/data/valid/every-distribution.yaml", "tests/data/valid/regions-from-yaml.yaml",
        "tests/data/valid/minimal.yaml"}) {
    CAPTURE(file);
    const Scenario original = load_scenario(source(file));
    const std::string shown = to_yaml(original);
    const Scenario reloaded = load_scenario_text(shown, "shown.yaml");
    check_same_scenario(original, reloaded);
    CHECK(to_yaml(reloaded) == shown);  // a fixed point
  }
}

TEST_CASE("documents built to exhaust memory or the stack are refused") {
  // "Billion laughs": nine levels of ten aliases would expand to 10^9 values.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    std::string line = fmt::format("a{}: &a{} [*a{}", level, level, level - 1);
    for (int i = 1; i < 10; ++i)
      line += fmt::format(", *a{}", level - 1);
    bomb += line + "]\n";
  }
  CHECK_THROWS_WITH_AS(load_scenario_text(bomb, "bomb.yaml"),
                       doctest::Contains("holds more than 500000 values"), InputError);
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  CHECK_THROWS_WITH_AS(load_scenario_text("a: " + deep, "deep.yaml"),
                       doctest::Contains("nests deeper than 64 levels"), InputError);
}

TEST_CASE("the worked example in docs/scenarios.md is a valid scenario") {
  std::ifstream in(source("docs/scenarios.md"));
  std::string line, yaml;
  bool section = false, inside = false, done = false;
  while (!done && std::getline(in, line)) {
    if (line == "## Worked example") {
      section = true;
    } else if (section && line == "```yaml") {
      inside = true;
    } else if (inside && line == "```") {
      done = true;
    } else if (inside) {
      yaml += line + "\n";
    }
  }
  REQUIRE(done);
  const Scenario s = load_scenario_text(yaml, "two-cities.yaml");
  CHECK(s.name == "two-cities");
  CHECK(s.regions.size() == 2);
  CHECK(s.plan.opening_capacity.size() == 2);
  REQUIRE(s.economics);
  CHECK(s.economics->currency == "EUR");
  CHECK(s.economics->discount_rate_per_year.fixed_value() == 0.1);  // the documented default
}

TEST_CASE("a file larger than 8 MiB is refused before it is read") {
  const auto file = fs::temp_directory_path() / "rollout-test-huge.yaml";
  {
    std::ofstream out(file);
    const std::string line = "# " + std::string(1022, 'x') + "\n";
    for (int i = 0; i < 9 * 1024; ++i)
      out << line;  // 9 MiB of comments
  }
  CHECK_THROWS_WITH_AS(load_scenario(file.string()),
                       doctest::Contains("more than the 8 MiB an input file may have"), InputError);
  fs::remove(file);
}

TEST_CASE("~ in a variant removes a brand, a store format or a region the base set") {
  auto variant = [](const std::string& overlay) {
    return load_scenario_text("extends: " + source("scenarios/china-30k.yaml") + "\n" + overlay,
                              source("tests/data/overlay.yaml"));
  };
  const Scenario base = load_scenario(source("scenarios/china-30k.yaml"));
  // Honor's shares go to Others, so that the shares still sum to 1.
  const Brand& honor = brand(base, "Honor");
  const Brand& others = brand(base, "Others");
  const Scenario without_honor = variant(fmt::format(
      "brands:\n  Honor: ~\n  Others: {{market_share: {}, online_share: {}}}\n",
      others.market_share + honor.market_share, others.online_share + honor.online_share));
  CHECK(without_honor.brands.size() == base.brands.size() - 1);
  CHECK(without_honor.brand_index("Honor") == without_honor.brands.size());
  for (const Brand& b : without_honor.brands) {
    CHECK(b.name != "Honor");
    CHECK(without_honor.brand_index(b.name) < without_honor.brands.size());
  }

  // A format removed from the plan goes from the economics block too; left there, it is
  // reported as a format the plan lacks.
  const std::string no_flagship =
      "plan:\n  formats:\n    flagship: ~\n    standard: {mix: 1, initial_mix: 1}\n";
  const Scenario one_format = variant(no_flagship + "economics:\n  formats:\n    flagship: ~\n");
  REQUIRE(one_format.plan.formats.size() == 1);
  CHECK(one_format.plan.formats[0].name == "standard");
  REQUIRE(one_format.economics);
  CHECK(one_format.economics->formats.size() == 1);
  CHECK_THROWS_WITH_AS(variant(no_flagship), doctest::Contains("economics.formats.flagship"),
                       InputError);

  // Removing the focal brand leaves a scenario without one: a located error, not a crash.
  CHECK_THROWS_WITH_AS(variant("brands:\n  Xiaomi: ~\n"), doctest::Contains("focal"), InputError);
}
