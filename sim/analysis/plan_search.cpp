#include "analysis/plan_search.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "analysis/evolution.hpp"

namespace rollout {
namespace {

// A violated constraint whose statistic is missing (no replication has the KPI) counts as
// violated by this much, more than any statistic's own scale.
constexpr double kMissingViolation = 1e30;

// What pagmo's problem calls: the candidates evaluated so far, by their values, so that a
// point the colony visits again costs nothing (it would run the same futures again).
class SearchContext {
 public:
  SearchContext(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
                OptimizationResult& result)
      : problem_(problem), evaluator_(evaluator), result_(result) {
    // pagmo wants the integer variables last: continuous ranges first, then integer ranges
    // and choices (a choice is the index of its value).
    for (std::size_t i = 0; i < problem.variables.size(); ++i)
      if (!is_integer(i)) order_.push_back(i);
    for (std::size_t i = 0; i < problem.variables.size(); ++i)
      if (is_integer(i)) order_.push_back(i);
  }

  bool is_integer(std::size_t i) const {
    return problem_.variables[i].integer || problem_.variables[i].is_choice();
  }
  std::size_t integers() const {
    return static_cast<std::size_t>(
        std::count_if(order_.begin(), order_.end(), [&](std::size_t i) { return is_integer(i); }));
  }

  std::pair<std::vector<double>, std::vector<double>> bounds() const {
    std::vector<double> lo, hi;
    for (std::size_t i : order_) {
      const DecisionVariable& v = problem_.variables[i];
      lo.push_back(v.is_choice() ? 0 : v.min);
      hi.push_back(v.is_choice() ? static_cast<double>(v.choices.size() - 1) : v.max);
    }
    return {lo, hi};
  }

  // The base plan in pagmo's order, so that the colony starts from what the scenario does (a
  // value outside its range moved to the nearest end); a regional share the base does not fix
  // is its demand weight (what `allocation: demand` splits by). None when a variable has no
  // base value.
  std::optional<std::vector<double>> base_point() const {
    const Scenario& base = problem_.base;
    const std::vector<double> demand =
        demand_weights(base.regions, mean(base.market.demand_weight_exponent.distribution));
    std::vector<double> x;
    for (std::size_t i : order_) {
      const DecisionVariable& v = problem_.variables[i];
      double value = v.base;
      if (std::isnan(value) && v.is_share()) value = demand[base.region_index(v.share_of)];
      if (std::isnan(value)) return std::nullopt;
      if (!v.is_choice()) value = std::clamp(value, v.min, v.max);  // a base outside the range
      x.push_back(value);
    }
    return x;
  }

  // A plan around `base` (pagmo's order): a range moved by a tenth of its width (one standard
  // deviation), a regional share scaled by up to about 1.6 either way, a choice changed with
  // probability 0.3.
  std::vector<double> near(const std::vector<double>& base,
                           boost::random::mt19937_64& engine) const {
    boost::random::normal_distribution<double> normal;
    boost::random::uniform_01<double> uniform;
    std::vector<double> x = base;
    for (std::size_t k = 0; k < order_.size(); ++k) {
      const DecisionVariable& v = problem_.variables[order_[k]];
      if (v.is_choice()) {
        if (uniform(engine) < 0.3)
          x[k] = std::floor(uniform(engine) * static_cast<double>(v.choices.size()));
        x[k] = std::min(x[k], static_cast<double>(v.choices.size() - 1));
      } else if (v.is_share()) {
        x[k] = std::clamp(base[k] * std::exp(0.5 * normal(engine)), 0.0, 1.0);
      } else {
        x[k] = std::clamp(base[k] + 0.1 * (v.max - v.min) * normal(engine), v.min, v.max);
        if (v.integer) x[k] = std::round(x[k]);
      }
    }
    return x;
  }

