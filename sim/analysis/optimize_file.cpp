// optimize.json's one field list: to_json and from_json side by side.
#include "rollout/analysis/optimize_file.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/overloaded.hpp"
#include "results/json_number.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

namespace {

Json plan_value_json(const PlanValue& value) {
  return std::visit(
      Overloaded{[](std::monostate) { return Json(nullptr); },
                 [](std::int64_t n) { return Json(n); }, [](double x) { return json_number(x); },
                 [](const std::string& s) { return Json(s); }},
      value);
}

PlanValue plan_value_from(const Json& j) {
  if (j.is_null()) return std::monostate{};
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return j.get<std::int64_t>();
  return j.get<double>();  // throws for anything but a number
}

// A variable's value: its choice's text, a whole number for an integer variable.
PlanValue variable_value(const DecisionVariable& v, double x) {
  if (v.is_choice() && std::isfinite(x)) return v.choices.at(static_cast<std::size_t>(x));
  if (v.integer && std::isfinite(x)) return static_cast<std::int64_t>(std::llround(x));
  if (std::isnan(x)) return std::monostate{};
  return x;
}

}  // namespace

std::string plan_value_text(const PlanValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (std::holds_alternative<std::monostate>(value)) return "";
  return plan_value_json(value).dump();
}

const Estimate* PlanFiguresRecord::find(const std::string& statistic) const {
  for (const auto& [text, estimate] : statistics)
    if (text == statistic) return &estimate;
  return nullptr;
}

void to_json(Json& j, const VariableRecord& v) {
  if (!v.choices.empty()) {
    j = {{"path", v.path}, {"choices", v.choices}, {"base", plan_value_json(v.base)}};
    return;
  }
  j = {{"path", v.path},
       {"min", plan_value_json(v.min)},
       {"max", plan_value_json(v.max)},
       {"integer", v.integer},
       {"base", plan_value_json(v.base)}};
}
void from_json(const Json& j, VariableRecord& v) {
  read_field(j, "path", v.path);
  if (j.contains("choices")) {
    read_field(j, "choices", v.choices);
  } else {
    v.min = plan_value_from(j.at("min"));
    v.max = plan_value_from(j.at("max"));
    read_field(j, "integer", v.integer);
  }
  v.base = plan_value_from(j.at("base"));
}

void to_json(Json& j, const PlanFiguresRecord& f) {
  Json statistics = Json::object();
  for (const auto& [text, e] : f.statistics)
    statistics[text] = {
        {"value", json_number(e.value)}, {"lo95", json_number(e.lo)}, {"hi95", json_number(e.hi)}};
  j = {{"seed", f.seed},
       {"replications", f.replications},
       {"statistics", statistics},
       {"feasible", f.feasible}};
}
void from_json(const Json& j, PlanFiguresRecord& f) {
  read_field(j, "seed", f.seed);
  read_field(j, "replications", f.replications);
  for (const auto& [text, e] : j.at("statistics").items()) {
    Estimate estimate;
    read_field(e, "value", estimate.value);
    read_field(e, "lo95", estimate.lo);
    read_field(e, "hi95", estimate.hi);
    f.statistics.emplace_back(text, estimate);
  }
  read_field(j, "feasible", f.feasible);
}

void to_json(Json& j, const PlanRecord& p) {
  j = Json::object();
  if (p.candidate) j["candidate"] = *p.candidate;
  Json values = Json::object();
  for (const auto& [path, value] : p.values)
    values[path] = plan_value_json(value);
  j["values"] = values;
  if (p.search) j["search"] = *p.search;
  j["reevaluation"] = p.reevaluation;
}
void from_json(const Json& j, PlanRecord& p) {
  if (j.contains("candidate")) p.candidate = j.at("candidate").get<std::uint64_t>();
  for (const auto& [path, value] : j.at("values").items())
    p.values.emplace_back(path, plan_value_from(value));
  if (j.contains("search")) p.search = j.at("search").get<PlanFiguresRecord>();
  read_field(j, "reevaluation", p.reevaluation);
}

