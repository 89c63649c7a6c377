#pragma once

#include <string>

#include "rollout/scenario/scenario.hpp"

namespace rollout {

// The fully resolved scenario (after `extends` and defaults) as YAML, every key spelled
// out and regions inline. Loading this text gives the same scenario back.
std::string to_yaml(const Scenario& scenario);

}  // namespace rollout
