#pragma once
// Helpers shared by the engine tests: scenarios as small overlays on shipped files, and
// runs that watch each month through a MonthObserver.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/replication.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/model/model.hpp"
#include "rollout/run/runner.hpp"

namespace test {

inline std::string source(const std::string& relative) {
  return (std::filesystem::path(ROLLOUT_SOURCE_DIR) / relative).string();
}

// The scenario `base` (relative to the source tree) with `overlay` YAML laid over it.
inline rollout::Scenario variant(const std::string& base, const std::string& overlay) {
  return rollout::load_scenario_text("extends: " + source(base) + "\n" + overlay,
                                     source("tests/data/overlay.yaml"));
}

inline rollout::OutcomeTable run(const rollout::Model& model, std::size_t replications,
                                 unsigned threads = 1) {
  rollout::RunSettings settings;
  settings.replications = replications;
  settings.threads = threads;
  return rollout::run_replications(model, settings);
}

// Runs replication `index` alone, calling `watch(view)` every month.
template <class Watch>
void watch_replication(const rollout::Model& model, std::size_t index, Watch watch) {
  rollout::Replication replication(model);
  rollout::OutcomeTable table(model, 1);
  const rollout::MonthObserver observer = [&](const rollout::MonthView& view) { watch(view); };
  replication.run(index, table.row(0), &observer);
}

struct Moments {
  double mean = 0, variance = 0;
};
inline Moments moments(const std::vector<double>& x) {
  Moments m;
  for (double v : x)
    m.mean += v;
  m.mean /= static_cast<double>(x.size());
  for (double v : x)
    m.variance += (v - m.mean) * (v - m.mean);
  m.variance /= static_cast<double>(x.size() - 1);
  return m;
}

inline double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const Moments mx = moments(x), my = moments(y);
  double c = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    c += (x[i] - mx.mean) * (y[i] - my.mean);
  return c / static_cast<double>(x.size() - 1) / std::sqrt(mx.variance * my.variance);
}

}  // namespace test
