#pragma once
// Charts for the HTML report as plain SVG text: fan charts over calendar periods, stacked
// bars, a scatter with its Pareto front, a tornado and a histogram. No script, so a report opens
// and prints the same in any browser or mail viewer, offline (docs/design.md says why this is
// written here rather than taken from a charting library).
//
// Every chart is a <figure class="chart" data-chart="ID"> holding one <svg> with a title,
// labelled axes and a legend; values carry <title> tooltips.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace rollout::svg {

// How axis and tooltip values print.
enum class Scale {
  count,    // 28,146 (thousands separators; 1.2 M above ten million)
  percent,  // a fraction shown as a percentage: 0.189 -> 18.9%
  points,   // a difference of fractions in percentage points: 0.012 -> 1.2 pp
  plain,    // 82.5
};

// `value` formatted for an axis whose ticks are `step` apart (enough decimals to tell
// neighbouring ticks apart).
std::string format_tick(double value, Scale scale, double step);
// `value` with about three significant digits, for tooltips and labels.
std::string format_value(double value, Scale scale);

// Round tick positions covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
struct Ticks {
  double lo = 0, hi = 1, step = 1;
  std::vector<double> at;
};
Ticks nice_ticks(double lo, double hi, int wanted = 5);

// A horizontal axis of calendar periods (months or quarters): every period's full label
// for tooltips, and the periods that carry a tick label.
struct PeriodAxis {
  std::string title;                     // e.g. "month"
  std::vector<std::string> labels;       // one per period
  std::vector<std::size_t> ticks;        // indices of labelled periods
  std::vector<std::string> tick_labels;  // their labels
};
// From `YYYY-MM` dates: ticks on January (and July, or every quarter, when few years).
PeriodAxis monthly_axis(const std::vector<std::string>& dates);
// From quarter labels (`2022Q1`, or `2021-11..2022-01`, shown as "Nov 21–Jan 22"): about
// eight labelled ticks.
PeriodAxis quarterly_axis(const std::vector<std::string>& labels);

// A band between two percentile series, e.g. P5-P95.
struct Band {
  std::string label;  // "P5–P95"
  std::vector<double> lo, hi;
};
struct FanSeries {
  std::string name;            // legend entry; may be empty for a single series
  std::string color;           // CSS colour
  std::vector<Band> bands;     // widest first
  std::vector<double> median;  // the line
  std::string median_label = "median";
};
// A horizontal line across the plot, e.g. the target.
struct ReferenceLine {
  double value = 0;
  std::string label;
};
// What really happened at a period, drawn as a point over the fans (docs/backtest.md).
struct ObservedPoint {
  double period = 0;  // position on the period axis; between two periods for a longer span
  double value = 0;
  std::string tooltip;  // e.g. "2022 Q1: 15.0% observed (Counterpoint)"
};
struct FanChart {
  std::string id, title, y_label;
  Scale scale = Scale::plain;
  bool y_from_zero = false;
  PeriodAxis x;
  std::vector<FanSeries> series;
  std::vector<ReferenceLine> references;
  std::vector<ObservedPoint> observed;
};
std::string render(const FanChart& chart);

// Bars stacked to a total per period (e.g. the probability of each rank, summing to 1).
struct BarStack {
  std::string label;
  std::string color;
  std::vector<double> values;  // one per period
};
struct StackedBars {
  std::string id, title, y_label;
  Scale scale = Scale::percent;
  PeriodAxis x;
  std::vector<BarStack> stacks;  // bottom first
};
std::string render(const StackedBars& chart);

struct ScatterPoint {
  double x = 0, y = 0;
  std::string label;    // printed beside the point where it fits (see Scatter)
  std::string tooltip;  // shown on hover
  bool highlighted = false;
};
// Points, the highlighted ones joined in order of x (a Pareto front) unless told not to.
// Labels never overlap: each goes on the first free spot around its point (right, left,
// above, below) that covers no other label and no point, highlighted points first; a
// label with no free spot is left off (the tooltip still has it).
struct Scatter {
  std::string id, title, x_label, y_label;
  bool join_highlighted = true;
  bool label_every_point = false;      // else only the highlighted points' labels
  bool join_in_order = false;          // a thin line through every point, in the given order
  std::string path_name = "in order";  // its legend entry
  Scale x_scale = Scale::plain, y_scale = Scale::plain;
  std::string highlight_name = "Pareto-efficient";
  std::string other_name = "dominated";
  std::vector<ScatterPoint> points;
};
std::string render(const Scatter& chart);

// One bar per input: the output with the input at its low and at its high value, drawn
// from the base value; widest swing on top (the caller orders them).
struct TornadoBar {
  std::string label;
  double low = 0, high = 0;         // the output at the input's low and high values
  std::string low_note, high_note;  // the input values, e.g. "0.77"
};
struct Tornado {
  std::string id, title, x_label;
  Scale scale = Scale::plain;
  double base = 0;
  // The KPI's own P5-P95 over the replications, shaded behind the bars and always on the
  // axis: the scale that shows whether a swing matters (NaN: not drawn).
  double outcome_p5 = std::numeric_limits<double>::quiet_NaN();
  double outcome_p95 = std::numeric_limits<double>::quiet_NaN();
  std::string base_label = "all inputs as sampled";
  std::string low_name = "input at its P10", high_name = "input at its P90";
  std::vector<TornadoBar> bars;
};
std::string render(const Tornado& chart);

// How often a KPI's values fell in each range over the replications, with markers at
// chosen values (its P5, median and P95; a target).
struct HistogramBin {
  double lo = 0, hi = 0;  // the range [lo, hi)
  double share = 0;       // of the values counted
};
struct ValueMarker {
  double value = 0;
  std::string label;        // e.g. "median 29,693"
  bool emphasised = false;  // a target rather than a percentile
};
struct Histogram {
  std::string id, title, x_label;
  Scale scale = Scale::plain;
  std::vector<HistogramBin> bins;
  std::vector<ValueMarker> markers;
};
std::string render(const Histogram& chart);
// Bins of one round width (1, 2 or 5 times a power of ten, about `wanted` of them) covering
// the finite values; each bin's share of them. None when no value is finite.
std::vector<HistogramBin> histogram_bins(const std::vector<double>& values, int wanted = 30);

// Regions as squares on a grid (a tile-grid map: no geography), each coloured by a value,
// light for the lowest and dark for the highest.
struct Tile {
  std::int64_t row = 0, column = 0;  // row 0 at the top, column 0 at the left
  std::string label;                 // the region's name
  double value = 0;                  // NaN: drawn grey, "no value"
  std::string tooltip;
};
struct TileMap {
  std::string id, title;
  std::string value_label;  // what the colour shows, e.g. "median stores at the end"
  Scale scale = Scale::count;
  std::vector<Tile> tiles;
};
std::string render(const TileMap& chart);

// Text safe inside XML and HTML elements and attribute values.
std::string escape(const std::string& text);

// A palette that stays distinguishable for colour-blind readers (Okabe and Ito).
const std::vector<std::string>& palette();

}  // namespace rollout::svg
