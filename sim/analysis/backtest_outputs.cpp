#include <fmt/format.h>

#include "rollout/analysis/backtest.hpp"
#include "rollout/results/csv_writer.hpp"

namespace rollout {

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

}  // namespace rollout
