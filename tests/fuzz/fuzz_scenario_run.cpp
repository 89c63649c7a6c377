// libFuzzer target: every scenario that loads (within small bounds, so that each input
// stays fast) must also run: model set-up, two replications, summaries and the text of
// every output file. Ending in an InputError is fine (a calibration the drawn inputs
// cannot meet, say); a crash, a sanitizer report, another exception or a hang is a bug.
// Build and run with scripts/fuzz.sh; findings go to tests/data/fuzz-regressions/.

#include <cstddef>
#include <cstdint>
#include <string>

#include "rollout/common/error.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/model/model.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/summary.hpp"
#include "rollout/run/runner.hpp"

namespace {

// Bounds that keep one input under a second; the loader's own bounds are far larger.
bool small_enough(const rollout::Scenario& s) {
  return s.months <= 60 && s.regions.size() <= 40 && s.brands.size() <= 12 &&
         s.plan.formats.size() <= 30;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    rollout::Scenario scenario = rollout::load_scenario_text(text, "fuzz-input.yaml");
    if (!small_enough(scenario)) return 0;
    const rollout::Model model(std::move(scenario));
    rollout::RunSettings settings;
    settings.replications = 2;
    const rollout::OutcomeTable table = rollout::run_replications(model, settings);
    const auto kpis = rollout::summarize_kpis(model, table);
    rollout::RunInfo run;
    run.replications = run.series_replications = table.replications();
    rollout::run_output_files(model, table, kpis, run);
  } catch (const rollout::InputError&) {
    // A scenario that does not load, or inputs that the model refuses.
  }
  return 0;
}
