// summary.json's one field list: to_json and from_json of each record, side by side, so that
// a field is named once for writing and once for reading, next to each other.
#include "rollout/results/summary_file.hpp"

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <tuple>

#include "results/json_number.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const PrecisionResult& p) {
  j = {{"kpi", p.kpi},
       {"half_width_target", p.target},
       {"half_width", json_number(p.achieved)},
       {"reached", p.reached}};
}
void from_json(const Json& j, PrecisionResult& p) {
  read_field(j, "kpi", p.kpi);
  read_field(j, "half_width_target", p.target);
  read_field(j, "half_width", p.achieved);
  read_field(j, "reached", p.reached);
}

void to_json(Json& j, const AchievedCorrelation& c) {
  j = {{"between", {c.first, c.second}},
       {"target", c.target},
       {"used", json_number(c.used)},
       {"achieved", json_number(c.achieved)}};
}
void from_json(const Json& j, AchievedCorrelation& c) {
  const Json& between = j.at("between");
  between.at(0).get_to(c.first);
  between.at(1).get_to(c.second);
  read_field(j, "target", c.target);
  read_field(j, "used", c.used);
  read_field(j, "achieved", c.achieved);
}

void to_json(Json& j, const RunRecord& r) {
  const RunInfo& run = r.info;
  j = {{"scenario", run.scenario},
       {"scenario_sha256", run.scenario_sha256},
       {"seed", run.seed},
       {"replications", run.replications},
       {"series_replications", run.series_replications},
       {"threads", run.threads},
       {"processes", run.processes},
       {"version", run.version},
       {"wall_seconds", run.wall_seconds},
       {"start_month", r.start_month},
       {"months", r.months},
       {"sampling", r.sampling}};
  if (run.precision) j["precision"] = *run.precision;
  if (!run.correlations.empty()) j["rank_correlations"] = run.correlations;
  if (r.nearest_correlation_used) j["nearest_correlation_used"] = *r.nearest_correlation_used;
}
void from_json(const Json& j, RunRecord& r) {
  RunInfo& run = r.info;
  read_field(j, "scenario", run.scenario);
  read_field(j, "scenario_sha256", run.scenario_sha256);
  read_field(j, "seed", run.seed);
  read_field(j, "replications", run.replications);
  read_field(j, "series_replications", run.series_replications);
  read_field(j, "threads", run.threads);
  read_field(j, "processes", run.processes);
  read_field(j, "version", run.version);
  read_field(j, "wall_seconds", run.wall_seconds);
  read_field(j, "start_month", r.start_month);
  read_field(j, "months", r.months);
  read_field(j, "sampling", r.sampling);
  if (j.contains("precision")) run.precision = j.at("precision").get<PrecisionResult>();
  if (j.contains("rank_correlations"))
    run.correlations = j.at("rank_correlations").get<std::vector<AchievedCorrelation>>();
  if (j.contains("nearest_correlation_used"))
    r.nearest_correlation_used = j.at("nearest_correlation_used").get<bool>();
}

void to_json(Json& j, const KpiRecord& k) {
  j = Json::object();
  if (k.proportion) {
    j["proportion"] = json_number(*k.proportion);
    j["ci95"] = interval_json(k.ci95[0], k.ci95[1]);
  } else if (k.mean) {
    j["mean"] = json_number(*k.mean);
    j["sd"] = json_number(k.sd);
    j["se"] = json_number(k.se);
    for (const auto& [name, value] : k.percentiles)
      j[name] = json_number(value);
  }
  j["count"] = k.count;
  if (!k.rank_probabilities.empty()) {
    Json ranks = Json::object();
    for (std::size_t r = 0; r < k.rank_probabilities.size(); ++r)
      ranks[std::to_string(r + 1)] = k.rank_probabilities[r];
    j["rank_probabilities"] = ranks;
  }
  if (!k.reached_by_month.empty()) {
    Json by_month = Json::object();
    for (const auto& [month, chance] : k.reached_by_month)
      by_month[month] = chance;
    j["reached_by_month"] = by_month;
  }
}
void from_json(const Json& j, KpiRecord& k) {
  if (j.contains("proportion")) {
    k.proportion = number_from_json(j.at("proportion"));
    std::tie(k.ci95[0], k.ci95[1]) = interval_from_json(j.at("ci95"));
  } else if (j.contains("mean")) {
    k.mean = number_from_json(j.at("mean"));
    read_field(j, "sd", k.sd);
    read_field(j, "se", k.se);
    for (const auto& [name, value] : j.items())
      if (name.size() > 1 && name[0] == 'p' && std::isdigit(static_cast<unsigned char>(name[1])))
        k.percentiles.emplace_back(name, number_from_json(value));
  }
  read_field(j, "count", k.count);
  if (j.contains("rank_probabilities"))
    for (const auto& [rank, chance] : j.at("rank_probabilities").items())
      k.rank_probabilities.push_back(number_from_json(chance));
  if (j.contains("reached_by_month"))
    for (const auto& [month, chance] : j.at("reached_by_month").items())
      k.reached_by_month.emplace_back(month, number_from_json(chance));
}

double KpiRecord::statistic(const std::string& name) const {
  if (name == "count") return static_cast<double>(count);
  if (name == "proportion") return proportion.value_or(std::nan(""));
  if (!mean) return std::nan("");
  if (name == "mean") return *mean;
  if (name == "sd") return sd;
  if (name == "se") return se;
  for (const auto& [level, value] : percentiles)
    if (level == name) return value;
  return std::nan("");
}

const KpiRecord* SummaryFile::find(const std::string& name) const {
  for (const auto& [kpi, record] : kpis)
    if (kpi == name) return &record;
  return nullptr;
}

const KpiRecord* SummaryFile::find(Kpi k) const {
  return find(std::string(info(k).name));
}

void to_json(Json& j, const SummaryFile& summary) {
  j = Json::object();
  j["run"] = summary.run;
  j["kpis"] = named_records_json(summary.kpis);
  j["uncertain_inputs"] = summary.uncertain_inputs;
}
void from_json(const Json& j, SummaryFile& summary) {
  summary.run = j.at("run").get<RunRecord>();
  read_named_records(j.at("kpis"), summary.kpis);
  j.at("uncertain_inputs").get_to(summary.uncertain_inputs);
}

std::string summary_file_text(const SummaryFile& summary) {
  return record_file_text(summary);
}

SummaryFile parse_summary_file(const std::string& text, const std::string& file) {
  return parse_record_file<SummaryFile>(text, file);
}

}  // namespace rollout
