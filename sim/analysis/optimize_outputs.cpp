#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "rollout/analysis/optimize.hpp"
#include "rollout/results/csv_writer.hpp"

namespace rollout {
namespace {

using Json = nlohmann::ordered_json;

// A number for JSON: null when missing (JSON has no NaN).
Json number(double x) {
  return std::isnan(x) ? Json(nullptr) : Json(x);
}

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

Json figures(const OptimizationProblem& problem, const CandidateResult& r) {
  Json doc;
  doc["seed"] = r.seed;
  doc["replications"] = r.replications;
  const std::vector<KpiStatistic> measured = problem.measured();
  Json statistics = Json::object();
  for (std::size_t i = 0; i < measured.size(); ++i) {
    statistics[measured[i].text] = {{"value", number(r.statistics[i].value)},
                                    {"lo95", number(r.statistics[i].lo)},
                                    {"hi95", number(r.statistics[i].hi)}};
  }
  doc["statistics"] = statistics;
  doc["feasible"] = r.feasible;
  return doc;
}

// A variable's value: a whole number for an integer variable.
Json variable_value(const DecisionVariable& v, double x) {
  if (v.is_choice() && std::isfinite(x)) return Json(v.choices.at(static_cast<std::size_t>(x)));
  if (v.integer && std::isfinite(x)) return Json(std::llround(x));
  return number(x);
}

Json values(const OptimizationProblem& problem, const CandidateResult& r) {
  Json doc = Json::object();
  for (std::size_t i = 0; i < problem.variables.size(); ++i)
    doc[problem.variables[i].path] = variable_value(problem.variables[i], r.values[i]);
  return doc;
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

std::string optimize_json(const OptimizationProblem& problem, const OptimizationResult& result) {
  Json doc;
  doc["optimization"] = problem.file;
  doc["scenario"] = problem.name;
  doc["base_file"] = problem.base_file;
  Json variables = Json::array();
  for (const DecisionVariable& v : problem.variables) {
    if (v.is_choice()) {
      variables.push_back(
          {{"path", v.path}, {"choices", v.choices}, {"base", variable_value(v, v.base)}});
      continue;
    }
    variables.push_back({{"path", v.path},
                         {"min", variable_value(v, v.min)},
                         {"max", variable_value(v, v.max)},
                         {"integer", v.integer},
                         {"base", variable_value(v, v.base)}});
  }
  doc["variables"] = variables;
  Json objectives = Json::array();
  for (const ObjectiveSpec& o : problem.objectives)
    objectives.push_back({{o.minimize ? "minimize" : "maximize", o.text}});
  doc["objectives"] = objectives;
  Json constraints = Json::array();
  for (const ConstraintSpec& c : problem.constraints)
    constraints.push_back(c.text);
  doc["constraints"] = constraints;
  doc["method"] = result.method;
  doc["search"] = {{"seed", result.settings.seed},
                   {"replications", result.settings.replications},
                   {"max_replications", result.settings.max_replications},
                   {"candidates", result.candidates.size()}};
  doc["reevaluation"] = {{"seed", result.settings.reevaluation_seed},
                         {"replications", result.settings.reevaluation_replications}};
  if (result.chosen) {
    const CandidateResult& found = result.candidates[*result.chosen];
    doc["chosen"] = {{"candidate", *result.chosen + 1},
                     {"values", values(problem, found)},
                     {"search", figures(problem, found)},
                     {"reevaluation", figures(problem, *result.chosen_again)}};
  } else {
    doc["chosen"] = nullptr;  // no candidate met the constraints
  }
  Json front = Json::array();  // several objectives: the Pareto front, each on fresh futures
  for (std::size_t f = 0; f < result.front.size(); ++f) {
    const CandidateResult& member = result.candidates[result.front[f]];
    front.push_back({{"candidate", result.front[f] + 1},
                     {"values", values(problem, member)},
                     {"search", figures(problem, member)},
                     {"reevaluation", figures(problem, result.front_again[f])}});
  }
  doc["front"] = front;
  doc["base"] = {{"values", values(problem, result.base_again)},
                 {"reevaluation", figures(problem, result.base_again)}};
  doc["wall_seconds"] = result.wall_seconds;
  return doc.dump(2) + "\n";
}

}  // namespace rollout
