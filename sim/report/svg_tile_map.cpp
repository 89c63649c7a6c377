// A tile-grid map of the regions (rollout/svg_chart.hpp): one square per region, coloured
// by its value.
#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "report/svg_frame.hpp"
#include "rollout/report/svg_chart.hpp"

namespace rollout::svg {
namespace {

// A sequential blue scale, light (t = 0) to dark (t = 1): readable for colour-blind readers
// and in grey print.
std::string blue(double t) {
  constexpr std::array<double, 3> light{232, 241, 250}, dark{8, 48, 107};
  t = std::clamp(t, 0.0, 1.0);
  std::array<int, 3> rgb{};
  for (std::size_t i = 0; i < 3; ++i)
    rgb[i] = static_cast<int>(std::lround(light[i] + t * (dark[i] - light[i])));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

// The text colour that reads on a tile of shade t.
const char* ink(double t) {
  return t > 0.5 ? "#ffffff" : "#1d1d1f";
}

}  // namespace

std::string render(const TileMap& chart) {
  std::int64_t rows = 1, columns = 1;
  double lo = INFINITY, hi = -INFINITY;
  for (const Tile& t : chart.tiles) {
    rows = std::max(rows, t.row + 1);
    columns = std::max(columns, t.column + 1);
    if (std::isfinite(t.value)) {
      lo = std::min(lo, t.value);
      hi = std::max(hi, t.value);
    }
  }
  const double size = std::min(76.0, (Frame::kWidth - 40) / static_cast<double>(columns));
  const double top = Frame::kTop + 6, left = 20;
  const double map_bottom = top + size * static_cast<double>(rows);
  Frame f(chart.id, chart.title, map_bottom + 56);
  const auto shade = [&](double v) { return hi > lo ? (v - lo) / (hi - lo) : 0.5; };
  for (const Tile& t : chart.tiles) {
    const double x = left + size * static_cast<double>(t.column);
    const double y = top + size * static_cast<double>(t.row);
    const bool known = std::isfinite(t.value);
    const double s = known ? shade(t.value) : 0;
    // A long name goes on two lines, split at the space nearest its middle; a line still
    // too long is squeezed into the tile rather than spilling over its neighbours.
    std::vector<std::string> lines{t.label};
    const double room = size - 8;
    constexpr double kLetter = 5.8;  // 10 px text
    if (kLetter * static_cast<double>(t.label.size()) > room) {
      const std::size_t middle = t.label.size() / 2;
      std::size_t best = std::string::npos;
      for (std::size_t i = t.label.find(' '); i != std::string::npos; i = t.label.find(' ', i + 1))
        if (best == std::string::npos || (i > middle ? i - middle : middle - i) <
                                             (best > middle ? best - middle : middle - best))
          best = i;
      if (best != std::string::npos) lines = {t.label.substr(0, best), t.label.substr(best + 1)};
    }
    const char* text_colour = known ? ink(s) : "#1d1d1f";
    std::string names;
    const double extra_lines = static_cast<double>(lines.size() - 1);
    const double first_line = y + size / 2 - 2 - 10.0 * extra_lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string fit =
          kLetter * static_cast<double>(lines[i].size()) > room
              ? fmt::format(" textLength=\"{:.0f}\" lengthAdjust=\"spacingAndGlyphs\"", room)
              : "";
      names += fmt::format(
          "<text class=\"tile-name\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
          "fill=\"{}\"{}>{}</text>",
          x + size / 2, first_line + 10.5 * static_cast<double>(i), text_colour, fit,
          escape(lines[i]));
    }
    f.add(fmt::format(
        "<g class=\"tile\"><title>{0}</title>"
        "<rect x=\"{1:.1f}\" y=\"{2:.1f}\" width=\"{3:.1f}\" height=\"{3:.1f}\" fill=\"{4}\"/>"
        "{5}<text class=\"tile-value\" x=\"{6:.1f}\" y=\"{7:.1f}\" text-anchor=\"middle\" "
        "fill=\"{8}\">{9}</text></g>",
        escape(t.tooltip), x + 1, y + 1, size - 2, known ? blue(s) : "#d0d0d0", names, x + size / 2,
        y + size / 2 + 12 + 2 * extra_lines, text_colour,
        escape(known ? format_value(t.value, chart.scale) : "no value")));
  }
  // The colour scale: five swatches from the lowest value to the highest.
  const double legend_y = map_bottom + 16;
  f.add(fmt::format("<text class=\"legend\" x=\"{:.1f}\" y=\"{:.1f}\">{}:</text>", left,
                    legend_y + 10, escape(chart.value_label)));
  const double swatches_x = left + 12 + 6.6 * static_cast<double>(chart.value_label.size());
  if (hi >= lo) {
    for (int i = 0; i < 5; ++i) {
      const double t = i / 4.0;
      const double x = swatches_x + 78.0 * i;
      f.add(
          fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"18\" height=\"12\" fill=\"{}\"/>"
                      "<text class=\"legend\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>",
                      x, legend_y, blue(t), x + 22, legend_y + 10,
                      escape(format_value(lo + t * (hi - lo), chart.scale))));
    }
  }
  return f.finish();
}

}  // namespace rollout::svg
