// A KPI's histogram over the replications (rollout/svg_chart.hpp), drawn on a Frame.
#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>

#include "report/svg_frame.hpp"
#include "rollout/report/svg_chart.hpp"

namespace rollout::svg {

std::vector<HistogramBin> histogram_bins(const std::vector<double>& values, int wanted) {
  double lo = INFINITY, hi = -INFINITY;
  std::size_t count = 0;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    ++count;
  }
  if (count == 0) return {};
  // Round edges ("29,000 to 29,500"), from the same rule as the axes' ticks; the last edge
  // lies beyond the largest value, so that every value falls in a bin [lo, hi).
  const Ticks edges = nice_ticks(lo, hi, wanted);
  const auto bins = static_cast<std::size_t>(std::lround((edges.hi - edges.lo) / edges.step)) + 1;
  std::vector<HistogramBin> out(bins);
  for (std::size_t i = 0; i < bins; ++i) {
    out[i].lo = edges.lo + static_cast<double>(i) * edges.step;
    out[i].hi = out[i].lo + edges.step;
  }
  const double weight = 1.0 / static_cast<double>(count);
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    const auto at =
        static_cast<std::size_t>(std::max(0.0, std::floor((v - edges.lo) / edges.step)));
    out[std::min(at, bins - 1)].share += weight;
  }
  // An empty last bin is only the room the rule above left after the largest value.
  while (out.size() > 1 && out.back().share == 0)
    out.pop_back();
  return out;
}

std::string render(const Histogram& chart) {
  double lo = INFINITY, hi = -INFINITY, top = 0;
  for (const HistogramBin& b : chart.bins) {
    lo = std::min(lo, b.lo);
    hi = std::max(hi, b.hi);
    top = std::max(top, b.share);
  }
  for (const ValueMarker& m : chart.markers) {
    if (!std::isfinite(m.value)) continue;
    lo = std::min(lo, m.value);
    hi = std::max(hi, m.value);
  }
  if (lo > hi) lo = 0, hi = 1;
  Frame f(chart.id, chart.title, 330);
  f.set_y(nice_ticks(0, top > 0 ? top : 1, 4));
  f.y_axis(Scale::percent, "share of replications");
  // The axis spans the bins (and markers) exactly, with round ticks inside.
  Ticks x_ticks = nice_ticks(lo, hi, 6);
  std::erase_if(x_ticks.at, [&](double t) { return t < lo - 1e-9 * x_ticks.step || t > hi; });
  x_ticks.lo = lo;
  x_ticks.hi = hi;
  f.set_x(x_ticks);
  f.x_axis(chart.scale, chart.x_label);
  const std::string& colour = palette()[0];
  for (const HistogramBin& b : chart.bins) {
    if (b.share <= 0) continue;
    const double x0 = f.x_of(b.lo), x1 = f.x_of(b.hi), y = f.y_of(b.share);
    f.add(fmt::format(
        "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"{}\" fill-opacity=\"0.75\"><title>{} to {}: {} of replications</title></rect>",
        x0, y, std::max(x1 - x0 - 0.5, 0.5), f.y_of(0) - y, colour,
        escape(format_value(b.lo, chart.scale)), escape(format_value(b.hi, chart.scale)),
        escape(format_value(b.share, Scale::percent))));
  }
  // Each marker's label at the top of the plot, on the first of three rows where it covers
  // no other label (markers close together, such as the median and the target, stack).
  std::vector<ValueMarker> markers = chart.markers;
  std::sort(markers.begin(), markers.end(),
            [](const ValueMarker& a, const ValueMarker& b) { return a.value < b.value; });
  std::array<double, 3> row_end{-INFINITY, -INFINITY, -INFINITY};
  for (const ValueMarker& m : markers) {
    if (!std::isfinite(m.value)) continue;
    const double x = f.x_of(m.value);
    const double half = 3.1 * static_cast<double>(m.label.size()) + 4;  // about 6.2 px a letter
    const double centre = std::clamp(x, f.left() + half, f.right() - half);
    std::size_t row = 0;
    while (row + 1 < row_end.size() && row_end[row] > centre - half)
      ++row;
    row_end[row] = centre + half;
    f.add(fmt::format(
        "<line class=\"marker{0}\" x1=\"{1:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{3:.1f}\">"
        "<title>{4}</title></line>"
        "<text class=\"marker-label\" x=\"{5:.1f}\" y=\"{6:.1f}\" text-anchor=\"middle\">{4}"
        "</text>",
        m.emphasised ? " emphasised" : "", x, f.top(), f.bottom(), escape(m.label), centre,
        f.top() + 12 + 13.0 * static_cast<double>(row)));
  }
  std::vector<LegendEntry> legend{
      {"share of replications in the range", colour, LegendMark::area, 0.75}};
  if (std::any_of(markers.begin(), markers.end(),
                  [](const ValueMarker& m) { return !m.emphasised; }))
    legend.push_back({"percentiles (dashed)", "#333333", LegendMark::line, 1});
  for (const ValueMarker& m : markers)
    if (m.emphasised) legend.push_back({m.label, "#b00020", LegendMark::line, 1});
  f.legend(legend);
  return f.finish();
}

}  // namespace rollout::svg
