// comparison.json's one field list: to_json and from_json of each record, side by side.
#include "rollout/analysis/comparison_file.hpp"

#include <nlohmann/json.hpp>
#include <tuple>

#include "results/json_number.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const DifferenceRecord& d) {
  j = {{"against", d.against},
       {"count", d.count},
       {"mean", json_number(d.mean)},
       {"se", json_number(d.se)},
       {"ci95", interval_json(d.ci95[0], d.ci95[1])},
       {"p_better", json_number(d.p_better)},
       {"p_tie", json_number(d.p_tie)},
       {"variance_reduction", json_number(d.variance_reduction)}};
}
void from_json(const Json& j, DifferenceRecord& d) {
  read_field(j, "against", d.against);
  read_field(j, "count", d.count);
  read_field(j, "mean", d.mean);
  read_field(j, "se", d.se);
  std::tie(d.ci95[0], d.ci95[1]) = interval_from_json(j.at("ci95"));
  read_field(j, "p_better", d.p_better);
  read_field(j, "p_tie", d.p_tie);
  read_field(j, "variance_reduction", d.variance_reduction);
}

void to_json(Json& j, const ScenarioKpiRecord& s) {
  j = {{"scenario", s.scenario},
       {"mean", json_number(s.mean)},
       {"p5", json_number(s.p5)},
       {"p50", json_number(s.p50)},
       {"p95", json_number(s.p95)}};
  if (s.difference) j["difference"] = *s.difference;
}
void from_json(const Json& j, ScenarioKpiRecord& s) {
  read_field(j, "scenario", s.scenario);
  read_field(j, "mean", s.mean);
  read_field(j, "p5", s.p5);
  read_field(j, "p50", s.p50);
  read_field(j, "p95", s.p95);
  if (j.contains("difference")) s.difference = j.at("difference").get<DifferenceRecord>();
}

void to_json(Json& j, const ComparedKpiRecord& k) {
  j = {{"better", k.better}, {"scenarios", k.scenarios}};
}
void from_json(const Json& j, ComparedKpiRecord& k) {
  read_field(j, "better", k.better);
  read_field(j, "scenarios", k.scenarios);
}

void to_json(Json& j, const ComparedScenarioRecord& s) {
  j = {{"name", s.name}, {"scenario_sha256", s.scenario_sha256}, {"folder", s.folder}};
}
void from_json(const Json& j, ComparedScenarioRecord& s) {
  read_field(j, "name", s.name);
  read_field(j, "scenario_sha256", s.scenario_sha256);
  read_field(j, "folder", s.folder);
}

void to_json(Json& j, const ComparisonFile& c) {
  j = Json::object();
  j["run"] = {{"seed", c.seed}, {"replications", c.replications}, {"paired", c.paired}};
  j["scenarios"] = c.scenarios;
  j["kpis"] = named_records_json(c.kpis);
}
void from_json(const Json& j, ComparisonFile& c) {
  const Json& run = j.at("run");
  read_field(run, "seed", c.seed);
  read_field(run, "replications", c.replications);
  read_field(run, "paired", c.paired);
  read_field(j, "scenarios", c.scenarios);
  read_named_records(j.at("kpis"), c.kpis);
}

std::string comparison_file_text(const ComparisonFile& comparison) {
  return record_file_text(comparison);
}

ComparisonFile parse_comparison_file(const std::string& text, const std::string& file) {
  return parse_record_file<ComparisonFile>(text, file);
}

}  // namespace rollout
