// summary.json's one field list: to_json and from_json of each record, side by side, so that
// a field is named once for writing and once for reading, next to each other.
#include "rollout/results/summary_file.hpp"

#include <fmt/format.h>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "results/json_number.hpp"
#include "rollout/common/error.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

namespace {

// JSON has no NaN: json_number writes a missing number as null, and null reads back as NaN.
double number(const Json& j) {
  if (j.is_null()) return std::nan("");
  return j.get<double>();  // throws type_error for anything but a number
}

template <class T>
void read(const Json& j, const char* key, T& value) {
  j.at(key).get_to(value);
}
void read(const Json& j, const char* key, double& value) {
  value = number(j.at(key));
}

}  // namespace

void to_json(Json& j, const PrecisionResult& p) {
  j = {{"kpi", p.kpi},
       {"half_width_target", p.target},
       {"half_width", json_number(p.achieved)},
       {"reached", p.reached}};
}
void from_json(const Json& j, PrecisionResult& p) {
  read(j, "kpi", p.kpi);
  read(j, "half_width_target", p.target);
  read(j, "half_width", p.achieved);
  read(j, "reached", p.reached);
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
  read(j, "target", c.target);
  read(j, "used", c.used);
  read(j, "achieved", c.achieved);
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
  read(j, "scenario", run.scenario);
  read(j, "scenario_sha256", run.scenario_sha256);
  read(j, "seed", run.seed);
  read(j, "replications", run.replications);
  read(j, "series_replications", run.series_replications);
  read(j, "threads", run.threads);
  read(j, "processes", run.processes);
  read(j, "version", run.version);
  read(j, "wall_seconds", run.wall_seconds);
  read(j, "start_month", r.start_month);
  read(j, "months", r.months);
  read(j, "sampling", r.sampling);
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
    j["ci95"] = {json_number(k.ci95[0]), json_number(k.ci95[1])};
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
    k.proportion = number(j.at("proportion"));
    k.ci95 = {number(j.at("ci95").at(0)), number(j.at("ci95").at(1))};
  } else if (j.contains("mean")) {
    k.mean = number(j.at("mean"));
    read(j, "sd", k.sd);
    read(j, "se", k.se);
    for (const auto& [name, value] : j.items())
      if (name.size() > 1 && name[0] == 'p' && std::isdigit(static_cast<unsigned char>(name[1])))
        k.percentiles.emplace_back(name, number(value));
  }
  read(j, "count", k.count);
  if (j.contains("rank_probabilities"))
    for (const auto& [rank, chance] : j.at("rank_probabilities").items())
      k.rank_probabilities.push_back(number(chance));
  if (j.contains("reached_by_month"))
    for (const auto& [month, chance] : j.at("reached_by_month").items())
      k.reached_by_month.emplace_back(month, number(chance));
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

std::string summary_file_text(const SummaryFile& summary) {
  Json doc;
  doc["run"] = summary.run;
  Json table = Json::object();
  for (const auto& [name, record] : summary.kpis)
    table[name] = record;
  doc["kpis"] = table;
  doc["uncertain_inputs"] = summary.uncertain_inputs;
  return doc.dump(2) + "\n";
}

SummaryFile parse_summary_file(const std::string& text, const std::string& file) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's message quotes what it read; the file may not be ours to print.
    throw InputError(fmt::format("{}: not valid JSON (at byte {})", file, e.byte));
  }
  try {
    SummaryFile summary;
    summary.run = doc.at("run").get<RunRecord>();
    for (const auto& [name, entry] : doc.at("kpis").items())
      summary.kpis.emplace_back(name, entry.get<KpiRecord>());
    doc.at("uncertain_inputs").get_to(summary.uncertain_inputs);
    return summary;
  } catch (const nlohmann::json::exception& e) {
    // A missing key or a value of another type: the message names the key or the type only.
    throw InputError(fmt::format(
        "{}: not a summary.json as this version of rollout writes it ({}); run the scenario "
        "again into a new folder",
        file, e.what()));
  }
}

}  // namespace rollout
