// librollout_pagmo.so: the general search's evolution by pagmo2 (analysis/evolution.hpp), built
// as a module that the program loads only for a general search (docs/design.md).

#include <pagmo/algorithms/gaco.hpp>
#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/problems/unconstrain.hpp>
#include <string>

#include "analysis/evolution.hpp"

namespace {

using rollout::EvolutionRequest;

// pagmo's user-defined problem: a handle on the request (pagmo copies its problems).
struct RequestProblem {
  const EvolutionRequest* request = nullptr;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const { return request->fitness(x); }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    return {request->lower, request->upper};
  }
  pagmo::vector_double::size_type get_nobj() const { return request->objectives; }
  pagmo::vector_double::size_type get_nic() const { return request->constraints; }
  pagmo::vector_double::size_type get_nix() const { return request->integers; }
  std::string get_name() const { return "rollout plan"; }
};

}  // namespace

extern "C" void rollout_pagmo_evolve(const EvolutionRequest& request) {
  const bool several = request.objectives > 1;
  const pagmo::problem udp(RequestProblem{&request});
  // NSGA-II takes no constraints: a plan that misses one is penalised on every objective
  // (pagmo's death penalty), so it never joins the front while a feasible plan exists.
  const pagmo::problem searched = several && request.constraints > 0
                                      ? pagmo::problem(pagmo::unconstrain(udp, "death penalty"))
                                      : udp;
  const unsigned size = request.population_size;
  pagmo::population population(searched, request.first_plans.empty() ? size : 0u, request.seed);
  for (const std::vector<double>& plan : request.first_plans)
    population.push_back(plan);
  for (std::size_t k = request.first_plans.size(); k > 0 && k < size; ++k)
    population.push_back(population.random_decision_vector());
  if (several) {
    // Mutation: one variable a child on average (the usual 1 / n).
    const double mutation = 1.0 / static_cast<double>(request.lower.size());
    const pagmo::algorithm genetic(
        pagmo::nsga2(request.generations, 0.95, 10., mutation, 50., request.seed + 1));
    genetic.evolve(population);
    return;
  }
  // The archive of good solutions (ker) is the whole population: it is small, and each of its
  // members cost a simulation. The threshold at the last generation keeps the colony from
  // focusing on its best plan early (pagmo's default of 1 does so from the first), which on
  // a small test problem left it short of the optimum.
  const pagmo::algorithm colony(pagmo::gaco(request.generations, size, 1.0, 0., 0.01,
                                            request.generations, 7u, 100000u, 100000u, 0., false,
                                            request.seed + 1));
  colony.evolve(population);
}
