#include "rollout/analysis/sweep.hpp"

#include <fmt/format.h>
#include <cmath>
#include <filesystem>
#include <set>

#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {

std::vector<bool> pareto_efficient(const std::vector<std::pair<double, double>>& points,
                                   int better_x, int better_y) {
  std::vector<bool> efficient(points.size(), true);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double xi = better_x * points[i].first, yi = better_y * points[i].second;
    for (std::size_t j = 0; j < points.size() && efficient[i]; ++j) {
      const double xj = better_x * points[j].first, yj = better_y * points[j].second;
      if (xj >= xi && yj >= yi && (xj > xi || yj > yi)) efficient[i] = false;
    }
  }
  return efficient;
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
      const double se = info(r.kpi).binary()
                            ? std::sqrt(r.proportion.proportion * (1 - r.proportion.proportion) /
                                        static_cast<double>(r.proportion.count))
                            : (r.available ? r.summary.se : std::nan(""));
      out.number(central_value(r)).number(se).number(at(5)).number(at(50)).number(at(95));
    }
    out.count(efficient[c] ? 1 : 0).end_row();
  }
  return out.finish();
}

}  // namespace rollout
