#pragma once
// `rollout discover`: which region of the uncertain inputs leads to a condition on a KPI,
// found by PRIM (analysis/prim.hpp) over a run's replications, and its files
// discover.csv (docs/outputs.md; discover.json: analysis/discover_file.hpp).

#include <cstddef>
#include <string>
#include <vector>

#include "rollout/analysis/prim.hpp"
#include "rollout/model/model.hpp"

namespace rollout {

struct Discovery {
  Condition condition;
  std::vector<std::vector<double>> inputs;  // [input][replication]
  std::vector<char> of_interest;            // 1 where the replication meets the condition
  std::vector<PrimBox> trajectory;
  std::size_t chosen = 0;
};

// The densest box that still holds at least half of the cases of interest.
std::size_t default_box(const std::vector<PrimBox>& trajectory);

std::string discover_csv(const Model& model, const Discovery& d);

}  // namespace rollout