  std::vector<double> fitness(const std::vector<double>& x) const {
    std::vector<double> raw(problem_.variables.size());
    for (std::size_t k = 0; k < order_.size(); ++k)
      raw[order_[k]] = is_integer(order_[k]) ? std::round(x[k]) : x[k];
    const std::vector<double> values = problem_.normalised(raw);
    auto known = seen_.find(values);
    if (known == seen_.end()) {
      result_.candidates.push_back(evaluator_.evaluate(values, result_.candidates.size()));
      known = seen_.emplace(values, result_.candidates.size() - 1).first;
    }
    const CandidateResult& r = result_.candidates[known->second];
    // pagmo minimises, and a constraint holds when its value is <= 0.
    std::vector<double> f;
    for (std::size_t k = 0; k < problem_.objectives.size(); ++k) {
      const double sign = problem_.objectives[k].minimize ? 1 : -1;
      f.push_back(std::isnan(r.objectives[k]) ? kMissingViolation : sign * r.objectives[k]);
    }
    const std::size_t first = r.statistics.size() - problem_.constraints.size();
    for (std::size_t c = 0; c < problem_.constraints.size(); ++c) {
      const ConstraintSpec& constraint = problem_.constraints[c];
      const double value = r.statistics[first + c].value;
      f.push_back(std::isnan(value)     ? kMissingViolation
                  : constraint.at_least ? constraint.bound - value
                                        : value - constraint.bound);
    }
    return f;
  }

 private:
  const OptimizationProblem& problem_;
  const CandidateEvaluator& evaluator_;
  OptimizationResult& result_;
  std::vector<std::size_t> order_;  // pagmo's variable k is the problem's order_[k]
  mutable std::map<std::vector<double>, std::size_t> seen_;
};

}  // namespace

void general_search(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
                    std::uint64_t seed, OptimizationResult& result) {
  const SearchContext context(problem, evaluator, result);
  const bool several = problem.objectives.size() > 1;
  EvolutionRequest request;
  request.fitness = [&context](const std::vector<double>& x) { return context.fitness(x); };
  std::tie(request.lower, request.upper) = context.bounds();
  request.objectives = problem.objectives.size();
  request.constraints = problem.constraints.size();
  request.integers = context.integers();
  // NSGA-II pairs its parents four at a time: its population is a multiple of 4.
  request.population_size = static_cast<unsigned>(problem.population);
  if (several) request.population_size = std::max(8u, (request.population_size + 3) / 4 * 4);
  request.generations = static_cast<unsigned>(problem.generations);
  // pagmo's seeds are 32 bits: the search's seed folded, so it is a pure function of it.
  request.seed = static_cast<unsigned>(seed ^ (seed >> 32));
  result.method = fmt::format(
      "general search: pagmo2's {}, {} plans a generation for {} generations, on the same "
      "futures",
      several ? "NSGA-II (a Pareto front of the objectives)" : "extended ant colony (gaco)",
      request.population_size, request.generations);
  // The first generation: the base plan and plans around it, when the base has a value for
  // every variable; otherwise pagmo's uniform draws over the bounds. Uniform draws of a
  // regional split land far from any sensible one (on the default scenario at 954 openings a
  // month, none of 219 met the 80% chance of the target), so the search starts where the
  // scenario is and moves from there.
  // A front spans the objectives' whole trade-off, so with several objectives the rest of the
  // first generation is drawn over the whole bounds.
  if (const std::optional<std::vector<double>> base = context.base_point()) {
    request.first_plans.push_back(*base);
    boost::random::mt19937_64 engine(seed);
    for (unsigned k = 1; !several && k < request.population_size; ++k)
      request.first_plans.push_back(context.near(*base, engine));
  }
  evolve_with_pagmo(request);
  if (several) {
    result.front = pareto_front(problem, result.candidates);
    return;
  }
  // Every plan evaluated is on record: the best feasible one, whether or not the colony's
  // final population still holds it.
  result.chosen = best_feasible(problem, result.candidates);
}

}  // namespace rollout
