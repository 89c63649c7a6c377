#include "rollout/analysis/optimize.hpp"

#include "analysis/candidate_evaluator.hpp"
#include "analysis/plan_search.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "rollout/common/error.hpp"
#include "rollout/common/statistics.hpp"
#include "rollout/results/number_format.hpp"
#include "rollout/run/runner.hpp"

namespace rollout {
namespace {

constexpr double kZ95 = 1.959963984540054;
// Choices making more plans than this are searched, not enumerated (each plan is a run).
constexpr std::size_t kMaxEnumerated = 1000;

bool holds(const KpiStatistic& s, double value) {
  if (std::isnan(value)) return false;  // a target never reached meets no condition
  switch (s.comparison) {
    case KpiStatistic::Comparison::none:
      return value == 1;
    case KpiStatistic::Comparison::greater:
      return value > s.threshold;
    case KpiStatistic::Comparison::greater_equal:
      return value >= s.threshold;
    case KpiStatistic::Comparison::less:
      return value < s.threshold;
    case KpiStatistic::Comparison::less_equal:
      return value <= s.threshold;
  }
  return false;
}

}  // namespace

Estimate estimate(const KpiStatistic& statistic, const OutcomeTable& table) {
  const std::size_t n = table.replications();
  Estimate e;
  if (n == 0) return e;
  const bool proportion =
      statistic.kind == KpiStatistic::Kind::probability ||
      (statistic.kind == KpiStatistic::Kind::mean && info(statistic.kpi).binary());
  if (proportion) {
    std::size_t yes = 0;
    for (std::size_t i = 0; i < n; ++i)
      yes += holds(statistic, table.kpi(i, statistic.kpi)) ? 1 : 0;
    const Proportion p = wilson(yes, n);
    return {p.proportion, p.lo, p.hi};
  }
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = table.kpi(i, statistic.kpi);
    if (!std::isnan(v)) values.push_back(v);
  }
  const std::size_t m = values.size();
  if (m == 0) return e;
  if (statistic.kind == KpiStatistic::Kind::mean) {
    double sum = 0;  // in replication order, so any thread count gives the same bits
    for (double v : values)
      sum += v;
    e.value = sum / static_cast<double>(m);
    if (m < 2) return e;
    double squares = 0;
    for (double v : values)
      squares += (v - e.value) * (v - e.value);
    const double se = std::sqrt(squares / static_cast<double>(m - 1) / static_cast<double>(m));
    e.lo = e.value - kZ95 * se;
    e.hi = e.value + kZ95 * se;
    return e;
  }
  std::sort(values.begin(), values.end());
  const double q = statistic.level / 100;
  e.value = percentile_sorted(values, statistic.level);
  // The order statistics whose ranks bracket m q by 1.96 binomial standard deviations: a
  // distribution-free 95% interval for the quantile (normal approximation to the binomial).
  const double centre = static_cast<double>(m) * q;
  const double spread = kZ95 * std::sqrt(static_cast<double>(m) * q * (1 - q));
  const auto rank = [&](double r) {
    return static_cast<std::size_t>(std::clamp(r, 1.0, static_cast<double>(m))) - 1;
  };
  e.lo = values[rank(std::floor(centre - spread))];
  e.hi = values[rank(std::ceil(centre + spread))];
  return e;
}

bool constraints_decided(const OptimizationProblem& problem, const CandidateResult& r) {
  const std::size_t first_constraint = r.statistics.size() - problem.constraints.size();
  for (std::size_t c = 0; c < problem.constraints.size(); ++c) {
    if (!r.statistics[first_constraint + c].decides(problem.constraints[c].bound)) return false;
  }
  return true;
}

std::string statistic_text(const KpiStatistic& statistic, double value) {
  if (std::isnan(value)) return "n/a";
  return statistic.is_probability() ? fmt::format("{:.1f}%", 100 * value)
                                    : format_kpi_value(statistic.kpi, value);
}

std::string estimate_text(const KpiStatistic& statistic, const Estimate& estimate) {
  if (std::isnan(estimate.lo)) return statistic_text(statistic, estimate.value);
  return fmt::format("{} [{}, {}]", statistic_text(statistic, estimate.value),
                     statistic_text(statistic, estimate.lo),
                     statistic_text(statistic, estimate.hi));
}

