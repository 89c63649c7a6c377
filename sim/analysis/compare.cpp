#include "rollout/analysis/compare.hpp"
#include "rollout/analysis/comparison_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>

#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {
namespace {

std::vector<double> kpi_column(const OutcomeTable& table, Kpi k) {
  std::vector<double> column(table.replications());
  for (std::size_t i = 0; i < table.replications(); ++i)
    column[i] = table.kpi(i, k);
  return column;
}

// Index of a percentile level among the scenario's, or -1.
int level_index(const ComparedScenario& s, double level) {
  const auto& levels = s.model->scenario().simulation.percentiles;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] == level) return static_cast<int>(i);
  }
  return -1;
}

double percentile_of(const ComparedScenario& s, const KpiResult& k, double level) {
  const int i = level_index(s, level);
  return i < 0 || !k.available ? std::nan("") : k.summary.percentiles[static_cast<std::size_t>(i)];
}

bool reports_series(const ComparedScenario& s, Monthly m) {
  return reported(info(m), s.model->scenario().economics.has_value());
}

// Scenario `b` against `a`, month by month, over the calendar months both simulate and the
// replications both kept series for.
SeriesDifference series_difference(const ComparedScenario& a, const ComparedScenario& b,
                                   Monthly metric) {
  SeriesDifference out;
  out.metric = metric;
  const Scenario &sa = a.model->scenario(), &sb = b.model->scenario();
  const CalendarMonth first = std::max(sa.first_calendar_month(), sb.first_calendar_month());
  const CalendarMonth last = std::min(sa.last_calendar_month(), sb.last_calendar_month());
  const std::size_t rows = std::min(a.table->series_replications(), b.table->series_replications());
  const std::array<double, 3> levels{5, 50, 95};
  std::vector<double> d(rows), scratch;
  for (CalendarMonth month = first; month <= last; month = month + 1) {
    const auto ta = static_cast<std::size_t>(month - sa.first_calendar_month());
    const auto tb = static_cast<std::size_t>(month - sb.first_calendar_month());
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      d[i] = b.table->monthly(i, metric, tb) - a.table->monthly(i, metric, ta);
      pairs += std::isnan(d[i]) ? 0 : 1;
    }
    if (pairs < 2) continue;  // e.g. units per store before either has a store
    const Summary sum = summarize(d, levels, true, scratch);
    out.months.push_back(month);
    out.pairs.push_back(sum.count);
    out.mean.push_back(sum.mean);
    out.se.push_back(sum.se);
    out.lo.push_back(sum.mean - 1.96 * sum.se);
    out.hi.push_back(sum.mean + 1.96 * sum.se);
    out.p5.push_back(sum.percentiles[0]);
    out.p50.push_back(sum.percentiles[1]);
    out.p95.push_back(sum.percentiles[2]);
  }
  return out;
}

}  // namespace

bool Comparison::reports(std::size_t k) const {
  for (const ComparedScenario& s : scenarios)
    if (s.kpis.at(k).reported) return true;
  return false;
}

Comparison compare(std::vector<ComparedScenario> scenarios, bool paired) {
  if (scenarios.empty()) throw InternalError("compare: no scenarios");
  Comparison c;
  c.scenarios = std::move(scenarios);
  c.paired = paired;
  const OutcomeTable& reference = *c.scenarios.front().table;
  c.differences.resize(c.scenarios.size());
  for (std::size_t j = 1; j < c.scenarios.size(); ++j) {
    const OutcomeTable& other = *c.scenarios[j].table;
    if (paired && other.replications() != reference.replications()) {
      throw InternalError("compare: scenarios ran different replication counts");
    }
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const auto kpi = static_cast<Kpi>(k);
      const std::vector<double> a = kpi_column(reference, kpi), b = kpi_column(other, kpi);
      if (!paired) {
        auto values = [](const std::vector<double>& x) {
          return std::count_if(x.begin(), x.end(), [](double v) { return !std::isnan(v); });
        };
        c.differences[j].push_back(values(a) >= 2 && values(b) >= 2 ? unpaired_difference(a, b)
                                                                    : PairedDifference{});
        continue;
      }
      std::size_t pairs = 0;
      for (std::size_t i = 0; i < a.size(); ++i)
        pairs += std::isnan(a[i]) || std::isnan(b[i]) ? 0 : 1;
      c.differences[j].push_back(pairs >= 2 ? paired_difference(a, b, info(kpi).direction)
                                            : PairedDifference{});
    }
  }
  if (!paired) return c;
  const ComparedScenario& first = c.scenarios.front();
  for (std::size_t m = 0; m < kMonthlyCount; ++m) {
    const auto metric = static_cast<Monthly>(m);
    for (std::size_t j = 1; j < c.scenarios.size(); ++j) {
      if (!reports_series(first, metric) || !reports_series(c.scenarios[j], metric)) continue;
      SeriesDifference d = series_difference(first, c.scenarios[j], metric);
      d.scenario = j;
      if (!d.months.empty()) c.series_differences.push_back(std::move(d));
    }
  }
  return c;
}

