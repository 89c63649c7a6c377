// The four chart kinds of rollout/svg_chart.hpp, drawn on a Frame.
#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "report/svg_frame.hpp"
#include "rollout/common/error.hpp"
#include "rollout/report/svg_chart.hpp"

namespace rollout::svg {
namespace {

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void add(const std::vector<double>& values) {
    for (double v : values)
      add(v);
  }
  bool empty() const { return lo > hi; }
};

Ticks ticks_for(Range r, bool from_zero) {
  if (r.empty()) r = Range{0, 1};
  if (from_zero) r.add(0);
  return nice_ticks(r.lo, r.hi, 5);
}

// A polyline through the finite points; a missing value breaks the line.
std::string line_path(const Frame& f, const std::vector<double>& values) {
  std::string d;
  bool pen_down = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      pen_down = false;
      continue;
    }
    d += fmt::format("{}{:.1f},{:.1f}", pen_down ? "L" : "M", f.x_of_point(i, values.size()),
                     f.y_of(values[i]));
    pen_down = true;
  }
  return d;
}

// The area between two series, one closed shape per run of periods where both exist.
std::string band_path(const Frame& f, const Band& band) {
  std::string d;
  const std::size_t n = band.lo.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !(std::isfinite(band.lo[i]) && std::isfinite(band.hi[i])))
      ++i;
    std::size_t j = i;
    while (j < n && std::isfinite(band.lo[j]) && std::isfinite(band.hi[j]))
      ++j;
    if (j > i) {
      for (std::size_t k = i; k < j; ++k)
        d += fmt::format("{}{:.1f},{:.1f}", k == i ? "M" : "L", f.x_of_point(k, n),
                         f.y_of(band.hi[k]));
      for (std::size_t k = j; k-- > i;)
        d += fmt::format("L{:.1f},{:.1f}", f.x_of_point(k, n), f.y_of(band.lo[k]));
      d += "Z";
    }
    i = j;
  }
  return d;
}

double band_opacity(std::size_t band, std::size_t bands) {
  return bands <= 1 ? 0.25
                    : 0.14 + 0.2 * static_cast<double>(band) / static_cast<double>(bands - 1);
}

// An invisible column per period whose tooltip lists every value drawn there.
std::string hover_columns(const Frame& f, const PeriodAxis& x,
                          const std::vector<std::string>& tooltips) {
  std::string out;
  const std::size_t n = x.labels.size();
  const double half = n > 1 ? (f.right() - f.left()) / static_cast<double>(n - 1) / 2 : 20;
  for (std::size_t i = 0; i < n; ++i) {
    const double cx = f.x_of_point(i, n);
    out += fmt::format(
        "<rect class=\"hover\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\">"
        "<title>{}</title></rect>",
        cx - half, f.top(), 2 * half, f.bottom() - f.top(), escape(tooltips[i]));
  }
  return out;
}

// An axis-aligned box in the chart's coordinates.
struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// The scatter's labels, each on the first spot around its point that stays inside the plot
// and covers no placed label and no point; highlighted points are placed first.
std::string point_labels(const Frame& f, const Scatter& chart) {
  constexpr double kLetter = 6.1, kHeight = 12, kGap = 7;  // 11 px text
  std::vector<Box> taken;
  for (const ScatterPoint& p : chart.points)
    if (std::isfinite(p.x) && std::isfinite(p.y)) {
      const double cx = f.x_of(p.x), cy = f.y_of(p.y), r = p.highlighted ? 6 : 4.5;
      taken.push_back({cx - r, cy - r, cx + r, cy + r});
    }
  std::vector<const ScatterPoint*> order;
  for (const ScatterPoint& p : chart.points)
    if (!p.label.empty() && std::isfinite(p.x) && std::isfinite(p.y) &&
        (p.highlighted || chart.label_every_point))
      order.push_back(&p);
  std::stable_partition(order.begin(), order.end(),
                        [](const ScatterPoint* p) { return p->highlighted; });
  std::string out;
  for (const ScatterPoint* p : order) {
    const double cx = f.x_of(p->x), cy = f.y_of(p->y);
    const double w = kLetter * static_cast<double>(p->label.size());
    // Left edges and baselines: right-above, right-below, left-above, left-below, above, below.
    const std::array<std::pair<double, double>, 6> spots{{{cx + kGap, cy - 4},
                                                          {cx + kGap, cy + kHeight + 2},
                                                          {cx - kGap - w, cy - 4},
                                                          {cx - kGap - w, cy + kHeight + 2},
                                                          {cx - w / 2, cy - kGap - 2},
                                                          {cx - w / 2, cy + kGap + kHeight}}};
    for (const auto& [left, baseline] : spots) {
      const Box box{left, baseline - kHeight + 2, left + w, baseline + 3};
      const bool inside =
          box.x0 >= f.left() && box.x1 <= f.right() && box.y0 >= f.top() && box.y1 <= f.bottom();
      if (!inside ||
          std::any_of(taken.begin(), taken.end(), [&](const Box& b) { return b.overlaps(box); }))
        continue;
      taken.push_back(box);
      out += fmt::format("<text class=\"point-label\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", left,
                         baseline, escape(p->label));
      break;
    }
  }
  return out;
}

}  // namespace

