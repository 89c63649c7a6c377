#include <fmt/format.h>

#include "results/json_number.hpp"
#include "rollout/analysis/backtest.hpp"
#include "rollout/results/csv_writer.hpp"

namespace rollout {
namespace {

nlohmann::ordered_json coverage_json(const BandCoverage& c) {
  return {{"inside", c.inside},
          {"count", c.count},
          {"share", json_number(c.share)},
          {"binomial_tail_probability", json_number(c.tail_probability)}};
}

nlohmann::ordered_json summary_json(const BacktestSummary& s) {
  return {{"group", s.group},
          {"count", s.count},
          {"coverage_50", coverage_json(s.coverage_50)},
          {"coverage_90", coverage_json(s.coverage_90)},
          {"mean_pit", json_number(s.mean_pit)},
          {"mean_crps", json_number(s.mean_crps)},
          {"naive",
           {{"count", s.naive_count},
            {"model_crps", json_number(s.model_crps_where_naive)},
            {"naive_crps", json_number(s.naive_crps)},
            {"skill", json_number(s.skill)}}}};
}

}  // namespace

std::string backtest_csv(const ObservationsFile& observations,
                         std::span<const BacktestOrigin> origins, const BacktestResult& result) {
  CsvWriter out({"origin", "date", "metric", "group", "value", "replications", "p5", "p25", "p50",
                 "p75", "p95", "pit", "inside_50", "inside_90", "crps", "median_error", "naive",
                 "naive_crps", "source"});
  for (const ScoredObservation& s : result.rows) {
    const Observation& row = observations.rows[s.row];
    out.text(origins[s.origin].label).text(row.date).text(row.metric.name()).text(s.group);
    out.number(row.value).count(s.replications);
    for (const double p : s.percentiles)
      out.number(p);
    out.number(s.pit).count(s.inside_50 ? 1 : 0).count(s.inside_90 ? 1 : 0);
    out.number(s.crps).number(s.median_error);
    if (s.naive)
      out.number(*s.naive).number(s.naive_crps);
    else
      out.blank(2);
    out.text(row.source);
    out.end_row();
  }
  return out.finish();
}

std::string backtest_json(const ObservationsFile& observations,
                          std::span<const BacktestOrigin> origins, const BacktestResult& result) {
  nlohmann::ordered_json doc;
  doc["observations"] = {{"file", observations.file}, {"rows", observations.rows.size()}};
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const BacktestOrigin& origin : origins) {
    const Scenario& scenario = origin.model->scenario();
    std::size_t scored = 0;
    for (const PlacedObservation& p : origin.placed)
      scored += p.role == ObservationRole::scored ? 1 : 0;
    runs.push_back({{"origin", origin.label},
                    {"scenario", scenario.name},
                    {"seed", scenario.simulation.seed},
                    {"replications", origin.table->series_replications()},
                    {"first_month", scenario.first_calendar_month().text()},
                    {"last_month", scenario.last_calendar_month().text()},
                    {"scored_observations", scored}});
  }
  doc["origins"] = runs;
  doc["summary"] = summary_json(result.pooled);
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const BacktestSummary& s : result.by_group)
    groups.push_back(summary_json(s));
  doc["by_metric"] = groups;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const ScoredObservation& s : result.rows) {
    const Observation& row = observations.rows[s.row];
    nlohmann::ordered_json percentiles = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < kBacktestPercentiles.size(); ++k)
      percentiles[fmt::format("p{}", kBacktestPercentiles[k])] = json_number(s.percentiles[k]);
    rows.push_back({{"origin", origins[s.origin].label},
                    {"date", row.date},
                    {"metric", row.metric.name()},
                    {"group", s.group},
                    {"value", json_number(row.value)},
                    {"percentiles", percentiles},
                    {"pit", json_number(s.pit)},
                    {"inside_50", s.inside_50},
                    {"inside_90", s.inside_90},
                    {"crps", json_number(s.crps)},
                    {"median_error", json_number(s.median_error)},
                    {"naive", s.naive ? json_number(*s.naive) : nlohmann::ordered_json(nullptr)},
                    {"naive_crps", json_number(s.naive_crps)},
                    {"source", row.source},
                    {"line", row.where.line}});
  }
  doc["rows"] = rows;
  return doc.dump(2) + "\n";
}

}  // namespace rollout
