#include "rollout/analysis/sweep.hpp"

#include <fmt/format.h>
#include <cmath>
#include <filesystem>
#include <set>

#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {

std::vector<bool> pareto_efficient(const std::vector<ParetoPoint>& points, int better_x,
                                   int better_y, double z) {
  const auto variance = [](double se) { return std::isfinite(se) ? se * se : 0.0; };
  // Better (> 0), tied (0) or worse (< 0) by more than the margin, in the KPI's direction.
  const auto compare = [&](double a, double b, double se_a, double se_b, int better) {
    const double margin = z * std::sqrt(variance(se_a) + variance(se_b));
    const double d = better * (a - b);
    return d > margin ? 1 : d < -margin ? -1 : 0;
  };
  std::vector<bool> efficient(points.size(), true);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const ParetoPoint& p = points[i];
    for (std::size_t j = 0; j < points.size() && efficient[i]; ++j) {
      const ParetoPoint& q = points[j];
      const int on_x = compare(q.x, p.x, q.se_x, p.se_x, better_x);
      const int on_y = compare(q.y, p.y, q.se_y, p.se_y, better_y);
      // With margins of zero, ties are exact equality and this is the classical rule.
      if (on_x >= 0 && on_y >= 0 && (on_x > 0 || on_y > 0)) efficient[i] = false;
    }
  }
  return efficient;
}

double kpi_standard_error(const KpiResult& r) {
  if (info(r.kpi).binary())
    return std::sqrt(r.proportion.proportion * (1 - r.proportion.proportion) /
                     static_cast<double>(r.proportion.count));
  return r.available ? r.summary.se : std::nan("");
}

std::string sweep_csv(const SweepPlan& plan, const std::vector<std::vector<KpiResult>>& results,
                      const std::vector<bool>& efficient) {
  std::vector<std::string> header{"combination"};
  header.insert(header.end(), plan.levers.begin(), plan.levers.end());
  // Columns for the KPIs the combinations report (economic ones need an economics block).
  auto reported = [&](std::size_t k) { return !results.empty() && results.front()[k].reported; };
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (!reported(k)) continue;
    const std::string name = info(static_cast<Kpi>(k)).name;
    for (const char* stat : {"mean", "se", "p5", "p50", "p95"})
      header.push_back(fmt::format("{}.{}", name, stat));
  }
  header.emplace_back("pareto");
  CsvWriter out(header);
  for (std::size_t c = 0; c < results.size(); ++c) {
    out.count(c);
    for (const std::string& v : plan.settings[c])
      out.text(v);
    for (const KpiResult& r : results[c]) {
      if (!reported(static_cast<std::size_t>(r.kpi))) continue;
      const auto& levels = plan.scenarios[c].simulation.percentiles;
      auto at = [&](double level) {
        for (std::size_t i = 0; i < levels.size(); ++i) {
          if (levels[i] == level && r.available) return r.summary.percentiles[i];
        }
        return std::nan("");
      };
      out.number(central_value(r)).number(kpi_standard_error(r));
      out.number(at(5)).number(at(50)).number(at(95));
    }
    out.count(efficient[c] ? 1 : 0).end_row();
  }
  return out.finish();
}

}  // namespace rollout
