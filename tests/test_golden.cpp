// Golden files: the outputs of tests/regression/small.yaml (200 replications) must match
// tests/regression/golden/ byte for byte. After an intended change to the model or the
// output format, regenerate them and review the diff before committing:
//
//   ROLLOUT_UPDATE_GOLDEN=1 build/test/tests/rollout_tests -tc="golden*"
//
// summary.json is written with wall_seconds 0, threads 1, processes 1 and version "golden", the
// only fields that legitimately vary between runs.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine_helpers.hpp"
#include "rollout/common/sha256.hpp"
#include "rollout/loader/scenario_writer.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/results/summary.hpp"

using namespace rollout;

TEST_CASE("golden files: the small scenario's outputs are unchanged") {
  const std::filesystem::path golden = test::source("tests/regression/golden");
  Scenario scenario = load_scenario(test::source("tests/regression/small.yaml"));
  RunInfo info;
  info.scenario = scenario.name;
  info.scenario_sha256 = sha256_hex(to_yaml(scenario));
  info.seed = scenario.simulation.seed;
  info.replications = static_cast<std::size_t>(scenario.simulation.replications);
  info.version = "golden";
  const Model model(std::move(scenario));
  const OutcomeTable table = test::run(model, info.replications, 2);
  info.series_replications = table.series_replications();
  const std::vector<std::pair<std::string, std::string>> files{
      {"summary.json", summary_json(model, summarize_kpis(model, table), info)},
      {"series.csv", series_csv(model, table)},
      {"replications.csv", replications_csv(model, table)},
      {"regions.csv", regions_csv(model, table)},
      {"region_series.csv", region_series_csv(model, table)}};
  if (std::getenv("ROLLOUT_UPDATE_GOLDEN") != nullptr) {
    write_files_atomically(golden, files);
    MESSAGE("golden files rewritten in " << golden.string());
  }
  for (const auto& entry : files) {
    const auto& name = std::get<0>(entry);
    const auto& text = std::get<1>(entry);
    CAPTURE(name);
    std::ifstream in(golden / name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << (golden / name).string());
    std::ostringstream expected;
    expected << in.rdbuf();
    CHECK(text == expected.str());
  }
}