std::string render(const FanChart& chart) {
  const std::size_t n = chart.x.labels.size();
  Range range;
  for (const FanSeries& s : chart.series) {
    if (s.median.size() != n) throw InternalError(fmt::format("{}: series length", chart.id));
    range.add(s.median);
    for (const Band& b : s.bands) {
      range.add(b.lo);
      range.add(b.hi);
    }
  }
  for (const ReferenceLine& r : chart.references)
    range.add(r.value);
  for (const ObservedPoint& p : chart.observed)
    range.add(p.value);
  Frame f(chart.id, chart.title, 380);
  f.set_y(ticks_for(range, chart.y_from_zero));
  f.y_axis(chart.scale, chart.y_label);
  f.period_axis(chart.x, false);
  for (const ReferenceLine& r : chart.references) {
    const double y = f.y_of(r.value);
    f.add(fmt::format(
        "<line class=\"reference\" x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>"
        "<text class=\"reference-label\" x=\"{1:.1f}\" y=\"{3:.1f}\" "
        "text-anchor=\"end\">{4}</text>",
        f.left(), f.right(), y, y - 5, escape(r.label)));
  }

  std::vector<std::string> tooltips(n);
  for (std::size_t i = 0; i < n; ++i)
    tooltips[i] = chart.x.labels[i];
  std::vector<LegendEntry> legend;
  const bool several = chart.series.size() > 1;
  for (const FanSeries& s : chart.series) {
    for (std::size_t b = 0; b < s.bands.size(); ++b) {
      // Overlaid bands would add up to an opaque mass: each stays faint, its edges drawn.
      const double opacity = several ? 0.08 : band_opacity(b, s.bands.size());
      f.add(fmt::format("<path class=\"band\" d=\"{}\" fill=\"{}\" fill-opacity=\"{:.2f}\"/>",
                        band_path(f, s.bands[b]), s.color, opacity));
      if (several) {
        for (const auto* edge : {&s.bands[b].lo, &s.bands[b].hi})
          f.add(fmt::format("<path class=\"band-edge\" d=\"{}\" stroke=\"{}\"/>",
                            line_path(f, *edge), s.color));
      }
      if (!several) legend.push_back({s.bands[b].label, s.color, LegendMark::area, opacity});
    }
    f.add(fmt::format("<path class=\"median\" d=\"{}\" stroke=\"{}\"/>", line_path(f, s.median),
                      s.color));
    legend.push_back({several ? s.name : s.median_label, s.color, LegendMark::line, 1});
    for (std::size_t i = 0; i < n; ++i) {
      tooltips[i] += fmt::format("\n{}{}: {}", several ? s.name + " " : "", s.median_label,
                                 format_value(s.median[i], chart.scale));
      for (const Band& b : s.bands)
        tooltips[i] += fmt::format("; {} {} to {}", b.label, format_value(b.lo[i], chart.scale),
                                   format_value(b.hi[i], chart.scale));
    }
  }
  if (several && !chart.series.front().bands.empty()) {
    for (const Band& b : chart.series.front().bands)
      legend.push_back({b.label + " (thin dashed edges)", "#777777", LegendMark::area, 0.2});
  }
  f.add(hover_columns(f, chart.x, tooltips));
  // Drawn after the hover columns, so that each point shows its own tooltip.
  const double step = n > 1 ? f.x_of_point(1, n) - f.x_of_point(0, n) : 0;
  for (const ObservedPoint& p : chart.observed)
    f.add(
        fmt::format("<circle class=\"observed\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\" "
                    "fill=\"#111111\" stroke=\"#ffffff\" stroke-width=\"1.5\">"
                    "<title>{}</title></circle>",
                    f.x_of_point(0, n) + p.period * step, f.y_of(p.value), escape(p.tooltip)));
  if (!chart.observed.empty()) legend.push_back({"observed", "#111111", LegendMark::dot, 1});
  f.legend(legend);
  return f.finish();
}

