// The backtest section (docs/backtest.md): what backtest.json holds, as a page reads it.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "report/sections.hpp"
#include "rollout/analysis/backtest_file.hpp"

namespace rollout::report {
namespace {

constexpr std::size_t kPitBins = 10;

svg::Scale scale_of(const std::string& metric) {
  const auto m = observed_metric_named(metric);
  return m && m->fraction() ? svg::Scale::percent : svg::Scale::count;
}

std::string value_text(double x, svg::Scale scale) {
  return std::isfinite(x) ? svg::format_value(x, scale) : "–";
}

std::string coverage_text(const BandCoverage& c) {
  const double p = c.tail_probability;
  return fmt::format("{} of {} (p {})", c.inside, c.count,
                     p < 0.001 ? "< 0.001" : fmt::format("{:.3f}", p));
}

// A score in the metric's unit: a share's in percentage points.
std::string crps_text(double x, svg::Scale scale) {
  if (!std::isfinite(x)) return "–";
  return scale == svg::Scale::percent ? fmt::format("{:.2f} pp", 100 * x)
                                      : svg::format_value(x, scale);
}

// The metric a summary group is of: its rows' metric.
std::string group_metric(const std::vector<BacktestRowRecord>& rows, const std::string& group) {
  for (const BacktestRowRecord& row : rows)
    if (row.group == group) return row.metric;
  return "";
}

void write_pit_histogram(Page& page, const std::vector<BacktestRowRecord>& rows) {
  std::vector<double> share(kPitBins, 0);
  std::size_t count = 0;
  for (const BacktestRowRecord& row : rows) {
    const double pit = row.pit;
    if (!std::isfinite(pit)) continue;
    const auto bin = std::min(kPitBins - 1, static_cast<std::size_t>(pit * kPitBins));
    share[bin] += 1;
    ++count;
  }
  if (count == 0) return;
  for (double& s : share)
    s /= static_cast<double>(count);
  svg::StackedBars bars;
  bars.id = "pit-histogram";
  bars.title = fmt::format(
      "Where the {} observations fell in the model's distribution (PIT; calibrated: about 10% "
      "in each bar)",
      count);
  bars.y_label = "share of observations";
  bars.x.title = "PIT: share of replications below the observation";
  for (std::size_t b = 0; b < kPitBins; ++b) {
    const double lo = static_cast<double>(b) / kPitBins;
    const std::string span = fmt::format("{:.1f}–{:.1f}", lo, lo + 1.0 / kPitBins);
    bars.x.labels.push_back(span);
    bars.x.ticks.push_back(b);
    bars.x.tick_labels.push_back(span);
  }
  bars.stacks.push_back({"observations", svg::palette()[0], share});
  page.chart(svg::render(bars));
}

}  // namespace

void write_backtest_section(Page& page, const std::filesystem::path& dir) {
  const BacktestFile doc =
      parse_backtest_file(read_text(dir / "backtest.json"), (dir / "backtest.json").string());
  const std::vector<BacktestRowRecord>& rows = doc.rows;
  page.heading(2, "Backtest: the forecast against what happened", "backtest");
  page.note(
      "Each observation is held against the replications' values at its date. Inside a band: "
      "between its percentiles. PIT: the share of replications below the observation, even "
      "over 0 to 1 when the model is calibrated. CRPS: the distance between the model's "
      "distribution and the observation, in the metric's unit (lower is better); skill above 0 "
      "beats the last value observed before the start, held flat. The probability after each "
      "coverage is that of so few (or so many) inside for a calibrated model, observations "
      "taken as independent.");
  Table summary;
  summary.id = "backtest-summary";
  summary.caption = "Scores by metric, then over every observation.";
  summary.header = {"metric",   "observations", "inside 50% band", "inside 90% band",
                    "mean PIT", "mean CRPS",    "naive CRPS",      "skill"};
  summary.numeric = {false, true, true, true, true, true, true, true};
  auto add = [&](const BacktestSummary& s) {
    const svg::Scale scale = scale_of(group_metric(rows, s.group));
    summary.rows.push_back({s.group == "all" ? "every observation" : s.group,
                            fmt::format("{}", s.count), coverage_text(s.coverage_50),
                            coverage_text(s.coverage_90), fmt::format("{:.2f}", s.mean_pit),
                            crps_text(s.mean_crps, scale), crps_text(s.naive_crps, scale),
                            std::isfinite(s.skill) ? fmt::format("{:+.2f}", s.skill) : "–"});
  };
  for (const BacktestSummary& s : doc.by_metric)
    add(s);
  if (doc.by_metric.size() > 1) add(doc.summary);
  page.table(summary);
  write_pit_histogram(page, rows);

  Table table;
  table.id = "backtest-observations";
  table.caption = "Every scored observation.";
  const bool several = doc.origins.size() > 1;
  table.header = {"date", "metric", "observed",    "P5",   "P50",
                  "P95",  "PIT",    "in 90% band", "CRPS", "source"};
  table.numeric = {false, false, true, true, true, true, true, false, true, false};
  if (several) {
    table.header.insert(table.header.begin(), "origin");
    table.numeric.insert(table.numeric.begin(), false);
  }
  for (const BacktestRowRecord& row : rows) {
    const svg::Scale scale = scale_of(row.metric);
    const auto percentile = [&](double level) {
      const auto* at = std::find(kBacktestPercentiles.begin(), kBacktestPercentiles.end(), level);
      return value_text(
          row.percentiles.at(static_cast<std::size_t>(at - kBacktestPercentiles.begin())), scale);
    };
    std::vector<std::string> cells{row.date,
                                   row.metric,
                                   value_text(row.value, scale),
                                   percentile(5),
                                   percentile(50),
                                   percentile(95),
                                   fmt::format("{:.3f}", row.pit),
                                   row.inside_90 ? "yes" : "no",
                                   crps_text(row.crps, scale),
                                   row.source};
    if (several) cells.insert(cells.begin(), row.origin);
    table.rows.push_back(std::move(cells));
  }
  page.table(table);
}

}  // namespace rollout::report
