// The run session (run/run_session.hpp): what the commands do with a scenario, without a
// terminal. Each run is compared with replications run directly, so the session adds
// orchestration and nothing to the numbers.

#include <doctest/doctest.h>

#include <atomic>

#include "engine_helpers.hpp"
#include "rollout/run/run_session.hpp"

using namespace rollout;

namespace {

bool same_kpis(const OutcomeTable& a, const OutcomeTable& b) {
  if (a.replications() != b.replications()) return false;
  for (std::size_t i = 0; i < a.replications(); ++i)
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const double x = a.kpi(i, static_cast<Kpi>(k));
      const double y = b.kpi(i, static_cast<Kpi>(k));
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    }
  return true;
}

}  // namespace

TEST_CASE("simulate runs the scenario's own count, the same as the replications themselves") {
  Scenario scenario = test::variant("tests/data/valid/minimal.yaml", "name: session");
  scenario.simulation.replications = 60;
  RunRequest request;
  request.threads = 2;
  std::size_t last_done = 0;
  request.on_progress = [&](const std::string& label, std::size_t done, std::size_t total) {
    CHECK(label == "session run");
    CHECK(total == 60);
    last_done = done;
  };
  const SimulatedRun run = simulate(scenario, request, "session run");
  CHECK(run.info.replications == 60);
  CHECK(run.info.scenario == "session");
  CHECK(run.info.scenario_sha256.size() == 64);
  CHECK(last_done == 60);
  CHECK_FALSE(run.info.precision.has_value());
  CHECK(same_kpis(*run.table, test::run(Model(scenario), 60, 1)));
}

TEST_CASE("to a precision the run grows in whole blocks and stops at the first within target") {
  // The regression scenario has uncertain inputs, so stores_end varies across replications.
  Scenario scenario = test::variant("tests/regression/small.yaml", "name: grow");
  RunRequest request;
  request.precision = PrecisionTarget{Kpi::stores_end, 0, 250, 50};  // never reached
  const SimulatedRun bound = simulate(scenario, request);
  CHECK(bound.info.replications == 250);
  REQUIRE(bound.info.precision.has_value());
  CHECK_FALSE(bound.info.precision->reached);
  CHECK(same_kpis(*bound.table, test::run(Model(scenario), 250, 1)));

  // A target just above what 100 replications achieve stops there, at a block boundary.
  const double at_100 = half_width(test::run(Model(scenario), 100, 1), Kpi::stores_end);
  const double at_50 = half_width(test::run(Model(scenario), 50, 1), Kpi::stores_end);
  REQUIRE(at_50 > at_100 * 1.001);  // otherwise the case would not tell 50 from 100
  request.precision = PrecisionTarget{Kpi::stores_end, at_100 * 1.0001, 250, 50};
  const SimulatedRun reached = simulate(scenario, request);
  CHECK(reached.info.replications == 100);
  CHECK(reached.info.precision->reached);
}

TEST_CASE("paired runs share seed and indices: identical plans give identical tables") {
  Scenario a = test::variant("tests/data/valid/minimal.yaml", "name: a");
  Scenario b = test::variant("tests/data/valid/minimal.yaml", "name: b\nsimulation: {seed: 99}");
  const std::vector<SimulatedRun> runs = simulate_paired({a, b}, 7, 40, RunRequest{});
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].info.seed == 7);
  CHECK(runs[1].info.seed == 7);  // the pair's seed, not b's own
  CHECK(same_kpis(*runs[0].table, *runs[1].table));
  CHECK(runs[0].info.wall_seconds == runs[1].info.wall_seconds);
  a.simulation.seed = 7;
  a.simulation.replications = 40;
  CHECK(same_kpis(*runs[0].table, test::run(Model(a), 40, 1)));
}

TEST_CASE("a raised stop flag ends a session with Interrupted") {
  Scenario scenario = test::variant("tests/data/valid/minimal.yaml", "name: stop");
  const std::atomic<int> signalled{15};
  RunRequest request;
  request.stop = &signalled;
  CHECK_THROWS_AS(simulate(scenario, request), Interrupted);
  CHECK_THROWS_AS(simulate_paired({scenario}, 1, 10, request), Interrupted);
}
