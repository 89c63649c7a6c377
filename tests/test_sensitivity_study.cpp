// The sensitivity study and the sensitivity and discover commands on the small scenario:
// what they rank first, common random numbers, thread independence, and the files.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "rollout/analysis/sensitivity_outputs.hpp"
#include "rollout/analysis/sensitivity_study.hpp"

using namespace rollout;
namespace fs = std::filesystem;

namespace {

SensitivityOptions small_study(unsigned threads) {
  SensitivityOptions o;
  o.kpis = {Kpi::stores_end, Kpi::target_month, Kpi::market_share_end};
  o.tornado_replications = 200;
  o.sobol_rows = 60;
  o.bootstrap = 100;
  o.threads = threads;
  return o;
}

}  // namespace

TEST_CASE("sensitivity: execution ranks first for stores, identically at 1 and 2 threads") {
  const Model model(test::variant("tests/regression/small.yaml", "name: small"));
  const OutcomeTable ordinary = test::run(model, 400);
  const SensitivityResult one = study_sensitivity(model, ordinary, small_study(1));
  const SensitivityResult two = study_sensitivity(model, ordinary, small_study(2));
  CHECK(sensitivity_csv(one) == sensitivity_csv(two));
  CHECK(sensitivity_json(model, one) == sensitivity_json(model, two));
  // sensitivity.json reads back as written (tornado, Sobol' indices and the intrinsic factor).
  const std::string json = sensitivity_json(model, one);
  const SensitivityFile read = parse_sensitivity_file(json, "sensitivity.json");
  CHECK(sensitivity_file_text(read) == json);
  REQUIRE(read.kpis.size() == 3);
  CHECK(read.kpis[0].second.inputs.at(0).tornado.has_value());
  CHECK(read.kpis[0].second.intrinsic_sobol.has_value());

  const KpiSensitivity& stores = one.kpis[0];
  const InputSensitivity& top = stores.inputs[stores.ranking()[0]];
  CHECK(top.input == "plan.execution_rate");
  CHECK(top.spearman > 0.3);
  CHECK(top.srrc > 0.3);
  REQUIRE(top.tornado);
  CHECK(top.tornado->swing_mean() > 0);
  CHECK(top.tornado->input_low < top.tornado->input_high);
  REQUIRE(top.sobol);
  CHECK(top.sobol->total > 0.2);
  CHECK(stores.intrinsic);
  // Common random numbers: the tornado's base is replications 0..199 of the ordinary run.
  double mean = 0;
  for (std::size_t i = 0; i < 200; ++i)
    mean += ordinary.kpi(i, Kpi::stores_end) / 200;
  CHECK(stores.base_mean == doctest::Approx(mean).epsilon(1e-12));
  // target_month is missing in some replications: no Sobol' indices, and a note says why.
  CHECK_FALSE(one.kpis[1].intrinsic);
  CHECK(one.kpis[1].note.find("Sobol' indices need a value in every replication") !=
        std::string::npos);
  // small.yaml has 11 uncertain inputs (its economics block's margin the last).
  REQUIRE(model.uncertain_inputs().size() == 11);
  CHECK(one.model_runs == 200 * (2 * 11 + 1) + 60 * (11 + 3));
}

TEST_CASE("sensitivity.csv has a full row per KPI and input, intrinsic last") {
  const Model model(test::variant("tests/regression/small.yaml", "name: small"));
  const SensitivityResult r = study_sensitivity(model, test::run(model, 100), small_study(2));
  std::istringstream csv(sensitivity_csv(r));
  std::string line;
  std::getline(csv, line);
  const auto fields = [](const std::string& l) { return std::count(l.begin(), l.end(), ',') + 1; };
  const auto header_fields = fields(line);
  CHECK(header_fields == 20);
  std::size_t rows = 0, intrinsic = 0;
  while (std::getline(csv, line)) {
    CHECK(fields(line) == header_fields);
    ++rows;
    intrinsic += line.find("(intrinsic)") != std::string::npos;
  }
  CHECK(rows == 3 * 11 + 2);  // 11 inputs; target_month has no intrinsic row
  CHECK(intrinsic == 2);
}

