#pragma once
// The steps every running command shares: load a scenario with the command line's
// overrides, run it with progress on a terminal, summarise it.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "rollout/model.hpp"
#include "rollout/outcome.hpp"
#include "rollout/outputs.hpp"
#include "rollout/summary.hpp"

namespace rollout::cli {

struct RunOverrides {
  std::optional<std::size_t> replications;
  std::optional<std::uint64_t> seed;
  std::optional<unsigned> threads;
  bool quiet = false;
};

struct FinishedRun {
  std::unique_ptr<Model> model;
  std::optional<OutcomeTable> table;
  std::vector<KpiResult> kpis;
  RunInfo info;
};

// Loads `path` and applies the overrides to its simulation settings.
Scenario load_with_overrides(const std::string& path, const RunOverrides& overrides);

// Runs a loaded scenario; `label` prefixes the progress line on a terminal.
FinishedRun run_scenario(Scenario scenario, const RunOverrides& overrides, std::ostream& err,
                         const std::string& label = "");

}  // namespace rollout::cli
