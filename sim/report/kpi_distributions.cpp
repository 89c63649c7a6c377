// A histogram of each headline KPI over a run's replications (replications.csv), marked at
// the percentiles of summary.json and, for the stores, at the target.
#include <fmt/format.h>
#include <array>
#include <cmath>

#include "report/sections.hpp"
#include "rollout/results/number_format.hpp"
#include "rollout/scenario/kpi.hpp"

namespace rollout::report {
namespace {

// The outcomes a strategist asks about first; the others stay in the table of key results.
constexpr std::array kHeadlineKpis{Kpi::stores_end,       Kpi::market_share_end,
                                   Kpi::offline_mix_end,  Kpi::units_per_store_end,
                                   Kpi::global_share_end, Kpi::npv};

svg::Scale scale_of(KpiDisplay display) {
  switch (display) {
    case KpiDisplay::share:
    case KpiDisplay::proportion:
      return svg::Scale::percent;
    case KpiDisplay::count:
    case KpiDisplay::millions:
    case KpiDisplay::money:
      return svg::Scale::count;
    case KpiDisplay::decimal:
    case KpiDisplay::rank:
      return svg::Scale::plain;
  }
  return svg::Scale::plain;
}

}  // namespace

void write_kpi_distributions(Page& page, const RunFolder& run) {
  const auto file = run.dir / "replications.csv";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;  // a folder written without it
  std::vector<std::string> names;
  for (const Kpi k : kHeadlineKpis)
    if (run.summary.find(k) != nullptr) names.emplace_back(info(k).name);
  const auto columns = read_number_columns(file, names);
  const LabelNames label_names = label_names_of(run);
  bool headed = false;
  for (const Kpi k : kHeadlineKpis) {
    const auto column = columns.find(std::string(info(k).name));
    if (column == columns.end()) continue;
    svg::Histogram chart;
    chart.bins = svg::histogram_bins(column->second);
    if (chart.bins.empty()) continue;  // no replication has a value
    if (!headed) {
      page.heading(2, "How the key results are spread", "distributions");
      page.note(
          "Each bar: the share of replications whose result fell in its range. Dashed lines: "
          "the 5th, 50th and 95th percentiles of the table of key results.");
      headed = true;
    }
    const std::string label = kpi_label(std::string(info(k).name), label_names);
    chart.id = fmt::format("distribution-{}", info(k).name);
    chart.title = fmt::format("{}: across replications", label);
    chart.x_label = label;
    chart.scale = scale_of(info(k).display);
    const KpiRecord& record = *run.summary.find(k);
    using Marked = std::pair<const char*, const char*>;  // statistic, as shown
    for (const auto& [stat, shown] :
         std::array{Marked{"p5", "P5"}, Marked{"p50", "median"}, Marked{"p95", "P95"}})
      chart.markers.push_back(
          {record.statistic(stat),
           fmt::format("{} {}", shown, format_kpi_value(k, record.statistic(stat))), false});
    if (k == Kpi::stores_end && run.scenario) {
      const double target = static_cast<double>(run.scenario->plan.target_stores);
      chart.markers.push_back({target, fmt::format("target {}", with_commas(target)), true});
    }
    page.chart(svg::render(chart));
  }
}

}  // namespace rollout::report
