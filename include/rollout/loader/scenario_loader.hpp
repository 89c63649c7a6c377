#pragma once
// Loading a scenario file: YAML, `extends` chains, defaults and every validation check.

#include <string>

#include "rollout/scenario/scenario.hpp"

namespace rollout {

// Loads and validates `path`. Throws InputError listing every problem found, each as
// `FILE:LINE:COL: key.path: message`; never returns a half-valid scenario.
Scenario load_scenario(const std::string& path);

// As load_scenario, from text; `file` names it in messages and anchors relative paths.
Scenario load_scenario_text(const std::string& yaml, const std::string& file);

}  // namespace rollout
