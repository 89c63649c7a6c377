#pragma once
// The parts every chart shares: the SVG element with its title, a plot area with a value
// axis and a period axis, and a legend of up to two rows below the plot.

#include <string>
#include <vector>

#include "rollout/report/svg_chart.hpp"

namespace rollout::svg {

enum class LegendMark { area, line, dot };
struct LegendEntry {
  std::string label;
  std::string colour;
  LegendMark mark = LegendMark::area;
  double opacity = 1;
};

class Frame {
 public:
  static constexpr double kWidth = 760;
  static constexpr double kTop = 44;      // room for the title
  static constexpr double kBottom = 100;  // tick labels, axis title, two legend rows

  Frame(std::string id, std::string title, double height);
  void set_left(double left) { left_ = left; }
  void set_y(const Ticks& ticks);
  // A value axis along the bottom, for charts whose horizontal axis is not periods.
  void set_x(const Ticks& ticks) { x_ = ticks; }

  double left() const { return left_; }
  double right() const { return kWidth - 20; }
  double top() const { return kTop; }
  double bottom() const;
  double y_of(double value) const;
  double x_of(double value) const;
  // Periods drawn as points spread over the plot width, or as bars centred in equal slots.
  double x_of_point(std::size_t i, std::size_t n) const;
  double bar_width(std::size_t n) const;
  double bar_centre(std::size_t i, std::size_t n) const;

  void y_axis(Scale scale, const std::string& label);  // grid lines, tick labels, title
  void period_axis(const PeriodAxis& axis, bool centred_bars);
  void x_title(const std::string& title);
  void x_axis(Scale scale, const std::string& label);  // vertical grid lines, ticks, title
  void legend(const std::vector<LegendEntry>& entries);
  void add(const std::string& svg_text);
  std::string finish();

 private:
  double height_;
  double left_ = 78;
  Ticks x_, y_;
  std::string out_;
};

}  // namespace rollout::svg
