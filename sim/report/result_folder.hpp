#pragma once
// Reading back what rollout wrote into a results folder, for the report: series.csv as
// per-metric columns, the JSON files, and the resolved scenario.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loader/csv_table.hpp"
#include "rollout/loader/observations_file.hpp"
#include "rollout/results/summary_file.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::report {

// One metric of series.csv: its period labels and, per statistic, a value per period
// (NaN where the file has none).
struct MetricSeries {
  std::vector<std::string> dates;
  std::map<std::string, std::vector<double>> stats;
  // The statistic's values; throws InputError naming the file when it is absent.
  const std::vector<double>& at(const std::string& stat) const;
  std::string file;
  std::string metric;
};

struct SeriesTable {
  std::map<std::string, MetricSeries> metrics;
  std::vector<double> percentile_levels;  // the pN statistics present, ascending
  const MetricSeries& metric(const std::string& name) const;  // throws InputError if absent
  bool has(const std::string& name) const { return metrics.count(name) > 0; }
  std::string file;
};

// A run's folder: summary.json, series.csv and the resolved scenario.yaml.
struct RunFolder {
  std::filesystem::path dir;
  SummaryFile summary;
  SeriesTable series;
  std::optional<SeriesTable> region_series;  // region_series.csv: metrics REGION/stores, ...
  std::optional<Scenario> scenario;  // absent for results written before scenario.yaml existed
  // What really happened, drawn over the fans: observed.csv (written by `--observed`), or
  // the file `rollout report --observed` names.
  std::optional<ObservationsFile> observed;
};

std::string read_text(const std::filesystem::path& file);
SeriesTable read_series(const std::filesystem::path& file);
// `observed`, when given, replaces the folder's observed.csv.
RunFolder read_run_folder(const std::filesystem::path& dir,
                          const std::optional<std::filesystem::path>& observed = std::nullopt);
// The observations a report draws: `observed` if given, else the folder's observed.csv if any.
std::optional<ObservationsFile> read_observed(const std::filesystem::path& dir,
                                              const std::optional<std::filesystem::path>& observed);

// A results table whose columns are found by their header's names (sweep.csv, optimize.csv).
struct NamedCsv {
  std::string file;
  std::vector<std::vector<loader::CsvField>> rows;
  std::map<std::string, std::size_t> columns;

  bool has(const std::string& name) const { return columns.count(name) != 0; }
  // The column's index; an InputError naming the file when it has none of that name.
  std::size_t column(const std::string& name) const;
  const std::string& cell(const std::vector<loader::CsvField>& row, const std::string& name) const {
    return row[column(name)].text;
  }
};
NamedCsv read_named_csv(const std::filesystem::path& file);
// Columns of a CSV file of numbers (replications.csv) by their header's names, streamed: an
// empty cell reads as NaN. Columns the file lacks are absent from the result; a cell that
// is not a number is an InputError naming its line and column.
std::map<std::string, std::vector<double>> read_number_columns(
    const std::filesystem::path& file, const std::vector<std::string>& names);
// A cell as a number: NaN when empty or not a number.
double cell_number(const std::string& text);

}  // namespace rollout::report
