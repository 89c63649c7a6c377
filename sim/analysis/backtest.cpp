#include "rollout/analysis/backtest.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "rollout/common/error.hpp"
#include "rollout/common/statistics.hpp"
#include "rollout/random/random_streams.hpp"

namespace rollout {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* period_name(ObservedPeriod p) {
  switch (p) {
    case ObservedPeriod::month:
      return "month";
    case ObservedPeriod::quarter:
      return "quarter";
    case ObservedPeriod::year:
      return "year";
  }
  return "";
}

// The summary a row counts in: CRPS is in the metric's unit, and a year of a flow is twelve
// months of it, so each metric and period is summarised apart. A metric's natural period
// (months for monthly series, quarters for quarterly ones) goes unnamed.
std::string group_of(const Observation& row) {
  const bool natural = row.metric.monthly ? row.period == ObservedPeriod::month
                                          : row.period == ObservedPeriod::quarter;
  return natural ? row.metric.name()
                 : fmt::format("{} ({})", row.metric.name(), period_name(row.period));
}

// The history row an origin's naive forecast of `row` repeats: the latest observation of the
// same metric over the same kind of period, wholly before the origin; none if there is none.
std::optional<std::size_t> naive_row(const ObservationsFile& file,
                                     const std::vector<PlacedObservation>& placed,
                                     const Observation& row) {
  std::optional<std::size_t> best;
  for (std::size_t h = 0; h < file.rows.size(); ++h) {
    const Observation& past = file.rows[h];
    if (placed[h].role != ObservationRole::history || past.metric.name() != row.metric.name() ||
        past.period != row.period)
      continue;
    if (!best || past.last_month >= file.rows[*best].last_month) best = h;
  }
  return best;
}

ScoredObservation score(const ObservationsFile& file, const BacktestOrigin& origin,
                        std::size_t origin_index, std::size_t r, std::vector<double>& sample) {
  const Observation& row = file.rows[r];
  const PlacedObservation& placed = origin.placed[r];
  const std::size_t n = origin.table->series_replications();
  if (n == 0) throw InternalError("backtest: the run kept no replication's series");
  sample.resize(n);
  const PeriodTotal total = row.metric.total(row.period);
  for (std::size_t i = 0; i < n; ++i)
    sample[i] = observed_value(*origin.table, placed, total, i);
  std::sort(sample.begin(), sample.end());

  ScoredObservation s;
  s.origin = origin_index;
  s.row = r;
  s.group = group_of(row);
  s.replications = n;
  for (std::size_t k = 0; k < kBacktestPercentiles.size(); ++k)
    s.percentiles[k] = percentile_sorted(sample, kBacktestPercentiles[k]);
  const double y = row.value;
  const double u = ReplicationStreams(origin.model->scenario().simulation.seed, r)
                       .uniform(Stream::backtest, 0, origin_index);
  s.pit = randomised_pit(sample, y, u);
  s.inside_50 = s.percentiles[1] <= y && y <= s.percentiles[3];
  s.inside_90 = s.percentiles[0] <= y && y <= s.percentiles[4];
  s.crps = crps_sample(sample, y);
  s.median_error = s.percentiles[2] - y;
  if (const auto h = naive_row(file, origin.placed, row)) {
    s.naive = file.rows[*h].value;
    s.naive_crps = std::abs(*s.naive - y);
  } else {
    s.naive_crps = kNaN;
  }
  return s;
}

BacktestSummary summarise(const std::string& group,
                          const std::vector<const ScoredObservation*>& rows, bool one_unit) {
  BacktestSummary sum;
  sum.group = group;
  sum.count = rows.size();
  std::size_t in50 = 0, in90 = 0;
  double pit = 0, crps = 0, model_naive = 0, naive = 0;
  for (const ScoredObservation* s : rows) {
    in50 += s->inside_50 ? 1 : 0;
    in90 += s->inside_90 ? 1 : 0;
    pit += s->pit;
    crps += s->crps;
    if (s->naive) {
      ++sum.naive_count;
      model_naive += s->crps;
      naive += s->naive_crps;
    }
  }
  const double count = static_cast<double>(rows.size());
  sum.coverage_50 = band_coverage(0.5, in50, rows.size());
  sum.coverage_90 = band_coverage(0.9, in90, rows.size());
  sum.mean_pit = rows.empty() ? kNaN : pit / count;
  sum.mean_crps = rows.empty() || !one_unit ? kNaN : crps / count;
  if (sum.naive_count > 0 && one_unit) {
    const double k = static_cast<double>(sum.naive_count);
    sum.model_crps_where_naive = model_naive / k;
    sum.naive_crps = naive / k;
    sum.skill = naive > 0 ? 1 - model_naive / naive : kNaN;
  } else {
    sum.model_crps_where_naive = sum.naive_crps = sum.skill = kNaN;
  }
  return sum;
}

}  // namespace

double observed_value(const OutcomeTable& table, const PlacedObservation& placed, PeriodTotal total,
                      std::size_t i) {
  const auto value = [&](std::size_t p) {
    return placed.quarterly ? table.quarterly(i, placed.series, p)
                            : table.monthly(i, static_cast<Monthly>(placed.series), p);
  };
  switch (total) {
    case PeriodTotal::last:
      return value(placed.last);
    case PeriodTotal::sum:
    case PeriodTotal::mean: {
      double sum = 0;
      for (std::size_t p = placed.first; p <= placed.last; ++p)
        sum += value(p);
      return total == PeriodTotal::sum ? sum
                                       : sum / static_cast<double>(placed.last - placed.first + 1);
    }
    case PeriodTotal::none:
      break;
  }
  throw InternalError("observed_value: a rank has no value over several quarters");
}

BacktestResult backtest(const ObservationsFile& observations,
                        std::span<const BacktestOrigin> origins) {
  BacktestResult result;
  std::vector<double> sample;
  for (std::size_t o = 0; o < origins.size(); ++o)
    for (std::size_t r = 0; r < observations.rows.size(); ++r)
      if (origins[o].placed.at(r).role == ObservationRole::scored)
        result.rows.push_back(score(observations, origins[o], o, r, sample));

  std::vector<std::string> groups;
  for (const ScoredObservation& s : result.rows)
    if (std::find(groups.begin(), groups.end(), s.group) == groups.end()) groups.push_back(s.group);
  std::vector<const ScoredObservation*> all;
  for (const ScoredObservation& s : result.rows)
    all.push_back(&s);
  for (const std::string& group : groups) {
    std::vector<const ScoredObservation*> members;
    for (const ScoredObservation* s : all)
      if (s->group == group) members.push_back(s);
    result.by_group.push_back(summarise(group, members, true));
  }
  result.pooled = summarise("all", all, groups.size() <= 1);
  return result;
}

}  // namespace rollout
