#pragma once
// A calendar month, on std::chrono::year_month: the one type for every date the tool reads,
// writes or computes with (a scenario's start_month, an observation's period, a chart's
// axis), with its three spellings: "2021-11" in files, "2021 Q4" for a quarter in files,
// "Nov 2021" for people.

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace rollout {

class CalendarMonth {
 public:
  CalendarMonth() = default;  // January 2000
  CalendarMonth(int year, unsigned month)
      : month_(std::chrono::year{year}, std::chrono::month{month}) {}
  // `YYYY-MM` exactly (four digits, '-', two digits, month 01..12); nullopt otherwise.
  static std::optional<CalendarMonth> parse(std::string_view text);

  int year() const { return static_cast<int>(month_.year()); }
  unsigned month() const { return static_cast<unsigned>(month_.month()); }  // 1..12
  unsigned quarter() const { return (month() - 1) / 3 + 1; }                // 1..4

  // The month `months` later (earlier if negative).
  CalendarMonth operator+(int months) const {
    return CalendarMonth(month_ + std::chrono::months{months});
  }
  // How many months `b` lies before `a`.
  friend int operator-(CalendarMonth a, CalendarMonth b) { return a.count() - b.count(); }
  friend bool operator==(CalendarMonth a, CalendarMonth b) = default;
  friend std::strong_ordering operator<=>(CalendarMonth a, CalendarMonth b) {
    return a.count() <=> b.count();
  }

  std::string text() const;          // "2021-11"
  std::string quarter_text() const;  // "2021 Q4": its calendar quarter, as series.csv writes it
  std::string name() const;          // "Nov 2021"

 private:
  explicit CalendarMonth(std::chrono::year_month month) : month_(month) {}
  int count() const { return year() * 12 + static_cast<int>(month()) - 1; }

  std::chrono::year_month month_{std::chrono::year{2000}, std::chrono::January};
};

}  // namespace rollout
