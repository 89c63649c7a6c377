#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "rollout/analysis/optimize.hpp"
#include "rollout/results/csv_writer.hpp"

namespace rollout {
namespace {

void add_row(CsvWriter& out, const OptimizationProblem& problem, const std::string& stage,
             const std::string& plan, const CandidateResult& r, bool chosen, bool front) {
  out.text(stage).text(plan);
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    if (problem.variables[i].is_choice()) {
      out.text(problem.value_text(i, r.values[i]));
    } else {
      out.number(r.values[i]);
    }
  }
  out.count(r.seed).count(r.replications);
  for (const Estimate& e : r.statistics)
    out.number(e.value).number(e.lo).number(e.hi);
  out.count(r.feasible ? 1 : 0).count(chosen ? 1 : 0).count(front ? 1 : 0).end_row();
}

}  // namespace

std::string question_text(const std::vector<std::pair<bool, std::string>>& objectives,
                          const std::vector<std::string>& constraints) {
  std::vector<std::string> parts;
  for (const auto& [minimize, text] : objectives)
    parts.push_back(fmt::format("{} {}", minimize ? "minimize" : "maximize", text));
  return fmt::format("{}{}{}", fmt::join(parts, " and "), constraints.empty() ? "" : " subject to ",
                     fmt::join(constraints, " and "));
}

std::string optimize_csv(const OptimizationProblem& problem, const OptimizationResult& result) {
  std::vector<std::string> header{"stage", "plan"};
  for (const DecisionVariable& v : problem.variables)
    header.push_back(v.path);
  header.insert(header.end(), {"seed", "replications"});
  for (const KpiStatistic& s : problem.measured()) {
    header.push_back(s.text);
    header.push_back(s.text + ".lo95");
    header.push_back(s.text + ".hi95");
  }
  header.insert(header.end(), {"feasible", "chosen", "front"});
  CsvWriter out(header);
  auto on_front = [&](std::size_t c) {
    return std::find(result.front.begin(), result.front.end(), c) != result.front.end();
  };
  for (std::size_t c = 0; c < result.candidates.size(); ++c)
    add_row(out, problem, "search", fmt::format("{}", c + 1), result.candidates[c],
            result.chosen == c, on_front(c));
  if (result.chosen_again)
    add_row(out, problem, "reevaluation", "chosen", *result.chosen_again, true, false);
  for (std::size_t f = 0; f < result.front.size(); ++f)
    add_row(out, problem, "reevaluation", fmt::format("{}", result.front[f] + 1),
            result.front_again[f], false, true);
  add_row(out, problem, "reevaluation", "base", result.base_again, false, false);
  return out.finish();
}

}  // namespace rollout
