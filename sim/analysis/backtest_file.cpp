// backtest.json's one field list: to_json and from_json side by side.
#include "rollout/analysis/backtest_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "results/json_number.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const BandCoverage& c) {
  j = {{"inside", c.inside},
       {"count", c.count},
       {"share", json_number(c.share)},
       {"binomial_tail_probability", json_number(c.tail_probability)}};
}
void from_json(const Json& j, BandCoverage& c) {
  read_field(j, "inside", c.inside);
  read_field(j, "count", c.count);
  read_field(j, "share", c.share);
  read_field(j, "binomial_tail_probability", c.tail_probability);
}

void to_json(Json& j, const BacktestSummary& s) {
  j = {{"group", s.group},
       {"count", s.count},
       {"coverage_50", s.coverage_50},
       {"coverage_90", s.coverage_90},
       {"mean_pit", json_number(s.mean_pit)},
       {"mean_crps", json_number(s.mean_crps)},
       {"naive",
        {{"count", s.naive_count},
         {"model_crps", json_number(s.model_crps_where_naive)},
         {"naive_crps", json_number(s.naive_crps)},
         {"skill", json_number(s.skill)}}}};
}
void from_json(const Json& j, BacktestSummary& s) {
  read_field(j, "group", s.group);
  read_field(j, "count", s.count);
  read_field(j, "coverage_50", s.coverage_50);
  s.coverage_50.level = 0.5;
  read_field(j, "coverage_90", s.coverage_90);
  s.coverage_90.level = 0.9;
  read_field(j, "mean_pit", s.mean_pit);
  read_field(j, "mean_crps", s.mean_crps);
  const Json& naive = j.at("naive");
  read_field(naive, "count", s.naive_count);
  read_field(naive, "model_crps", s.model_crps_where_naive);
  read_field(naive, "naive_crps", s.naive_crps);
  read_field(naive, "skill", s.skill);
}

void to_json(Json& j, const BacktestOriginRecord& o) {
  j = {{"origin", o.origin},
       {"scenario", o.scenario},
       {"seed", o.seed},
       {"replications", o.replications},
       {"first_month", o.first_month},
       {"last_month", o.last_month},
       {"scored_observations", o.scored_observations}};
}
void from_json(const Json& j, BacktestOriginRecord& o) {
  read_field(j, "origin", o.origin);
  read_field(j, "scenario", o.scenario);
  read_field(j, "seed", o.seed);
  read_field(j, "replications", o.replications);
  read_field(j, "first_month", o.first_month);
  read_field(j, "last_month", o.last_month);
  read_field(j, "scored_observations", o.scored_observations);
}

namespace {
std::string percentile_key(std::size_t k) {
  return fmt::format("p{}", kBacktestPercentiles[k]);
}
}  // namespace

void to_json(Json& j, const BacktestRowRecord& r) {
  Json percentiles = Json::object();
  for (std::size_t k = 0; k < kBacktestPercentiles.size(); ++k)
    percentiles[percentile_key(k)] = json_number(r.percentiles[k]);
  j = {{"origin", r.origin},
       {"date", r.date},
       {"metric", r.metric},
       {"group", r.group},
       {"value", json_number(r.value)},
       {"percentiles", percentiles},
       {"pit", json_number(r.pit)},
       {"inside_50", r.inside_50},
       {"inside_90", r.inside_90},
       {"crps", json_number(r.crps)},
       {"median_error", json_number(r.median_error)},
       {"naive", r.naive ? json_number(*r.naive) : Json(nullptr)},
       {"naive_crps", json_number(r.naive_crps)},
       {"source", r.source},
       {"line", r.line}};
}
void from_json(const Json& j, BacktestRowRecord& r) {
  read_field(j, "origin", r.origin);
  read_field(j, "date", r.date);
  read_field(j, "metric", r.metric);
  read_field(j, "group", r.group);
  read_field(j, "value", r.value);
  const Json& percentiles = j.at("percentiles");
  for (std::size_t k = 0; k < kBacktestPercentiles.size(); ++k)
    r.percentiles[k] = number_from_json(percentiles.at(percentile_key(k)));
  read_field(j, "pit", r.pit);
  read_field(j, "inside_50", r.inside_50);
  read_field(j, "inside_90", r.inside_90);
  read_field(j, "crps", r.crps);
  read_field(j, "median_error", r.median_error);
  if (!j.at("naive").is_null()) r.naive = number_from_json(j.at("naive"));
  read_field(j, "naive_crps", r.naive_crps);
  read_field(j, "source", r.source);
  read_field(j, "line", r.line);
}

void to_json(Json& j, const BacktestFile& b) {
  j = Json::object();
  j["observations"] = {{"file", b.observations_file}, {"rows", b.observations}};
  j["origins"] = b.origins;
  j["summary"] = b.summary;
  j["by_metric"] = b.by_metric;
  j["rows"] = b.rows;
}
void from_json(const Json& j, BacktestFile& b) {
  read_field(j.at("observations"), "file", b.observations_file);
  read_field(j.at("observations"), "rows", b.observations);
  read_field(j, "origins", b.origins);
  read_field(j, "summary", b.summary);
  read_field(j, "by_metric", b.by_metric);
  read_field(j, "rows", b.rows);
}

BacktestFile backtest_file(const ObservationsFile& observations,
                           std::span<const BacktestOrigin> origins, const BacktestResult& result) {
  BacktestFile file;
  file.observations_file = observations.file;
  file.observations = observations.rows.size();
  for (const BacktestOrigin& origin : origins) {
    const Scenario& scenario = origin.model->scenario();
    std::uint64_t scored = 0;
    for (const PlacedObservation& p : origin.placed)
      scored += p.role == ObservationRole::scored ? 1 : 0;
    file.origins.push_back(
        {origin.label, scenario.name, scenario.simulation.seed, origin.table->series_replications(),
         scenario.first_calendar_month().text(), scenario.last_calendar_month().text(), scored});
  }
  file.summary = result.pooled;
  file.by_metric = result.by_group;
  for (const ScoredObservation& s : result.rows) {
    const Observation& row = observations.rows[s.row];
    file.rows.push_back({origins[s.origin].label, row.date, row.metric.name(), s.group, row.value,
                         s.percentiles, s.pit, s.inside_50, s.inside_90, s.crps, s.median_error,
                         s.naive, s.naive_crps, row.source,
                         static_cast<std::uint64_t>(row.where.line)});
  }
  return file;
}

std::string backtest_file_text(const BacktestFile& backtest) {
  return record_file_text(backtest);
}

BacktestFile parse_backtest_file(const std::string& text, const std::string& file) {
  return parse_record_file<BacktestFile>(text, file);
}

}  // namespace rollout
