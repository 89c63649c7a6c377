#include "rollout/scenario/calendar_month.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace rollout {

std::optional<CalendarMonth> CalendarMonth::parse(std::string_view text) {
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.size() != 7 || text[4] != '-' || !digits(text.substr(0, 4)) || !digits(text.substr(5)))
    return std::nullopt;
  const int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  if (month < 1 || month > 12) return std::nullopt;
  return CalendarMonth(year, static_cast<unsigned>(month));
}

std::string CalendarMonth::text() const {
  return fmt::format("{:04}-{:02}", year(), month());
}

std::string CalendarMonth::quarter_text() const {
  return fmt::format("{:04} Q{}", year(), quarter());
}

std::string CalendarMonth::name() const {
  static constexpr const char* kNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {}", kNames[month() - 1], year());
}

}  // namespace rollout
