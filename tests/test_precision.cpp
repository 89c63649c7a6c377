// Running to a precision: parsing the target, the half-width measures, and a stopping
// point that is the same at any thread count.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "rollout/common/statistics.hpp"
#include "rollout/run/precision.hpp"

using namespace rollout;

namespace {

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("precision targets parse as KPI=HALFWIDTH") {
  const PrecisionTarget t = parse_precision("target_by_deadline=0.01");
  CHECK(t.kpi == Kpi::target_by_deadline);
  CHECK(t.half_width == 0.01);
  CHECK_THROWS_AS(parse_precision("stores=5"), InputError);
  CHECK_THROWS_AS(parse_precision("stores_end=-5"), InputError);
  CHECK_THROWS_AS(parse_precision("stores_end=5x"), InputError);
  CHECK_THROWS_AS(parse_precision("stores_end"), InputError);
}

TEST_CASE(
    "half-widths: 1.96 standard errors of the mean, Wilson for 0/1 KPIs, paired for differences") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: hw"));
  const OutcomeTable table = test::run(model, 200, 2);
  std::vector<double> stores(200), scratch;
  std::size_t reached = 0;
  for (std::size_t i = 0; i < 200; ++i) {
    stores[i] = table.kpi(i, Kpi::stores_end);
    reached += table.kpi(i, Kpi::target_by_deadline) == 1 ? 1 : 0;
  }
  CHECK(half_width(table, Kpi::stores_end) ==
        doctest::Approx(1.959963984540054 * summarize(stores, {}, false, scratch).se));
  const Proportion p = wilson(reached, 200);
  CHECK(half_width(table, Kpi::target_by_deadline) == doctest::Approx((p.hi - p.lo) / 2));
  CHECK(paired_half_width(table, table, Kpi::stores_end) == 0);
}

TEST_CASE(
    "a run to a precision stops at the same point, with the same results, at 1 and 2 threads") {
  const auto dir = std::filesystem::temp_directory_path() / "rollout-test-precision";
  std::filesystem::remove_all(dir);
  for (const std::string threads : {"1", "2"}) {
    const std::string arguments =
        "run tests/data/valid/every-distribution.yaml -q --precision stores_end=0.2 "
        "--max-replications 20000 -j " +
        threads + " --out '" + (dir / threads).string() + "'";
    CHECK(test::run_cli(arguments).status == 0);
  }
  const std::string one = read(dir / "1" / "replications.csv"),
                    two = read(dir / "2" / "replications.csv");
  CHECK(!one.empty());
  CHECK(one == two);
  const std::string summary = read(dir / "1" / "summary.json");
  CHECK(summary.find("\"reached\": true") != std::string::npos);
  // Half-width 0.2 needs a second block here (one block reaches 0.22): 2,000 rows plus the header.
  CHECK(std::count(one.begin(), one.end(), '\n') == 2001);
  std::filesystem::remove_all(dir);
}