OptimizeSettings optimize_settings(const OptimizationProblem& problem,
                                   std::optional<std::uint64_t> seed,
                                   std::optional<std::size_t> replications) {
  OptimizeSettings s;
  s.seed = seed.value_or(problem.base.simulation.seed);
  s.replications = replications.value_or(problem.replications.value_or(
      static_cast<std::size_t>(problem.base.simulation.replications)));
  s.max_replications = std::max(s.replications, problem.max_replications.value_or(s.replications));
  s.reevaluation_seed = problem.reevaluation_seed.value_or(s.seed + 1);
  s.reevaluation_replications = problem.reevaluation_replications.value_or(5 * s.replications);
  return s;
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The goal seek (docs/optimize.md, "Methods"): one variable, minimised (maximised), under
// constraints that hold from a threshold of the variable on (up to it). Bisection then finds
// the threshold with about log2(range / step) candidates, each decided on the same futures;
// a general search would spend hundreds of candidates on a one-dimensional monotone question.
void goal_seek(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
               OptimizationResult& result) {
  const DecisionVariable& v = problem.variables.front();
  const bool minimize = problem.objective().minimize;
  const double step = problem.tolerance > 0 ? problem.tolerance
                      : v.integer           ? 1
                                            : (v.max - v.min) / 1000;
  result.method = fmt::format(
      "goal seek: bisection on {} for the {} value meeting every constraint, assuming they hold "
      "{} a threshold (to within {})",
      v.path, minimize ? "smallest" : "largest", minimize ? "above" : "below",
      fmt::format("{:.6g}", step));
  auto feasible_at = [&](double x) {
    const std::vector<double> values{x};
    const std::size_t index = result.candidates.size();
    result.candidates.push_back(evaluator.evaluate(values, index));
    return result.candidates.back().feasible ? std::optional<std::size_t>(index) : std::nullopt;
  };
  // `good` is the end where the constraints are easiest (the largest value when minimising).
  double good = minimize ? v.max : v.min, bad = minimize ? v.min : v.max;
  std::optional<std::size_t> best = feasible_at(good);
  if (!best) return;  // nothing in the range meets the constraints
  if (auto at_bad = feasible_at(bad)) {
    result.chosen = at_bad;
    return;
  }
  while (std::abs(good - bad) > step) {
    double mid = bad + (good - bad) / 2;
    if (v.integer) mid = std::floor(bad + (good - bad) / 2);
    if (v.integer && (mid == bad || mid == good)) break;
    if (auto at_mid = feasible_at(mid)) {
      good = mid;
      best = at_mid;
    } else {
      bad = mid;
    }
  }
  result.chosen = best;
}

// How many plans the choice variables make, up to kMaxEnumerated + 1.
std::size_t combinations(const OptimizationProblem& problem) {
  std::size_t plans = 1;
  for (const DecisionVariable& v : problem.variables)
    plans = std::min(plans * v.choices.size(), kMaxEnumerated + 1);
  return plans;
}

// Every combination of the choice variables (the first varying slowest, as a sweep's grid),
// each on the same futures: with a few dozen plans an exhaustive search is exact on those
// futures, where a stochastic search would only sample them.
void enumerate(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
               OptimizationResult& result) {
  const std::size_t plans = combinations(problem);
  result.method =
      fmt::format("every combination of the choices ({} plans), on the same futures", plans);
  for (std::size_t c = 0; c < plans; ++c) {
    std::vector<double> values(problem.variables.size());
    std::size_t rest = c;
    for (std::size_t i = problem.variables.size(); i-- > 0;) {
      values[i] = static_cast<double>(rest % problem.variables[i].choices.size());
      rest /= problem.variables[i].choices.size();
    }
    result.candidates.push_back(evaluator.evaluate(values, c));
  }
  if (problem.objectives.size() == 1) {
    result.chosen = best_feasible(problem, result.candidates);
  } else {
    result.front = pareto_front(problem, result.candidates);
  }
}

}  // namespace

OptimizationResult optimize(const OptimizationProblem& problem, const OptimizeSettings& settings,
                            const RunRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const bool all_choices = std::all_of(problem.variables.begin(), problem.variables.end(),
                                       [](const DecisionVariable& v) { return v.is_choice(); });
  const bool seek = problem.variables.size() == 1 && problem.objectives.size() == 1 &&
                    problem.objective().variable && !problem.constraints.empty();
  const bool statistics_only =
      std::all_of(problem.objectives.begin(), problem.objectives.end(),
                  [](const ObjectiveSpec& o) { return o.statistic.has_value(); });
  OptimizationResult result;
  result.settings = settings;
  const CandidateEvaluator search(problem, request, settings.seed, settings.replications,
                                  settings.max_replications);
  if (seek) {
    goal_seek(problem, search, result);
  } else if (all_choices && statistics_only && combinations(problem) <= kMaxEnumerated) {
    enumerate(problem, search, result);
  } else {
    general_search(problem, search, settings.seed, result);
  }

  // Fresh futures for the chosen and the base plans (no winner's curse: the search picked the
  // chosen plan partly for its luck on the search's futures).
  const CandidateEvaluator again(problem, request, settings.reevaluation_seed,
                                 settings.reevaluation_replications,
                                 settings.reevaluation_replications);
  if (result.chosen) {
    const std::vector<double>& values = result.candidates[*result.chosen].values;
    result.chosen_again =
        again.evaluate(problem.candidate(values), values, "re-evaluating the chosen plan");
  }
  for (std::size_t member : result.front) {
    const std::vector<double>& values = result.candidates[member].values;
    result.front_again.push_back(again.evaluate(problem.candidate(values), values,
                                                fmt::format("re-evaluating plan {}", member + 1)));
  }
  std::vector<double> base_values;
  for (const DecisionVariable& v : problem.variables)
    base_values.push_back(v.base);
  result.base_again = again.evaluate(problem.base, base_values, "re-evaluating the base plan");
  if (request.stop != nullptr && request.stop->load() != 0) throw Interrupted(request.stop->load());
  result.wall_seconds = seconds_since(start);
  return result;
}

}  // namespace rollout