ComparisonFile comparison_file(const Comparison& c, std::uint64_t seed, std::size_t replications) {
  ComparisonFile file;
  file.seed = seed;
  file.replications = replications;
  file.paired = c.paired;
  for (const ComparedScenario& s : c.scenarios)
    file.scenarios.push_back({s.name, s.sha256, s.folder});
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (!c.reports(k)) continue;
    const KpiInfo& about = info(static_cast<Kpi>(k));
    ComparedKpiRecord entry;
    entry.better = about.direction > 0 ? "higher" : "lower";
    for (std::size_t j = 0; j < c.scenarios.size(); ++j) {
      const ComparedScenario& s = c.scenarios[j];
      const KpiResult& r = s.kpis[k];
      ScenarioKpiRecord row{s.name,
                            central_value(r),
                            percentile_of(s, r, 5),
                            percentile_of(s, r, 50),
                            percentile_of(s, r, 95),
                            std::nullopt};
      if (j > 0) {
        const PairedDifference& d = c.differences[j][k];
        const auto when_paired = [&](double x) { return d.count ? x : std::nan(""); };
        row.difference = DifferenceRecord{c.scenarios.front().name,
                                          d.count,
                                          when_paired(d.mean),
                                          when_paired(d.se),
                                          {when_paired(d.lo), when_paired(d.hi)},
                                          when_paired(d.p_better),
                                          when_paired(d.p_tie),
                                          when_paired(d.variance_reduction)};
      }
      entry.scenarios.push_back(std::move(row));
    }
    file.kpis.emplace_back(about.name, std::move(entry));
  }
  return file;
}

std::string comparison_csv(const Comparison& c) {
  CsvWriter out({"kpi", "better", "scenario", "mean", "p5", "p50", "p95", "against", "pairs",
                 "diff_mean", "diff_se", "diff_lo", "diff_hi", "p_better", "p_tie",
                 "variance_reduction"});
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (!c.reports(k)) continue;
    const KpiInfo& about = info(static_cast<Kpi>(k));
    for (std::size_t j = 0; j < c.scenarios.size(); ++j) {
      const ComparedScenario& s = c.scenarios[j];
      const KpiResult& r = s.kpis[k];
      out.text(about.name).text(about.direction > 0 ? "higher" : "lower").text(s.name);
      out.number(central_value(r)).number(percentile_of(s, r, 5));
      out.number(percentile_of(s, r, 50)).number(percentile_of(s, r, 95));
      if (j == 0 || c.differences[j][k].count == 0) {
        out.blank(9).end_row();
        continue;
      }
      const PairedDifference& d = c.differences[j][k];
      out.text(c.scenarios.front().name).count(d.count).number(d.mean).number(d.se);
      out.number(d.lo).number(d.hi).number(d.p_better).number(d.p_tie);
      if (std::isinf(d.variance_reduction)) {
        out.text("inf");
      } else {
        out.number(d.variance_reduction);
      }
      out.end_row();
    }
  }
  return out.finish();
}

std::string series_differences_csv(const Comparison& c) {
  CsvWriter out({"metric", "scenario", "against", "date", "pairs", "mean", "se", "lo", "hi", "p5",
                 "p50", "p95"});
  for (const SeriesDifference& d : c.series_differences) {
    for (std::size_t t = 0; t < d.months.size(); ++t) {
      out.text(info(d.metric).name).text(c.scenarios[d.scenario].name);
      out.text(c.scenarios.front().name).text(d.months[t].text()).count(d.pairs[t]);
      out.number(d.mean[t]).number(d.se[t]).number(d.lo[t]).number(d.hi[t]);
      out.number(d.p5[t]).number(d.p50[t]).number(d.p95[t]).end_row();
    }
  }
  return out.finish();
}

}  // namespace rollout