TEST_CASE("sensitivity refuses what it cannot do, before running") {
  const Model correlated(test::variant("tests/regression/small.yaml", R"(
correlations:
  - {between: [plan.execution_rate, effects.store_elasticity], spearman: 0.5}
)"));
  SensitivityOptions o = small_study(1);
  CHECK_THROWS_WITH_AS(check_sensitivity_options(correlated, o),
                       doctest::Contains("Sobol' indices assume independent inputs"), InputError);
  o.sobol_rows = 0;
  CHECK_NOTHROW(check_sensitivity_options(correlated, o));
  o.tornado_low = 0.9;
  CHECK_THROWS_AS(check_sensitivity_options(correlated, o), InputError);
  const Model fixed(test::variant("tests/data/valid/minimal.yaml", "name: fixed"));
  CHECK_THROWS_WITH_AS(check_sensitivity_options(fixed, small_study(1)),
                       doctest::Contains("has no uncertain input"), InputError);
}

TEST_CASE("rollout sensitivity and rollout discover write their files and exit 0") {
  const fs::path dir = fs::temp_directory_path() / "rollout-test-sensitivity";
  fs::remove_all(dir);
  const auto sensitivity = test::run_cli(
      "sensitivity tests/regression/small.yaml -n 200 --tornado-replications 50 "
      "--kpis stores_end,target_by_deadline -q -j 2 --report --out '" +
      (dir / "s").string() + "'");
  CHECK(sensitivity.status == 0);
  CHECK(sensitivity.out.find("plan.execution_rate") != std::string::npos);
  for (const char* file :
       {"sensitivity.json", "sensitivity.csv", "summary.json", "replications.csv"})
    CHECK(fs::exists(dir / "s" / file));
  const auto doc = nlohmann::json::parse(test::read_file(dir / "s" / "sensitivity.json"));
  CHECK(doc["kpis"]["stores_end"]["inputs"][0]["rank"] == 1);
  CHECK(doc["run"]["tornado_replications"] == 50);
  // Each tornado shades its KPI's own P5-P95, the scale a swing is read against.
  const std::string html = test::read_file(dir / "s" / "report.html");
  CHECK(html.find("data-chart=\"tornado-stores_end\"") != std::string::npos);
  const auto stores = html.find("data-chart=\"tornado-stores_end\"");
  CHECK(html.find("class=\"outcome-range\"", stores) < html.find("</figure>", stores));

  const auto discover = test::run_cli(
      "discover tests/regression/small.yaml -n 500 --when 'stores_end < 370' -q --out '" +
      (dir / "d").string() + "'");
  CHECK(discover.status == 0);
  CHECK(discover.out.find("meet stores_end < 370") != std::string::npos);
  const auto found = nlohmann::json::parse(test::read_file(dir / "d" / "discover.json"));
  CHECK(found["trajectory"][0]["coverage"] == 1.0);
  CHECK(found["trajectory"].size() > 1);
  fs::remove_all(dir);
}

TEST_CASE("discover and sensitivity: bad requests exit 2 with a clear message") {
  struct Case {
    std::string arguments, message;
  };
  const std::vector<Case> cases{
      {"discover tests/regression/small.yaml -n 50 --when 'stores < 3'",
       "--when is 'stores < 3', but 'stores' is not a KPI"},
      {"discover tests/regression/small.yaml -n 50 --when 'stores_end > 1e9'",
       "no replication meets the condition"},
      {"discover tests/regression/small.yaml -n 200 --when 'stores_end < 370' --box 9999",
       "--box is 9999, but the trajectory has boxes 0 to"},
      {"sensitivity tests/regression/small.yaml -n 50 --kpis stores", "--kpis names 'stores'"},
      {"run tests/data/valid/small-lhs.yaml --precision stores_end=0.001 "
       "--max-replications 3000 --out /tmp/rollout-never",
       "cannot grow block by block"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.arguments);
    const auto result = test::run_cli(c.arguments);
    CHECK(result.status == 2);
    CHECK(result.out.find(c.message) != std::string::npos);
  }
}
