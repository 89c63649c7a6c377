#include "cli/terminal_table.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <algorithm>
#include <cmath>
#include <ostream>

namespace rollout::cli {

namespace {

void print_rank_correlations(std::ostream& out, const Model& model, const RunInfo& run) {
  if (run.correlations.empty()) return;
  const bool repaired = model.copula() != nullptr && model.copula()->repaired();
  std::size_t width = 0;
  for (const AchievedCorrelation& c : run.correlations)
    width = std::max(width, c.first.size() + c.second.size() + 3);
  fmt::print(out, "\n{:<{}} {:>8}{} {:>9}\n", "Rank correlations (Spearman)", width, "target",
             repaired ? fmt::format(" {:>8}", "used") : "", "achieved");
  for (const AchievedCorrelation& c : run.correlations) {
    fmt::print(out, "{:<{}} {:>8.3f}{} {:>9.3f}\n", c.first + " ~ " + c.second, width, c.target,
               repaired ? fmt::format(" {:>8.3f}", c.used) : "", c.achieved);
  }
  if (repaired) {
    fmt::print(out,
               "the targets are not a valid correlation matrix: the nearest valid one is used "
               "(simulation.nearest_correlation)\n");
  }
}

}  // namespace

void print_run_table(std::ostream& out, const Model& model, const std::vector<KpiResult>& kpis,
                     const std::vector<QuarterStores>& quarters, const RunInfo& run) {
  const auto& levels = model.scenario().simulation.percentiles;
  auto level_index = [&](double p) {
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (levels[i] == p) return static_cast<int>(i);
    }
    return -1;
  };
  const int p5 = level_index(5), p50 = level_index(50), p95 = level_index(95);
  const std::string processes =
      run.processes > 1 ? fmt::format("{} processes x ", run.processes) : std::string();
  fmt::print(out, "{}: {} replications, seed {}, {}{} thread{}, {:.2f} s\n\n", run.scenario,
             with_commas(static_cast<double>(run.replications)), run.seed, processes, run.threads,
             run.threads == 1 ? "" : "s", run.wall_seconds);
  fmt::print(out, "{:<22} {:>24} {:>12} {:>12} {:>12}\n", "KPI", "mean ± se", "P5", "P50", "P95");
  for (const KpiResult& k : kpis) {
    if (!k.reported) continue;
    const KpiInfo& about = info(k.kpi);
    if (about.binary()) {
      fmt::print(out, "{:<22} {:>24}   proportion, 95% Wilson interval\n", about.name,
                 fmt::format("{:.3f} [{:.3f}, {:.3f}]", k.proportion.proportion, k.proportion.lo,
                             k.proportion.hi));
      continue;
    }
    if (!k.available) {
      fmt::print(out, "{:<22} {:>24}\n", about.name,
                 k.kpi == Kpi::target_month ? "never reached" : "-");
      continue;
    }
    auto at = [&](int i) {
      return i < 0 ? std::string("")
                   : format_kpi_value(k.kpi, k.summary.percentiles[static_cast<std::size_t>(i)]);
    };
    const std::string mean = fmt::format("{} ± {}", format_kpi_value(k.kpi, k.summary.mean),
                                         format_kpi_error(k.kpi, k.summary.se));
    fmt::print(out, "{:<22} {:>24} {:>12} {:>12} {:>12}", about.name, mean, at(p5), at(p50),
               at(p95));
    if (k.kpi == Kpi::target_month) {
      fmt::print(out, "   month index; reached in {} of {}",
                 with_commas(static_cast<double>(k.summary.count)),
                 with_commas(static_cast<double>(run.replications)));
    }
    if (!k.rank_probabilities.empty()) {
      std::string ranks;
      for (std::size_t r = 0; r < k.rank_probabilities.size(); ++r) {
        if (k.rank_probabilities[r] > 0)
          ranks += fmt::format("{}{}: {:.1f}%", ranks.empty() ? "" : ", ", r + 1,
                               100 * k.rank_probabilities[r]);
      }
      fmt::print(out, "   P(rank) {}", ranks);
    }
    fmt::print(out, "\n");
  }
  print_rank_correlations(out, model, run);
  if (quarters.empty()) return;
  const std::string heading = model.scenario().brands[model.focal()].name + " stores, quarter end";
  fmt::print(out, "\n{:<28} {:>12} {:>12} {:>12}\n", heading, "P5", "P50", "P95");
  for (const QuarterStores& q : quarters) {
    fmt::print(out, "{:<28} {:>12} {:>12} {:>12}\n", q.label, with_commas(q.p5), with_commas(q.p50),
               with_commas(q.p95));
  }
}

}  // namespace rollout::cli
