#include "analysis/candidate_evaluator.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "rollout/common/error.hpp"
#include "rollout/run/runner.hpp"

namespace rollout {

std::optional<std::size_t> best_feasible(const OptimizationProblem& problem,
                                         const std::vector<CandidateResult>& candidates) {
  const int better = problem.objective().minimize ? -1 : 1;
  std::optional<std::size_t> best;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const CandidateResult& r = candidates[c];
    if (!r.feasible || std::isnan(r.objective)) continue;
    if (!best || better * r.objective > better * candidates[*best].objective) best = c;
  }
  return best;
}

std::vector<std::size_t> pareto_front(const OptimizationProblem& problem,
                                      const std::vector<CandidateResult>& candidates) {
  // Each objective turned so that more is better.
  auto value = [&](const CandidateResult& r, std::size_t k) {
    return problem.objectives[k].minimize ? -r.objectives[k] : r.objectives[k];
  };
  auto usable = [&](const CandidateResult& r) {
    return r.feasible && std::none_of(r.objectives.begin(), r.objectives.end(),
                                      [](double x) { return std::isnan(x); });
  };
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!usable(candidates[i])) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < candidates.size() && !dominated; ++j) {
      if (j == i || !usable(candidates[j])) continue;
      bool no_worse = true, better = false;
      for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
        no_worse = no_worse && value(candidates[j], k) >= value(candidates[i], k);
        better = better || value(candidates[j], k) > value(candidates[i], k);
      }
      dominated = no_worse && better;
    }
    if (!dominated) front.push_back(i);
  }
  return front;
}

CandidateEvaluator::CandidateEvaluator(const OptimizationProblem& problem,
                                       const RunRequest& request, std::uint64_t seed,
                                       std::size_t replications, std::size_t max_replications)
    : problem_(problem),
      request_(request),
      measured_(problem.measured()),
      seed_(seed),
      replications_(replications),
      max_replications_(max_replications) {}

CandidateResult CandidateEvaluator::evaluate(const std::vector<double>& values,
                                             std::size_t index) const {
  const std::vector<double> plan = problem_.normalised(values);  // regional shares sum to 1
  std::string label = fmt::format("candidate {}:", index + 1);
  for (std::size_t i = 0; i < plan.size() && i < 4; ++i)
    label += fmt::format(" {}", problem_.value_text(i, plan[i]));
  if (plan.size() > 4) label += " ...";
  return evaluate(problem_.candidate(plan), plan, label);
}

CandidateResult CandidateEvaluator::evaluate(Scenario scenario, std::vector<double> values,
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

OutcomeTable CandidateEvaluator::run(const Model& model, std::size_t first, std::size_t count,
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

CandidateResult CandidateEvaluator::measure(std::vector<double> values,
                                            const OutcomeTable& table) const {
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
  std::size_t statistic = 0;  // the objectives' statistics come first, in order
  for (const ObjectiveSpec& o : problem_.objectives)
    r.objectives.push_back(o.variable ? r.values[*o.variable] : r.statistics[statistic++].value);
  r.objective = r.objectives.front();
  return r;
}

}  // namespace rollout
