#include "rollout/analysis/compare.hpp"
#include "rollout/analysis/comparison_file.hpp"

#include <fmt/format.h>
#include <algorithm>
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

}  // namespace rollout
