// Inputs that once crashed or hung the loader (found by scripts/fuzz.sh or by hand) must
// now end in a scenario or an InputError, quickly.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rollout/loader/scenario_loader.hpp"

TEST_CASE("every kept fuzzing input loads or fails with an InputError") {
  const auto dir = std::filesystem::path(ROLLOUT_SOURCE_DIR) / "tests/data/fuzz-regressions";
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    CAPTURE(entry.path().filename().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    try {
      rollout::load_scenario_text(text.str(), "fuzz-input.yaml");
    } catch (const rollout::InputError&) {
    }
    ++count;
  }
  CHECK(count >= 1);
}