std::string render(const StackedBars& chart) {
  const std::size_t n = chart.x.labels.size();
  Range range;
  range.add(0);
  for (std::size_t i = 0; i < n; ++i) {
    double total = 0;
    for (const BarStack& s : chart.stacks)
      total += std::isfinite(s.values.at(i)) ? s.values[i] : 0;
    range.add(total);
  }
  Frame f(chart.id, chart.title, 380);
  f.set_y(ticks_for(range, true));
  f.y_axis(chart.scale, chart.y_label);
  const double width = f.bar_width(n) * 0.72;
  for (std::size_t i = 0; i < n; ++i) {
    double base = 0;
    for (const BarStack& s : chart.stacks) {
      const double v = std::isfinite(s.values[i]) ? s.values[i] : 0;
      if (v <= 0) continue;
      const double y_top = f.y_of(base + v);
      f.add(fmt::format(
          "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "fill=\"{}\"><title>{}: {} {}</title></rect>",
          f.bar_centre(i, n) - width / 2, y_top, width, f.y_of(base) - y_top, s.color,
          escape(chart.x.labels[i]), escape(s.label), escape(format_value(v, chart.scale))));
      base += v;
    }
  }
  f.period_axis(chart.x, true);
  std::vector<LegendEntry> legend;
  for (const BarStack& s : chart.stacks)
    legend.push_back({s.label, s.color, LegendMark::area, 1});
  f.legend(legend);
  return f.finish();
}

std::string render(const Scatter& chart) {
  Range xs, ys;
  for (const ScatterPoint& p : chart.points) {
    xs.add(p.x);
    ys.add(p.y);
  }
  Frame f(chart.id, chart.title, 420);
  f.set_y(ticks_for(ys, false));
  f.y_axis(chart.y_scale, chart.y_label);
  f.set_x(ticks_for(xs, false));
  f.x_axis(chart.x_scale, chart.x_label);
  const auto x_of = [&f](double v) { return f.x_of(v); };

  std::vector<const ScatterPoint*> front;
  for (const ScatterPoint& p : chart.points)
    if (p.highlighted && std::isfinite(p.x) && std::isfinite(p.y)) front.push_back(&p);
  std::sort(front.begin(), front.end(),
            [](const ScatterPoint* a, const ScatterPoint* b) { return a->x < b->x; });
  std::string d;
  for (const ScatterPoint* p : front)
    d += fmt::format("{}{:.1f},{:.1f}", d.empty() ? "M" : "L", x_of(p->x), f.y_of(p->y));
  const std::string& accent = palette()[5];
  if (chart.join_in_order) {
    std::string all;
    for (const ScatterPoint& p : chart.points)
      if (std::isfinite(p.x) && std::isfinite(p.y))
        all += fmt::format("{}{:.1f},{:.1f}", all.empty() ? "M" : "L", x_of(p.x), f.y_of(p.y));
    f.add(fmt::format("<path class=\"trajectory\" d=\"{}\" stroke=\"#8a8a8a\"/>", all));
  }
  if (chart.join_highlighted && front.size() > 1)
    f.add(fmt::format("<path class=\"front\" d=\"{}\" stroke=\"{}\"/>", d, accent));
  for (const ScatterPoint& p : chart.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    f.add(
        fmt::format("<circle class=\"point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" "
                    "fill=\"{}\"><title>{}</title></circle>",
                    x_of(p.x), f.y_of(p.y), p.highlighted ? 6 : 4.5,
                    p.highlighted ? accent : "#8a8a8a", escape(p.tooltip)));
  }
  f.add(point_labels(f, chart));
  std::vector<LegendEntry> legend{{chart.highlight_name, accent, LegendMark::dot, 1},
                                  {chart.other_name, "#8a8a8a", LegendMark::dot, 1}};
  if (chart.join_highlighted) legend.push_back({"Pareto front", accent, LegendMark::line, 1});
  if (chart.join_in_order) legend.push_back({chart.path_name, "#8a8a8a", LegendMark::line, 1});
  f.legend(legend);
  return f.finish();
}

