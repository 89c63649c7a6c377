#include "rollout/report/svg_chart.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "rollout/common/error.hpp"
#include "rollout/results/number_format.hpp"
#include "rollout/scenario/calendar_month.hpp"

namespace rollout::svg {
namespace {

int decimals_for(double step) {
  if (!(step > 0)) return 0;
  return std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
}

// The calendar month of a `YYYY-MM` date of a period axis.
CalendarMonth axis_month(const std::string& date) {
  const auto month = CalendarMonth::parse(date);
  if (!month) throw InternalError(fmt::format("period axis: '{}' is not a YYYY-MM date", date));
  return *month;
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const std::vector<std::string>& palette() {
  static const std::vector<std::string> colours{"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                "#56B4E9", "#D55E00", "#000000", "#F0E442"};
  return colours;
}

std::string format_tick(double value, Scale scale, double step) {
  if (std::isnan(value)) return "–";
  if (std::abs(value) < step * 1e-9) value = 0;  // -0 and rounding dust
  switch (scale) {
    case Scale::percent:
      return fmt::format("{:.{}f}%", 100 * value, decimals_for(100 * step));
    case Scale::points:
      return fmt::format("{:.{}f} pp", 100 * value, decimals_for(100 * step));
    case Scale::count:
      if (step >= 1e6) {
        const int decimals = decimals_for(step / 1e6);
        return decimals == 0 ? with_commas(value / 1e6) + " M"
                             : fmt::format("{:.{}f} M", value / 1e6, decimals);
      }
      if (step >= 1) return with_commas(value);
      return fmt::format("{:.{}f}", value, decimals_for(step));
    case Scale::plain:
      if (step >= 1 && std::abs(value) >= 1000) return with_commas(value);
      return fmt::format("{:.{}f}", value, decimals_for(step));
  }
  return "";
}

std::string format_value(double value, Scale scale) {
  if (std::isnan(value)) return "–";
  switch (scale) {
    case Scale::percent:
      return fmt::format("{:.{}f}%", 100 * value, std::abs(value) >= 0.1 ? 1 : 2);
    case Scale::points:
      return fmt::format("{:.3g} pp", 100 * value);
    case Scale::count:
      if (std::abs(value) >= 1e7) return fmt::format("{:.1f} M", value / 1e6);
      if (std::abs(value) >= 100) return with_commas(value);
      return fmt::format("{:.3g}", value);
    case Scale::plain:
      if (std::abs(value) >= 1000) return with_commas(value);
      return fmt::format("{:.3g}", value);
  }
  return "";
}

Ticks nice_ticks(double lo, double hi, int wanted) {
  if (!std::isfinite(lo) || !std::isfinite(hi))
    throw InternalError(fmt::format("nice_ticks: range [{}, {}] is not finite", lo, hi));
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) {  // a constant: show a range around it
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, wanted);
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  Ticks t;
  t.step = step;
  t.lo = std::floor(lo / step + 1e-9) * step;
  t.hi = std::ceil(hi / step - 1e-9) * step;
  for (double v = t.lo; v <= t.hi + step * 1e-6; v += step)
    t.at.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  return t;
}

PeriodAxis monthly_axis(const std::vector<std::string>& dates) {
  PeriodAxis axis;
  axis.title = "month";
  const std::size_t n = dates.size();
  const int every = n <= 18 ? 3 : n <= 48 ? 6 : n <= 120 ? 12 : 24;
  for (std::size_t i = 0; i < n; ++i) {
    const CalendarMonth at = axis_month(dates[i]);
    const int year = at.year(), month = static_cast<int>(at.month());
    axis.labels.push_back(at.name());
    const bool aligned = (month - 1) % std::min(every, 12) == 0 && (every < 24 || year % 2 == 0);
    if (aligned) {
      axis.ticks.push_back(i);
      axis.tick_labels.push_back(every >= 12 ? std::to_string(year) : axis.labels.back());
    }
  }
  return axis;
}

// Quarters are calendar quarters labelled "2022 Q1" (docs/outputs.md, series.csv).
PeriodAxis quarterly_axis(const std::vector<std::string>& labels) {
  PeriodAxis axis;
  axis.title = "quarter";
  axis.labels = labels;
  const std::size_t every = std::max<std::size_t>(1, (labels.size() + 7) / 8);
  for (std::size_t i = 0; i < labels.size(); i += every) {
    axis.ticks.push_back(i);
    axis.tick_labels.push_back(labels[i]);
  }
  return axis;
}

}  // namespace rollout::svg
