#pragma once
// The report's sections, one file per kind of results folder; each writes onto a Page.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/report_page.hpp"
#include "report/result_folder.hpp"
#include "rollout/report/svg_chart.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::report {

// A monthly metric of series.csv drawn as a fan chart.
struct MetricChart {
  std::string metric, id, title, y_label;
  svg::Scale scale = svg::Scale::plain;
  bool from_zero = false;
};
// Stores, offline mix, market share, units per store, titled with the brand and market.
std::vector<MetricChart> monthly_charts(const LabelNames& names);
// The names labels use: the run's scenario's, or neutral ones for a folder without it.
LabelNames label_names_of(const RunFolder& run);

// A metric's percentile bands (outermost pair and the pair nearest P25-P75) and median.
svg::FanSeries fan_series(const MetricSeries& m, const std::vector<double>& levels,
                          const std::string& name, const std::string& colour);
// The target as a reference line on the stores chart, when the scenario is known.
std::vector<svg::ReferenceLine> references_for(const MetricChart& chart, const RunFolder& run);

// The observations of `metric` (a series.csv name) that a fan over `dates` can show: at their
// month or quarter, a stock's longer period at its last month, a share's at its middle; a
// flow's quarter or year, a sum the chart does not show, is left out. `quarterly`: the dates
// are quarters ("2022 Q1"), else months ("2022-01").
std::vector<svg::ObservedPoint> observed_points(const std::optional<ObservationsFile>& observed,
                                                const std::string& metric,
                                                const std::vector<std::string>& dates,
                                                bool quarterly, svg::Scale scale);

// The chance of the target by each month (summary.json's target_month.reached_by_month) as a
// series over months ("YYYY-MM") with one statistic, kReachedStat; no dates for a folder
// without it.
inline constexpr const char* kReachedStat = "reached";
MetricSeries reached_curve(const SummaryFile& summary);
// Its chart: one line per scenario, titled with the target.
svg::FanChart reached_chart(const std::string& target_text);
// "30,000 Xiaomi stores", or "the target" for a folder without its scenario.
std::string target_text(const RunFolder& run);
// "47% chance (95% interval 45–50%) of 30,000 Xiaomi stores by the end of Oct 2024", from
// the run's target_by_deadline (the deadline left out for a folder without its scenario).
std::string chance_of_target_text(const RunFolder& run, const KpiRecord& chance);

// "Points: what was observed (FILE), ...": the note above charts that show observations.
void note_observed(Page& page, const std::optional<ObservationsFile>& observed);

// A rank KPI's chances: "1st 20.5%, 2nd 24.0%, 3rd 23.0%, 4th or lower 32.5%" (rank 1 first;
// what a mean rank hides).
std::string rank_chances_text(const std::vector<double>& rank_probabilities);
// A KPI's name as people read it, e.g. "Xiaomi stores at the end".
std::string kpi_label(const std::string& kpi, const LabelNames& names);
// Calendar label of a month index, e.g. "Nov 2024" for month 36 from 2021-11.
std::string month_label(const Scenario& scenario, int month_index);
// A target_month statistic as the calendar month it falls in, to the nearest ("Jul 2024"),
// with the month index after it when `with_index` ("Jul 2024 (month 32.3)").
std::string target_month_text(const Scenario& scenario, double month_index, bool with_index);

// One run: metadata, plan and assumptions, fan charts, global share and rank, KPI table.
// With `backtest`, the folder's backtest.json scores come right after the run's facts.
void write_run_report(Page& page, const RunFolder& run, bool backtest = false);
void write_run_facts(Page& page, const SummaryFile& summary);
void write_assumptions(Page& page, const Scenario& scenario);
// (lever, setting) rows: target, deadline, capacity, allocation, execution, formats, market.
std::vector<std::vector<std::string>> lever_rows(const Scenario& scenario);
void write_run_charts(Page& page, const RunFolder& run);
// Tile-grid maps of the median stores and units per store by region at the end, when every
// region of the scenario has a tile (nothing otherwise).
void write_region_maps(Page& page, const RunFolder& run, const LabelNames& names);
// With the scenario, target_month reads as calendar months ("Jul 2024"), not month indices.
void write_kpi_table(Page& page, const SummaryFile& summary, const LabelNames& names,
                     const Scenario* scenario = nullptr);
// A histogram of each headline KPI over the replications (replications.csv), marked at its
// P5, median and P95 (and the target); nothing for a folder without replications.csv.
void write_kpi_distributions(Page& page, const RunFolder& run);
// With economics: the net present value's distribution (nothing without an economics block).
void write_economics(Page& page, const SummaryFile& summary, const LabelNames& names);

// `observed`: drawn over the fans instead of the folder's observed.csv.
void write_compare_report(Page& page, const std::filesystem::path& dir,
                          const std::optional<std::filesystem::path>& observed = std::nullopt);
// A compare folder's differences.csv: for each headline monthly series, each scenario minus
// the first (`scenarios`, in order) over time; nothing without the file (unpaired runs).
void write_differences_over_time(Page& page, const std::filesystem::path& dir,
                                 const std::vector<std::string>& scenarios,
                                 const LabelNames& names);
// A discover folder's discover.json: the condition, the PRIM trajectory and the chosen box.
void write_discovery_section(Page& page, const std::filesystem::path& dir);
void write_sweep_report(Page& page, const std::filesystem::path& dir);
void write_optimize_report(Page& page, const std::filesystem::path& dir);
void write_sensitivity_report(Page& page, const std::filesystem::path& dir);
// A backtest's scores (backtest.json): coverage, PIT histogram, every observation's row.
void write_backtest_section(Page& page, const std::filesystem::path& dir);

}  // namespace rollout::report
