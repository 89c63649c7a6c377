#include "rollout/analysis/optimize.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "rollout/common/error.hpp"
#include "rollout/common/statistics.hpp"
#include "rollout/run/runner.hpp"

namespace rollout {
namespace {

constexpr double kZ95 = 1.959963984540054;
// More plans than this in an exhaustive search is surely a mistake (each is a run).
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

// Runs candidate plans on the futures of one seed: replications 0 .. n-1, then n .. 2n-1
// while a constraint's interval holds its bound, up to the maximum.
class CandidateEvaluator {
 public:
  CandidateEvaluator(const OptimizationProblem& problem, const RunRequest& request,
                     std::uint64_t seed, std::size_t replications, std::size_t max_replications)
      : problem_(problem),
        request_(request),
        measured_(problem.measured()),
        seed_(seed),
        replications_(replications),
        max_replications_(max_replications) {}

  CandidateResult evaluate(Scenario scenario, std::vector<double> values,
                           const std::string& label) const {
    scenario.simulation.seed = seed_;
    scenario.simulation.replications = static_cast<std::int64_t>(replications_);
    if (max_replications_ > replications_ && scenario.simulation.sampling == Sampling::lhs) {
      throw InputError(fmt::format(
          "{} uses sampling: lhs, whose design is fixed by the replication count, so a "
          "candidate's replications cannot grow to max_replications; use sampling random or "
          "sobol, or leave max_replications out",
          scenario.name));
    }
    const Model model(std::move(scenario));
    check_memory(model, max_replications_, 1, 0);
    OutcomeTable table = run(model, 0, replications_, label);
    CandidateResult result = measure(std::move(values), table);
    while (!constraints_decided(problem_, result) && table.replications() < max_replications_) {
      const std::size_t more =
          std::min(table.replications(), max_replications_ - table.replications());
      table.append(run(model, table.replications(), more, label));
      result = measure(std::move(result.values), table);
    }
    return result;
  }

 private:
  OutcomeTable run(const Model& model, std::size_t first, std::size_t count,
                   const std::string& label) const {
    RunSettings settings;
    settings.replications = count;
    settings.first_replication = first;
    settings.threads = request_.threads;
    settings.group = request_.group;
    settings.stop = request_.stop;
    settings.series_below = 0;  // KPIs decide; series are not kept
    if (request_.on_progress) {
      settings.on_progress = [this, &label, first](std::size_t done, std::size_t total) {
        request_.on_progress(label, first + done, first + total);
      };
    }
    return run_replications(model, settings);
  }

  CandidateResult measure(std::vector<double> values, const OutcomeTable& table) const {
    CandidateResult r;
    r.values = std::move(values);
    r.seed = seed_;
    r.replications = table.replications();
    for (const KpiStatistic& s : measured_)
      r.statistics.push_back(estimate(s, table));
    const std::size_t first_constraint = r.statistics.size() - problem_.constraints.size();
    r.feasible = true;
    for (std::size_t c = 0; c < problem_.constraints.size(); ++c) {
      r.feasible = r.feasible &&
                   problem_.constraints[c].satisfied_by(r.statistics[first_constraint + c].value);
    }
    r.objective = problem_.objective.variable ? r.values[*problem_.objective.variable]
                                              : r.statistics.front().value;
    return r;
  }

  const OptimizationProblem& problem_;
  const RunRequest& request_;
  std::vector<KpiStatistic> measured_;
  std::uint64_t seed_;
  std::size_t replications_, max_replications_;
};

std::string candidate_label(const OptimizationProblem& problem, std::size_t index,
                            const std::vector<double>& values) {
  std::string text = fmt::format("candidate {}:", index + 1);
  for (std::size_t i = 0; i < values.size(); ++i)
    text += fmt::format(" {}", problem.value_text(i, values[i]));
  return text;
}

// The goal seek (docs/optimize.md, "Methods"): one variable, minimised (maximised), under
// constraints that hold from a threshold of the variable on (up to it). Bisection then finds
// the threshold with about log2(range / step) candidates, each decided on the same futures;
// a general search would spend hundreds of candidates on a one-dimensional monotone question.
void goal_seek(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
               OptimizationResult& result) {
  const DecisionVariable& v = problem.variables.front();
  const bool minimize = problem.objective.minimize;
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
    result.candidates.push_back(evaluator.evaluate(problem.candidate(values), values,
                                                   candidate_label(problem, index, values)));
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

// Every combination of the choice variables (the first varying slowest, as a sweep's grid),
// each on the same futures: with a few dozen plans an exhaustive search is exact on those
// futures, where a stochastic search would only sample them.
void enumerate(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
               OptimizationResult& result) {
  std::size_t combinations = 1;
  for (const DecisionVariable& v : problem.variables)
    combinations *= v.choices.size();
  if (combinations > kMaxEnumerated) {
    throw InputError(fmt::format(
        "{}: the choices make {} plans, more than the {} an exhaustive search runs; split the "
        "optimisation",
        problem.file, combinations, kMaxEnumerated));
  }
  result.method =
      fmt::format("every combination of the choices ({} plans), on the same futures", combinations);
  const int better = problem.objective.minimize ? -1 : 1;
  for (std::size_t c = 0; c < combinations; ++c) {
    std::vector<double> values(problem.variables.size());
    std::size_t rest = c;
    for (std::size_t i = problem.variables.size(); i-- > 0;) {
      values[i] = static_cast<double>(rest % problem.variables[i].choices.size());
      rest /= problem.variables[i].choices.size();
    }
    result.candidates.push_back(
        evaluator.evaluate(problem.candidate(values), values, candidate_label(problem, c, values)));
    const CandidateResult& r = result.candidates.back();
    if (!r.feasible || std::isnan(r.objective)) continue;
    if (!result.chosen ||
        better * r.objective > better * result.candidates[*result.chosen].objective)
      result.chosen = c;  // ties keep the first
  }
}

}  // namespace

OptimizationResult optimize(const OptimizationProblem& problem, const OptimizeSettings& settings,
                            const RunRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const bool all_choices = std::all_of(problem.variables.begin(), problem.variables.end(),
                                       [](const DecisionVariable& v) { return v.is_choice(); });
  const bool seek =
      problem.variables.size() == 1 && problem.objective.variable && !problem.constraints.empty();
  if (!seek && !(all_choices && problem.objective.statistic)) {
    throw InputError(fmt::format(
        "{}: this optimisation needs a general search, which this version does not have yet. "
        "It searches two kinds (docs/optimize.md): one range variable minimised or maximised "
        "under constraints (a goal seek), and choice variables only, with a statistic as the "
        "objective (every combination)",
        problem.file));
  }
  OptimizationResult result;
  result.settings = settings;
  const CandidateEvaluator search(problem, request, settings.seed, settings.replications,
                                  settings.max_replications);
  if (seek) {
    goal_seek(problem, search, result);
  } else {
    enumerate(problem, search, result);
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
  std::vector<double> base_values;
  for (const DecisionVariable& v : problem.variables)
    base_values.push_back(v.base);
  result.base_again = again.evaluate(problem.base, base_values, "re-evaluating the base plan");
  if (request.stop != nullptr && request.stop->load() != 0) throw Interrupted(request.stop->load());
  result.wall_seconds = seconds_since(start);
  return result;
}

}  // namespace rollout
