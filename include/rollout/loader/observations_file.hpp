#pragma once
// Observations of what really happened, for backtests (docs/backtest.md): a tidy CSV file,
// one observation a row,
//
//   date,metric,brand,value,source
//   2022Q1,quarterly_market_share,,0.15,Counterpoint Market Monitor
//   2022,market_units,,285800000,IDC
//
// read and checked on its own (columns, dates, metrics, numbers), then placed in each
// scenario's outputs: inside the horizon it is scored, wholly before it it is history (the
// naive benchmark's last known value).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rollout/common/error.hpp"
#include "rollout/scenario/kpi.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout {

enum class ObservedPeriod { month, quarter, year };

// The series an observation measures: a monthly series, or a kind of quarterly one (with
// the brand, for a per-brand kind).
struct ObservedMetric {
  std::optional<Monthly> monthly;
  std::optional<Quarterly> quarterly;
  std::string brand;  // for a per-brand quarterly kind; else "" (the focal brand's)

  std::string name() const;  // as series.csv names it: stores, global_units.Apple
  PeriodTotal total(ObservedPeriod period) const;
  bool fraction() const;
};

// The metric a name stands for, as an observations file or backtest.csv writes it (stores,
// quarterly_market_share, global_units.Apple); none for an unknown name.
std::optional<ObservedMetric> observed_metric_named(const std::string& name);

struct Observation {
  std::string date;  // as written: 2024-09, 2022Q1, 2023
  ObservedPeriod period = ObservedPeriod::month;
  CalendarMonth first_month, last_month;  // the calendar months it spans
  ObservedMetric metric;
  double value = 0;      // in the series' unit: a share as a fraction (a "15%" cell reads 0.15)
  std::string source;    // as written; "" when none
  SourceLocation where;  // the row's date cell
};

struct ObservationsFile {
  std::string file;
  std::string text;  // as read: a results folder keeps a copy (results/outputs.hpp, kObservedFile)
  std::vector<Observation> rows;
};

// Reads and checks an observations file: its columns, every date, metric, brand and value.
// Throws InputError with every problem found, each at its FILE:LINE:COL.
ObservationsFile read_observations(const std::string& path);
// The same from text (tests, and files already read); `file` names it in messages.
ObservationsFile parse_observations(const std::string& text, const std::string& file);

// Where an observation lies for one scenario.
enum class ObservationRole {
  scored,   // wholly inside the horizon: the model's replications are scored against it
  history,  // wholly before the horizon: known at the forecast origin
  outside,  // after the horizon, or across its start: not used with this scenario
};

struct PlacedObservation {
  ObservationRole role = ObservationRole::outside;
  // For scored ones: the outputs' series (a Monthly, or a quarterly series index as in
  // engine/outcome.hpp) and the range of months or quarters from the horizon's start,
  // inclusive, whose values make the observed one by metric.total(period).
  bool quarterly = false;
  std::size_t series = 0;
  std::size_t first = 0, last = 0;
};

// Places every observation in each scenario's outputs (one list per scenario, in file
// order). Throws InputError, with every problem located in the file, for a metric or brand
// a scenario does not report, and for an observation no scenario scores or takes as history.
std::vector<std::vector<PlacedObservation>> place_observations(const ObservationsFile& observations,
                                                               std::span<const Scenario> scenarios);

}  // namespace rollout