void to_json(Json& j, const OptimizeFile& o) {
  j = Json::object();
  j["optimization"] = o.optimization;
  j["scenario"] = o.scenario;
  j["base_file"] = o.base_file;
  j["variables"] = o.variables;
  Json objectives = Json::array();
  for (const auto& [minimize, text] : o.objectives)
    objectives.push_back({{minimize ? "minimize" : "maximize", text}});
  j["objectives"] = objectives;
  j["constraints"] = o.constraints;
  j["method"] = o.method;
  j["search"] = {{"seed", o.search_seed},
                 {"replications", o.search_replications},
                 {"max_replications", o.search_max_replications},
                 {"candidates", o.candidates}};
  j["reevaluation"] = {{"seed", o.reevaluation_seed},
                       {"replications", o.reevaluation_replications}};
  j["chosen"] = o.chosen ? Json(*o.chosen) : Json(nullptr);
  j["front"] = o.front;
  j["base"] = o.base;
  j["wall_seconds"] = o.wall_seconds;
}
void from_json(const Json& j, OptimizeFile& o) {
  read_field(j, "optimization", o.optimization);
  read_field(j, "scenario", o.scenario);
  read_field(j, "base_file", o.base_file);
  read_field(j, "variables", o.variables);
  for (const Json& objective : j.at("objectives")) {
    const auto first = objective.begin();
    o.objectives.emplace_back(first.key() == "minimize", first.value().get<std::string>());
  }
  read_field(j, "constraints", o.constraints);
  read_field(j, "method", o.method);
  const Json& search = j.at("search");
  read_field(search, "seed", o.search_seed);
  read_field(search, "replications", o.search_replications);
  read_field(search, "max_replications", o.search_max_replications);
  read_field(search, "candidates", o.candidates);
  read_field(j.at("reevaluation"), "seed", o.reevaluation_seed);
  read_field(j.at("reevaluation"), "replications", o.reevaluation_replications);
  if (!j.at("chosen").is_null()) o.chosen = j.at("chosen").get<PlanRecord>();
  read_field(j, "front", o.front);
  read_field(j, "base", o.base);
  read_field(j, "wall_seconds", o.wall_seconds);
}

OptimizeFile optimize_file(const OptimizationProblem& problem, const OptimizationResult& result) {
  const std::vector<KpiStatistic> measured = problem.measured();
  const auto figures = [&](const CandidateResult& r) {
    PlanFiguresRecord f{r.seed, r.replications, {}, r.feasible};
    for (std::size_t i = 0; i < measured.size(); ++i)
      f.statistics.emplace_back(measured[i].text, r.statistics[i]);
    return f;
  };
  const auto values = [&](const CandidateResult& r) {
    std::vector<std::pair<std::string, PlanValue>> out;
    for (std::size_t i = 0; i < problem.variables.size(); ++i)
      out.emplace_back(problem.variables[i].path,
                       variable_value(problem.variables[i], r.values[i]));
    return out;
  };
  OptimizeFile file;
  file.optimization = problem.file;
  file.scenario = problem.name;
  file.base_file = problem.base_file;
  for (const DecisionVariable& v : problem.variables) {
    VariableRecord record{v.path, v.choices, {}, {}, v.integer, variable_value(v, v.base)};
    if (!v.is_choice()) {
      record.min = variable_value(v, v.min);
      record.max = variable_value(v, v.max);
    }
    file.variables.push_back(std::move(record));
  }
  for (const ObjectiveSpec& o : problem.objectives)
    file.objectives.emplace_back(o.minimize, o.text);
  for (const ConstraintSpec& c : problem.constraints)
    file.constraints.push_back(c.text);
  file.method = result.method;
  file.search_seed = result.settings.seed;
  file.search_replications = result.settings.replications;
  file.search_max_replications = result.settings.max_replications;
  file.candidates = result.candidates.size();
  file.reevaluation_seed = result.settings.reevaluation_seed;
  file.reevaluation_replications = result.settings.reevaluation_replications;
  if (result.chosen) {
    const CandidateResult& found = result.candidates[*result.chosen];
    file.chosen = PlanRecord{*result.chosen + 1, values(found), figures(found),
                             figures(*result.chosen_again)};
  }
  for (std::size_t f = 0; f < result.front.size(); ++f) {
    const CandidateResult& member = result.candidates[result.front[f]];
    file.front.push_back(PlanRecord{result.front[f] + 1, values(member), figures(member),
                                    figures(result.front_again[f])});
  }
  file.base =
      PlanRecord{std::nullopt, values(result.base_again), std::nullopt, figures(result.base_again)};
  file.wall_seconds = result.wall_seconds;
  return file;
}

std::string optimize_file_text(const OptimizeFile& optimize) {
  return record_file_text(optimize);
}

OptimizeFile parse_optimize_file(const std::string& text, const std::string& file) {
  return parse_record_file<OptimizeFile>(text, file);
}

}  // namespace rollout
