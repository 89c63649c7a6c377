// The compare report's paired differences over time (differences.csv): for each headline
// monthly series, each plan minus the first, month by month, over the same replications.
#include <fmt/format.h>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "report/sections.hpp"

namespace rollout::report {
namespace {

// One plan's difference from the reference for one metric, by date.
struct DifferenceSeries {
  std::map<std::string, std::array<double, 5>> by_date;  // mean, lo, hi, p5, p95
};

std::vector<double> column_of(const DifferenceSeries& d, const std::vector<std::string>& dates,
                              std::size_t which) {
  std::vector<double> out(dates.size(), NAN);
  for (std::size_t t = 0; t < dates.size(); ++t)
    if (const auto it = d.by_date.find(dates[t]); it != d.by_date.end()) out[t] = it->second[which];
  return out;
}

}  // namespace

void write_differences_over_time(Page& page, const std::filesystem::path& dir,
                                 const std::vector<std::string>& scenarios,
                                 const LabelNames& names) {
  const auto file = dir / "differences.csv";
  std::error_code ec;
  if (scenarios.size() < 2 || !std::filesystem::exists(file, ec)) return;  // unpaired or older
  // differences.csv names each plan by its scenario's name: two plans after the first with
  // one name could not be told apart, so nothing is drawn rather than a blend of the two.
  const std::set<std::string> others(scenarios.begin() + 1, scenarios.end());
  if (others.size() != scenarios.size() - 1) {
    page.note(
        "Differences over time are not drawn: two of the compared plans share a scenario name "
        "(differences.csv names plans by it). Give each scenario its own `name:` to draw them.");
    return;
  }
  const NamedCsv csv = read_named_csv(file);
  // (metric, scenario) -> its series
  std::map<std::pair<std::string, std::string>, DifferenceSeries> series;
  for (const auto& row : csv.rows) {
    auto& d = series[{csv.cell(row, "metric"), csv.cell(row, "scenario")}];
    d.by_date[csv.cell(row, "date")] = {
        cell_number(csv.cell(row, "mean")), cell_number(csv.cell(row, "lo")),
        cell_number(csv.cell(row, "hi")), cell_number(csv.cell(row, "p5")),
        cell_number(csv.cell(row, "p95"))};
  }
  const std::string& reference = scenarios.front();
  bool headed = false;
  for (const MetricChart& chart : monthly_charts(names)) {
    std::set<std::string> all_dates;
    std::vector<std::pair<std::size_t, const DifferenceSeries*>> drawn;
    for (std::size_t j = 1; j < scenarios.size(); ++j) {
      const auto it = series.find({chart.metric, scenarios[j]});
      if (it == series.end()) continue;
      drawn.emplace_back(j, &it->second);
      for (const auto& [date, values] : it->second.by_date)
        all_dates.insert(date);
    }
    if (drawn.empty()) continue;
    if (!headed) {
      page.heading(2, "Differences over time", "differences-over-time");
      page.note(fmt::format(
          "Each plan minus {0}, month by month, over the same replications (common random "
          "numbers): the line is the mean difference, the inner band its 95% interval (where it "
          "excludes zero, the run has resolved the difference), the outer band the middle 90% "
          "of the replications' own differences (how far apart the plans land in one future).",
          reference));
      headed = true;
    }
    const std::vector<std::string> dates(all_dates.begin(), all_dates.end());
    svg::FanChart fan;
    fan.id = "difference-" + chart.id;
    fan.title =
        fmt::format("{}: {} minus {}", chart.title,
                    drawn.size() == 1 ? scenarios[drawn.front().first] : "each plan", reference);
    fan.y_label = fmt::format("difference, {}", chart.y_label);
    fan.scale = chart.scale == svg::Scale::percent ? svg::Scale::points : chart.scale;
    fan.x = svg::monthly_axis(dates);
    fan.references = {{0, "no difference"}};
    for (const auto& [j, d] : drawn) {
      svg::FanSeries s;
      s.name = scenarios[j];
      s.color = svg::palette()[j % svg::palette().size()];
      s.bands = {{"P5–P95 of the replications' differences", column_of(*d, dates, 3),
                  column_of(*d, dates, 4)},
                 {"95% interval of the mean difference", column_of(*d, dates, 1),
                  column_of(*d, dates, 2)}};
      s.median = column_of(*d, dates, 0);
      s.median_label = "mean difference";
      fan.series.push_back(std::move(s));
    }
    page.chart(svg::render(fan));
  }
}

}  // namespace rollout::report
