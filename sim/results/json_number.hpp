#pragma once
// JSON has no NaN or infinity: a missing or undefined number is written as null.

#include <cmath>
#include <nlohmann/json.hpp>

namespace rollout {

inline nlohmann::ordered_json json_number(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

}  // namespace rollout
