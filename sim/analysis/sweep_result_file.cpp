// sweep.json's one field list: to_json and from_json side by side.
#include "rollout/analysis/sweep_result_file.hpp"

#include <nlohmann/json.hpp>

#include "results/json_number.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const ParetoAxisRecord& a) {
  j = {{"kpi", a.kpi}, {"better", a.better}};
}
void from_json(const Json& j, ParetoAxisRecord& a) {
  read_field(j, "kpi", a.kpi);
  read_field(j, "better", a.better);
}

void to_json(Json& j, const SweepResultFile& s) {
  j = Json::object();
  j["sweep"] = s.sweep;
  j["seed"] = s.seed;
  j["replications"] = s.replications;
  j["combinations"] = s.combinations;
  j["levers"] = s.levers;
  if (s.focal_brand) j["focal_brand"] = *s.focal_brand;
  if (s.market) j["market"] = *s.market;
  if (s.currency) j["currency"] = *s.currency;
  j["pareto"] = {{"x", s.pareto_x}, {"y", s.pareto_y}};
}
void from_json(const Json& j, SweepResultFile& s) {
  read_field(j, "sweep", s.sweep);
  read_field(j, "seed", s.seed);
  read_field(j, "replications", s.replications);
  read_field(j, "combinations", s.combinations);
  read_field(j, "levers", s.levers);
  if (j.contains("focal_brand")) s.focal_brand = j.at("focal_brand").get<std::string>();
  if (j.contains("market")) s.market = j.at("market").get<std::string>();
  if (j.contains("currency")) s.currency = j.at("currency").get<std::string>();
  read_field(j.at("pareto"), "x", s.pareto_x);
  read_field(j.at("pareto"), "y", s.pareto_y);
}

LabelNames SweepResultFile::label_names() const {
  const LabelNames defaults;
  return {focal_brand.value_or(defaults.brand), market.value_or(defaults.market),
          currency.value_or(defaults.currency)};
}

SweepResultFile sweep_result_file(const SweepPlan& plan, std::uint64_t seed,
                                  std::size_t replications) {
  const auto axis = [](Kpi k) {
    return ParetoAxisRecord{info(k).name, info(k).direction > 0 ? "higher" : "lower"};
  };
  SweepResultFile file;
  file.sweep = plan.name;
  file.seed = seed;
  file.replications = replications;
  file.combinations = plan.scenarios.size();
  file.levers = plan.levers;
  if (!plan.scenarios.empty()) {
    const LabelNames names = plan.scenarios.front().label_names();
    file.focal_brand = names.brand;
    file.market = names.market;
    if (plan.scenarios.front().economics) file.currency = names.currency;
  }
  file.pareto_x = axis(plan.pareto.first);
  file.pareto_y = axis(plan.pareto.second);
  return file;
}

std::string sweep_result_file_text(const SweepResultFile& sweep) {
  return record_file_text(sweep);
}

SweepResultFile parse_sweep_result_file(const std::string& text, const std::string& file) {
  return parse_record_file<SweepResultFile>(text, file);
}

}  // namespace rollout
