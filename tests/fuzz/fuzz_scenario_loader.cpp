// libFuzzer target: any bytes given to the scenario loader and validator must end in a
// scenario or an InputError; any other exception, crash, sanitizer report or hang is a
// bug. Build and run with scripts/fuzz.sh; every input it ever finds to fail is kept in
// tests/data/fuzz-regressions/ and replayed by the ordinary test suite.

#include <cstddef>
#include <cstdint>
#include <string>

#include "rollout/common/error.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/loader/scenario_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // Relative `extends` and region files resolve against the working directory.
    const rollout::Scenario scenario = rollout::load_scenario_text(text, "fuzz-input.yaml");
    // A scenario that loads must also print and load back.
    rollout::load_scenario_text(rollout::to_yaml(scenario), "fuzz-input.yaml");
  } catch (const rollout::InputError&) {
    // The expected outcome for almost every input.
  }
  return 0;
}
