#pragma once
// The pagmo2 part of the general search (docs/optimize.md, "Methods"): evolving a population
// of plans. It lives in a module of its own, librollout_pagmo.so, loaded only when a general
// search runs: libpagmo fills its test problems' tables when it is loaded, which cost every
// command about 60 ms and 37 MB at start while it was linked into the program
// (docs/design.md, "pagmo2 in a module"). So this interface holds standard types only.

#include <cstddef>
#include <functional>
#include <vector>

namespace rollout {

struct EvolutionRequest {
  // Objectives to minimise, then inequality constraints (met where <= 0), of a point.
  std::function<std::vector<double>(const std::vector<double>&)> fitness;
  std::vector<double> lower, upper;  // bounds; the last `integers` variables are whole numbers
  std::size_t objectives = 1, constraints = 0, integers = 0;
  unsigned population_size = 0, generations = 0, seed = 0;
  // The first generation's first plans, in order; pagmo draws the rest uniformly over the
  // bounds. One objective: the extended ant colony (gaco); several: NSGA-II, with constraints
  // as a death penalty.
  std::vector<std::vector<double>> first_plans;
};

// The module's one entry point, looked up by this name.
inline constexpr const char* kEvolveSymbol = "rollout_pagmo_evolve";
using EvolveFunction = void (*)(const EvolutionRequest&);

// Loads the module (from the program's folder or the folder above it, where the tests and
// benchmarks sit one level down; it then stays loaded) and runs the evolution. Throws InternalError
// when the module cannot be loaded.
void evolve_with_pagmo(const EvolutionRequest& request);

}  // namespace rollout
