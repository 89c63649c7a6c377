#pragma once
// sensitivity.json and sensitivity.csv (docs/outputs.md#sensitivity).

#include <string>

#include "rollout/analysis/sensitivity_study.hpp"
#include "rollout/model/model.hpp"

namespace rollout {

std::string sensitivity_json(const Model& model, const SensitivityResult& result);
// One row per KPI and input, ranked within each KPI; the intrinsic factor last.
std::string sensitivity_csv(const SensitivityResult& result);

}  // namespace rollout
