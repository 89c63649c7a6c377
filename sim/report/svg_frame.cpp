#include "report/svg_frame.hpp"

#include <fmt/format.h>

namespace rollout::svg {

Frame::Frame(std::string id, std::string title, double height) : height_(height) {
  out_ = fmt::format(
      "<figure class=\"chart\" data-chart=\"{0}\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 {1} {2}\" role=\"img\" aria-label=\"{3}\"><title>{3}</title>"
      "<text class=\"chart-title\" x=\"{4}\" y=\"24\">{3}</text>",
      escape(id), kWidth, height, escape(title), 12);
}

void Frame::set_y(const Ticks& ticks) {
  y_ = ticks;
}

double Frame::y_of(double value) const {
  return bottom() - (value - y_.lo) / (y_.hi - y_.lo) * (bottom() - kTop);
}

double Frame::x_of(double value) const {
  return left_ + (value - x_.lo) / (x_.hi - x_.lo) * (right() - left_);
}

double Frame::x_of_point(std::size_t i, std::size_t n) const {
  if (n <= 1) return (left_ + right()) / 2;
  return left_ + static_cast<double>(i) / static_cast<double>(n - 1) * (right() - left_);
}

void Frame::y_axis(Scale scale, const std::string& label) {
  for (double t : y_.at) {
    const double y = y_of(t);
    out_ += fmt::format(
        "<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>"
        "<text class=\"tick\" x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>",
        left_, right(), y, left_ - 6, y + 4, escape(format_tick(t, scale, y_.step)));
  }
  // A title longer than the plot is tall is squeezed to fit rather than run into the
  // chart's title (12.5 px text: about 6.9 px a letter).
  const double height = bottom() - kTop;
  const std::string fit =
      6.9 * static_cast<double>(label.size()) > height
          ? fmt::format(" textLength=\"{:.0f}\" lengthAdjust=\"spacingAndGlyphs\"", height)
          : "";
  out_ += fmt::format(
      "<text class=\"axis-title\" transform=\"translate(16,{:.1f}) rotate(-90)\" "
      "text-anchor=\"middle\"{}>{}</text>",
      (kTop + bottom()) / 2, fit, escape(label));
}

void Frame::x_axis(Scale scale, const std::string& label) {
  for (double t : x_.at) {
    out_ += fmt::format(
        "<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>"
        "<text class=\"tick\" x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>",
        x_of(t), kTop, bottom(), bottom() + 19, escape(format_tick(t, scale, x_.step)));
  }
  x_title(label);
}

void Frame::period_axis(const PeriodAxis& axis, bool centred_bars) {
  const std::size_t n = axis.labels.size();
  out_ += fmt::format(
      "<line class=\"axis\" x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>", left_,
      right(), bottom());
  for (std::size_t k = 0; k < axis.ticks.size(); ++k) {
    const double x = centred_bars ? bar_centre(axis.ticks[k], n) : x_of_point(axis.ticks[k], n);
    out_ += fmt::format(
        "<line class=\"axis\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>"
        "<text class=\"tick\" x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>",
        x, bottom(), bottom() + 5, bottom() + 19, escape(axis.tick_labels[k]));
  }
  x_title(axis.title);
}

void Frame::x_title(const std::string& title) {
  out_ += fmt::format(
      "<text class=\"axis-title\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
      (left_ + right()) / 2, bottom() + 40, escape(title));
}

double Frame::bar_width(std::size_t n) const {
  return (right() - left_) / static_cast<double>(std::max<std::size_t>(n, 1));
}

double Frame::bar_centre(std::size_t i, std::size_t n) const {
  return left_ + (static_cast<double>(i) + 0.5) * bar_width(n);
}

void Frame::legend(const std::vector<LegendEntry>& entries) {
  double x = left_;
  double y = bottom() + 62;
  for (const LegendEntry& e : entries) {
    const double width = 26 + 6.6 * static_cast<double>(e.label.size()) + 18;
    if (x + width > kWidth - 8 && x > left_) {  // wrap onto the second legend row
      x = left_;
      y += 17;
    }
    switch (e.mark) {
      case LegendMark::area:
        out_ += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"18\" height=\"10\" fill=\"{}\" "
            "fill-opacity=\"{}\"/>",
            x, y - 9, e.colour, e.opacity);
        break;
      case LegendMark::line:
        out_ += fmt::format(
            "<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" "
            "stroke-width=\"2.5\"/>",
            x, x + 18, y - 4, e.colour);
        break;
      case LegendMark::dot:
        out_ += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"{}\"/>", x + 9,
                            y - 4, e.colour);
        break;
    }
    out_ += fmt::format("<text class=\"legend\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", x + 24, y,
                        escape(e.label));
    x += width;
  }
}

void Frame::add(const std::string& svg_text) {
  out_ += svg_text;
}

std::string Frame::finish() {
  out_ += "</svg></figure>\n";
  return std::move(out_);
}

double Frame::bottom() const {
  return height_ - kBottom;
}

}  // namespace rollout::svg