std::string render(const Tornado& chart) {
  constexpr double kRow = 28;
  std::size_t longest = 0;
  Range range;
  range.add(chart.base);
  const bool outcome = std::isfinite(chart.outcome_p5) && std::isfinite(chart.outcome_p95);
  if (outcome) {
    range.add(chart.outcome_p5);
    range.add(chart.outcome_p95);
  }
  for (const TornadoBar& b : chart.bars) {
    longest = std::max(longest, b.label.size());
    range.add(b.low);
    range.add(b.high);
  }
  const double plot_height =
      kRow * static_cast<double>(std::max<std::size_t>(chart.bars.size(), 1));
  Frame f(chart.id, chart.title, Frame::kTop + plot_height + Frame::kBottom);
  f.set_left(std::min(330.0, 16 + 6.4 * static_cast<double>(longest)));
  f.set_x(ticks_for(range, false));
  f.x_axis(chart.scale, chart.x_label);
  const auto x_of = [&f](double v) { return f.x_of(v); };
  const std::string outcome_name = "the KPI's P5–P95 over the replications";
  if (outcome)
    f.add(
        fmt::format("<rect class=\"outcome-range\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                    "height=\"{:.1f}\" fill=\"#000000\" fill-opacity=\"0.06\"><title>{}: {} to "
                    "{}</title></rect>",
                    x_of(chart.outcome_p5), f.top(),
                    x_of(chart.outcome_p95) - x_of(chart.outcome_p5), f.bottom() - f.top(),
                    escape(outcome_name), escape(format_value(chart.outcome_p5, chart.scale)),
                    escape(format_value(chart.outcome_p95, chart.scale))));
  const std::string& low_colour = palette()[0];
  const std::string& high_colour = palette()[1];
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const TornadoBar& b = chart.bars[i];
    const double y = f.top() + kRow * static_cast<double>(i);
    f.add(
        fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
                    f.left() - 8, y + kRow / 2 + 4, escape(b.label)));
    auto bar = [&](double value, const std::string& colour, const std::string& note,
                   const std::string& which) {
      if (!std::isfinite(value)) return;
      const double x0 = x_of(std::min(value, chart.base)), x1 = x_of(std::max(value, chart.base));
      f.add(fmt::format(
          "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "fill=\"{}\"><title>{}, {} ({}): {}</title></rect>",
          x0, y + 5, std::max(x1 - x0, 1.0), kRow - 10, colour, escape(b.label), escape(which),
          escape(note), escape(format_value(value, chart.scale))));
      // The input's value beside the bar's outer end, or inside it where the plot ends.
      const bool right_side = value >= chart.base;
      const double text_width = 6.2 * static_cast<double>(note.size());
      const bool inside =
          right_side ? x1 + 4 + text_width > f.right() + 16 : x0 - 4 - text_width < f.left();
      const double x = right_side ? (inside ? x1 - 4 : x1 + 4) : (inside ? x0 + 4 : x0 - 4);
      const bool anchor_end = right_side == inside;
      f.add(fmt::format(
          "<text class=\"bar-note{}\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\">{}</text>",
          inside ? " inside" : "", x, y + kRow / 2 + 4, anchor_end ? "end" : "start",
          escape(note)));
    };
    bar(b.low, low_colour, b.low_note, chart.low_name);
    bar(b.high, high_colour, b.high_note, chart.high_name);
  }
  f.add(
      fmt::format("<line class=\"base\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" "
                  "y2=\"{2:.1f}\"><title>{3}: {4}</title></line>",
                  x_of(chart.base), f.top() - 4, f.bottom(), escape(chart.base_label),
                  escape(format_value(chart.base, chart.scale))));
  std::vector<LegendEntry> legend{
      {chart.low_name, low_colour, LegendMark::area, 1},
      {chart.high_name, high_colour, LegendMark::area, 1},
      {fmt::format("{} ({})", chart.base_label, format_value(chart.base, chart.scale)), "#333333",
       LegendMark::line, 1}};
  if (outcome) legend.push_back({outcome_name, "#000000", LegendMark::area, 0.06});
  f.legend(legend);
  return f.finish();
}

}  // namespace rollout::svg
