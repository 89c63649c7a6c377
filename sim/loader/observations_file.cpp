#include "rollout/loader/observations_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/text_similarity.hpp"
#include "loader/csv_table.hpp"
#include "loader/diagnostics.hpp"
#include "loader/yaml_tree.hpp"

namespace rollout {

std::string ObservedMetric::name() const {
  if (monthly) return info(*monthly).name;
  const QuarterlyInfo& kind = info(*quarterly);
  return kind.per_brand ? fmt::format("{}.{}", kind.name, brand) : kind.name;
}

PeriodTotal ObservedMetric::total(ObservedPeriod period) const {
  if (monthly)
    return period == ObservedPeriod::month ? PeriodTotal::last : info(*monthly).over_period;
  return period == ObservedPeriod::year ? info(*quarterly).over_year : PeriodTotal::last;
}

bool ObservedMetric::fraction() const {
  return monthly ? info(*monthly).fraction : quarterly && info(*quarterly).fraction;
}

namespace loader {
namespace {

constexpr const char* kColumns[] = {"date", "metric", "brand", "value", "source"};

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

SourceLocation at(const std::string& file, const CsvField& field) {
  return {file, field.line, field.column};
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `2024-09`, `2022Q1` (also `2022 Q1`, `2022-Q1`, `2022q1`) or `2023`; false if none.
bool parse_date(const std::string& text, Observation& row) {
  constexpr int kFirstYear = 1900, kLastYear = 2300;
  if (text.size() < 4 || !all_digits(std::string_view(text).substr(0, 4))) return false;
  const int year = std::stoi(text.substr(0, 4));  // four digits: cannot throw
  if (year < kFirstYear || year > kLastYear) return false;
  std::string_view rest = std::string_view(text).substr(4);
  if (rest.empty()) {
    row.period = ObservedPeriod::year;
    row.first_month = CalendarMonth(year, 1);
    row.last_month = CalendarMonth(year, 12);
    return true;
  }
  if (const auto month = CalendarMonth::parse(text)) {
    row.period = ObservedPeriod::month;
    row.first_month = row.last_month = *month;
    return true;
  }
  // A month that is not 01..12.
  if (rest.size() == 3 && rest[0] == '-' && all_digits(rest.substr(1))) return false;
  if (!rest.empty() && (rest[0] == ' ' || rest[0] == '-')) rest.remove_prefix(1);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {
    const int quarter = rest[1] - '0';
    row.period = ObservedPeriod::quarter;
    row.first_month = CalendarMonth(year, static_cast<unsigned>(3 * quarter - 2));
    row.last_month = row.first_month + 2;
    return true;
  }
  return false;
}

std::vector<std::string> metric_names() {
  std::vector<std::string> names;
  for (std::size_t m = 0; m < kMonthlyCount; ++m)
    names.emplace_back(info(static_cast<Monthly>(m)).name);
  for (std::size_t q = 0; q < kQuarterlyKinds; ++q)
    names.emplace_back(info(static_cast<Quarterly>(q)).name);
  return names;
}

}  // namespace
}  // namespace loader

std::optional<ObservedMetric> observed_metric_named(const std::string& text) {
  for (std::size_t m = 0; m < kMonthlyCount; ++m)
    if (text == info(static_cast<Monthly>(m)).name)
      return ObservedMetric{static_cast<Monthly>(m), std::nullopt, ""};
  for (std::size_t q = 0; q < kQuarterlyKinds; ++q) {
    const QuarterlyInfo& kind = info(static_cast<Quarterly>(q));
    if (text == kind.name) return ObservedMetric{std::nullopt, kind.series, ""};
    const std::string prefix = std::string(kind.name) + ".";
    if (kind.per_brand && text.size() > prefix.size() && text.rfind(prefix, 0) == 0)
      return ObservedMetric{std::nullopt, kind.series, text.substr(prefix.size())};
  }
  return std::nullopt;
}

namespace loader {
namespace {

// Checks that the metric can be measured over the row's period: a quarterly series has no
// monthly value, and a rank no yearly one.
void check_period(const Observation& row, const CsvField& metric_cell, const std::string& file,
                  Diagnostics& diagnostics) {
  if (row.metric.quarterly && row.period == ObservedPeriod::month)
    diagnostics.error(at(file, metric_cell), "metric",
                      fmt::format("'{}' is a quarterly series, but the date {} is a month: date it "
                                  "by quarter (2024Q3) or year (2024)",
                                  row.metric.name(), row.date));
  else if (row.metric.total(row.period) == PeriodTotal::none)
    diagnostics.error(at(file, metric_cell), "metric",
                      fmt::format("'{}' is a rank, which has no yearly value: date it by quarter",
                                  row.metric.name()));
}

std::optional<double> parse_value(const CsvField& cell, const ObservedMetric& metric,
                                  const std::string& file, Diagnostics& diagnostics) {
  std::string text = trim(cell.text);
  const SourceLocation where = at(file, cell);
  double scale = 1;
  if (!text.empty() && text.back() == '%') {
    if (!metric.fraction()) {
      diagnostics.error(where, "value",
                        fmt::format("is '{}', but '{}' is no share: write it without %",
                                    excerpt(text), metric.name()));
      return std::nullopt;
    }
    text = trim(std::string_view(text).substr(0, text.size() - 1));
    scale = 0.01;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    diagnostics.error(where, "value",
                      text.empty() ? std::string("is empty, but must be a number")
                                   : fmt::format("is '{}', but must be a number (no thousands "
                                                 "separators; a share as 0.15 or 15%)",
                                                 excerpt(cell.text)));
    return std::nullopt;
  }
  value *= scale;
  const bool rank = metric.quarterly && info(*metric.quarterly).rank;
  const bool signed_money = metric.monthly && info(*metric.monthly).economic;
  std::string rule;
  if (metric.fraction() && (value < 0 || value > 1))
    rule = "must be a share in [0, 1] (or 0% to 100%)";
  else if (rank && (value < 1 || value != std::floor(value)))
    rule = "must be a rank: a whole number >= 1";
  else if (!signed_money && !rank && value < 0)
    rule = "must be >= 0";
  if (!rule.empty()) {
    diagnostics.error(where, "value", fmt::format("is {}, but {}", excerpt(cell.text), rule));
    return std::nullopt;
  }
  return value;
}

// The column of each known name in the header (-1 when absent); unknown or repeated
// columns and missing required ones are problems.
std::vector<int> find_columns(const CsvTable& table, Diagnostics& diagnostics) {
  std::vector<int> column(std::size(kColumns), -1);
  const std::vector<std::string> known(std::begin(kColumns), std::end(kColumns));
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string name = trim(table.header[c].text);
    const auto it = std::find(known.begin(), known.end(), name);
    const SourceLocation where = at(table.file, table.header[c]);
    if (it == known.end()) {
      const auto near = closest_match(name, known);
      diagnostics.error(
          where, "",
          fmt::format("unknown column '{}'{}; the columns are date, metric, brand "
                      "(optional), value and source (optional)",
                      excerpt(name), near ? fmt::format("; did you mean '{}'?", *near) : ""));
    } else if (column[static_cast<std::size_t>(it - known.begin())] >= 0) {
      diagnostics.error(where, "", fmt::format("column '{}' appears twice", name));
    } else {
      column[static_cast<std::size_t>(it - known.begin())] = static_cast<int>(c);
    }
  }
  for (const char* required : {"date", "metric", "value"}) {
    const auto k = std::find(known.begin(), known.end(), required) - known.begin();
    if (column[static_cast<std::size_t>(k)] < 0)
      diagnostics.error({table.file, 1, 1}, "",
                        fmt::format("the header has no '{}' column (an observations file has "
                                    "the columns date, metric, brand, value, source)",
                                    required));
  }
  return column;
}

}  // namespace
}  // namespace loader

ObservationsFile parse_observations(const std::string& text, const std::string& file) {
  using namespace loader;
  Diagnostics diagnostics;
  ObservationsFile out{file, text, {}};
  if (!check_utf8(text, file, diagnostics)) diagnostics.throw_if_any();
  const auto table = parse_csv(text, file, diagnostics);
  if (!table) {
    diagnostics.throw_if_any();
    return out;
  }
  const std::vector<int> column = find_columns(*table, diagnostics);
  diagnostics.throw_if_any();  // without its columns no row can be read
  const auto cell = [&](const std::vector<CsvField>& row, std::size_t k) -> const CsvField* {
    return column[k] >= 0 ? &row[static_cast<std::size_t>(column[k])] : nullptr;
  };
  const std::vector<std::string> metrics = metric_names();
  for (const std::vector<CsvField>& fields : table->rows) {
    const CsvField& date_cell = *cell(fields, 0);
    const CsvField& metric_cell = *cell(fields, 1);
    const CsvField* brand_cell = cell(fields, 2);
    const CsvField& value_cell = *cell(fields, 3);
    const CsvField* source_cell = cell(fields, 4);
    Observation row;
    row.date = trim(date_cell.text);
    row.where = at(file, date_cell);
    const bool date_ok = parse_date(row.date, row);
    if (!date_ok)
      diagnostics.error(row.where, "date",
                        fmt::format("is '{}', but must be a month (2024-09), a quarter (2022Q1) "
                                    "or a year (2023)",
                                    excerpt(row.date)));
    const std::string metric_text = trim(metric_cell.text);
    const auto metric = observed_metric_named(metric_text);
    if (!metric) {
      const auto near = closest_match(metric_text, metrics);
      diagnostics.error(at(file, metric_cell), "metric",
                        fmt::format("'{}' is no series of the outputs{}", excerpt(metric_text),
                                    near ? fmt::format("; did you mean '{}'?", *near) : ""));
      continue;
    }
    row.metric = *metric;
    const std::string brand = brand_cell ? trim(brand_cell->text) : "";
    if (!brand.empty()) {
      const bool per_brand = row.metric.quarterly && info(*row.metric.quarterly).per_brand;
      if (per_brand && !row.metric.brand.empty() && brand != row.metric.brand)
        diagnostics.error(at(file, *brand_cell), "brand",
                          fmt::format("is '{}', but the metric names the brand '{}'",
                                      excerpt(brand), excerpt(row.metric.brand)));
      // A focal brand's metric may name it; whether it is the focal brand depends on the
      // scenario (place_observations checks).
      row.metric.brand = brand;
    } else if (row.metric.quarterly && info(*row.metric.quarterly).per_brand &&
               row.metric.brand.empty()) {
      diagnostics.error(at(file, metric_cell), "metric",
                        fmt::format("'{}' is a brand's series: name the brand in the brand "
                                    "column, or write global_units.BRAND",
                                    metric_text));
    }
    if (date_ok) check_period(row, metric_cell, file, diagnostics);
    const auto value = parse_value(value_cell, row.metric, file, diagnostics);
    if (value) row.value = *value;
    if (source_cell) row.source = trim(source_cell->text);
    out.rows.push_back(std::move(row));
  }
  if (table->rows.empty())
    diagnostics.error({file, 1, 1}, "", "has no observations (only a header)");
  diagnostics.throw_if_any();
  return out;
}

ObservationsFile read_observations(const std::string& path) {
  loader::Diagnostics diagnostics;
  const auto text = loader::read_text_file(path, {}, "", diagnostics);
  diagnostics.throw_if_any();
  return parse_observations(*text, path);
}

namespace {

// The row's place for one scenario, or why the scenario cannot read its metric.
std::string place(const Observation& row, const Scenario& scenario, PlacedObservation& placed) {
  const ObservedMetric& metric = row.metric;
  const Brand& focal = scenario.brands[scenario.focal_index()];
  if (metric.monthly && info(*metric.monthly).economic && !scenario.economics)
    return fmt::format(
        "'{}' exists only for a scenario with an economics block, which '{}' "
        "has not",
        metric.name(), scenario.name);
  const bool per_brand = metric.quarterly && info(*metric.quarterly).per_brand;
  std::size_t brand_index = 0;
  if (per_brand) {
    const auto it = std::find_if(scenario.brands.begin(), scenario.brands.end(),
                                 [&](const Brand& b) { return b.name == metric.brand; });
    if (it == scenario.brands.end()) {
      std::vector<std::string> names;
      for (const Brand& b : scenario.brands)
        names.push_back(b.name);
      const auto near = closest_match(metric.brand, names);
      return fmt::format("the brand '{}' is not one of '{}''s brands{}", excerpt(metric.brand),
                         scenario.name, near ? fmt::format("; did you mean '{}'?", *near) : "");
    }
    brand_index = static_cast<std::size_t>(it - scenario.brands.begin());
  } else if (!metric.brand.empty() && metric.brand != focal.name) {
    return fmt::format(
        "'{}' is the focal brand's ({}) or the market's; only global_units "
        "takes another brand ('{}')",
        metric.name(), focal.name, excerpt(metric.brand));
  }
  const CalendarMonth start = scenario.first_calendar_month();
  const CalendarMonth end = scenario.last_calendar_month();
  if (row.last_month < start) {
    placed.role = ObservationRole::history;
  } else if (row.first_month >= start && row.last_month <= end) {
    placed.role = ObservationRole::scored;
    const int first = row.first_month - start, last = row.last_month - start;
    placed.quarterly = metric.quarterly.has_value();
    if (metric.monthly) {
      placed.series = static_cast<std::size_t>(*metric.monthly);
      placed.first = static_cast<std::size_t>(first);
      placed.last = static_cast<std::size_t>(last);
    } else {
      // A quarter or a year wholly inside the horizon is made of whole calendar quarters.
      const int offset = scenario.first_quarter_month();
      placed.series = static_cast<std::size_t>(*metric.quarterly) + (per_brand ? brand_index : 0);
      placed.first = static_cast<std::size_t>((first - offset) / 3);
      placed.last = static_cast<std::size_t>((last - offset - 2) / 3);
    }
  }
  return "";
}

std::string why_outside(const Observation& row, std::span<const Scenario> scenarios) {
  if (scenarios.size() > 1)
    return fmt::format(
        "{} lies inside no scenario's horizon and wholly before none (an "
        "observation is scored inside a horizon and is history before it)",
        row.date);
  const CalendarMonth start = scenarios[0].first_calendar_month();
  const CalendarMonth end = scenarios[0].last_calendar_month();
  if (row.first_month > end)
    return fmt::format("{} is after the horizon, which ends {}", row.date, end.text());
  const bool across_start = row.first_month < start;
  return fmt::format(
      "{} ({} to {}) spans the {} of the horizon ({}): an observation must lie "
      "wholly inside the horizon, or wholly before it as history",
      row.date, row.first_month.text(), row.last_month.text(), across_start ? "start" : "end",
      (across_start ? start : end).text());
}

}  // namespace

std::vector<std::vector<PlacedObservation>> place_observations(
    const ObservationsFile& observations, std::span<const Scenario> scenarios) {
  loader::Diagnostics diagnostics;
  std::vector<std::vector<PlacedObservation>> placed(
      scenarios.size(), std::vector<PlacedObservation>(observations.rows.size()));
  for (std::size_t i = 0; i < observations.rows.size(); ++i) {
    const Observation& row = observations.rows[i];
    bool used = false, failed = false;
    for (std::size_t s = 0; s < scenarios.size() && !failed; ++s) {
      const std::string problem = place(row, scenarios[s], placed[s][i]);
      if (!problem.empty()) {
        diagnostics.error(row.where, "", problem);
        failed = true;
      }
      used = used || placed[s][i].role != ObservationRole::outside;
    }
    if (!failed && !used) diagnostics.error(row.where, "date", why_outside(row, scenarios));
  }
  diagnostics.throw_if_any();
  return placed;
}

}  // namespace rollout
