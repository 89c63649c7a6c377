#include "report/result_folder.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "loader/csv_table.hpp"
#include "rollout/common/error.hpp"
#include "rollout/common/sha256.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/summary.hpp"

namespace rollout::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Results of the largest run that can exist are far smaller; anything larger is no
// results file (and must not exhaust memory).
constexpr std::size_t kMaxResultFileBytes = std::size_t{256} << 20;
// A scenario has at most 1,200 months (docs/scenarios.md), so no series has more periods.
constexpr double kMaxPeriods = 1200;

double parse_number(const loader::CsvField& field, const std::string& file) {
  if (field.text.empty()) return kNaN;
  double value = 0;
  const char* end = field.text.data() + field.text.size();
  const auto [ptr, ec] = std::from_chars(field.text.data(), end, value);
  if (ec != std::errc() || ptr != end)
    throw InputError(fmt::format("{}:{}:{}: '{}' is not a number", file, field.line, field.column,
                                 excerpt(field.text)));
  return value;
}

// The level of a percentile statistic ("p5" -> 5), if `stat` is one.
std::optional<double> percentile_level(const std::string& stat) {
  if (stat.size() < 2 || stat[0] != 'p' || !(std::isdigit(stat[1]) != 0)) return std::nullopt;
  double level = 0;
  const auto [ptr, ec] = std::from_chars(stat.data() + 1, stat.data() + stat.size(), level);
  if (ec != std::errc() || ptr != stat.data() + stat.size()) return std::nullopt;
  return level;
}

}  // namespace

const std::vector<double>& MetricSeries::at(const std::string& stat) const {
  const auto it = stats.find(stat);
  if (it == stats.end())
    throw InputError(fmt::format("{}: metric {} has no statistic {}", file, metric, stat));
  return it->second;
}

const MetricSeries& SeriesTable::metric(const std::string& name) const {
  const auto it = metrics.find(name);
  if (it == metrics.end()) throw InputError(fmt::format("{}: no metric {}", file, name));
  return it->second;
}

namespace {

// A results file opened for reading. As the loader: regular files only (a link to /dev/zero
// or a FIFO would never end).
std::ifstream open_results_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec))
    throw InputError(fmt::format("{}: is not a regular file", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(
        fmt::format("{}: cannot be read (is this a rollout results folder?)", file.string()));
  return in;
}

}  // namespace

std::string read_text(const std::filesystem::path& file) {
  // No more than a results file can hold.
  std::ifstream in = open_results_file(file);
  std::string text;
  std::array<char, 65536> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxResultFileBytes)
      throw InputError(fmt::format("{}: is larger than the {} MiB a results file may have",
                                   file.string(), kMaxResultFileBytes >> 20));
  }
  return text;
}

std::size_t NamedCsv::column(const std::string& name) const {
  const auto it = columns.find(name);
  if (it == columns.end()) throw InputError(fmt::format("{}: no column {}", file, name));
  return it->second;
}

NamedCsv read_named_csv(const std::filesystem::path& file) {
  NamedCsv named;
  named.file = file.string();
  loader::Diagnostics diagnostics;
  auto csv = loader::parse_csv(read_text(file), named.file, diagnostics);
  diagnostics.throw_if_any();
  for (std::size_t c = 0; c < csv->header.size(); ++c)
    named.columns[csv->header[c].text] = c;
  named.rows = std::move(csv->rows);
  return named;
}

std::map<std::string, std::vector<double>> read_number_columns(
    const std::filesystem::path& file, const std::vector<std::string>& names) {
  const std::string name = file.string();
  std::ifstream in = open_results_file(file);
  std::string line;
  if (!std::getline(in, line))
    throw InputError(fmt::format("{}: cannot be read (is this a rollout results folder?)", name));
  // The header, whose names may be quoted, through the CSV reader; the rows, numbers only
  // (the replication's index, KPIs and inputs), line by line: the file can hold millions of
  // rows, which the reader would keep as text with positions.
  loader::Diagnostics diagnostics;
  const auto header = loader::parse_csv(line + "\n", name, diagnostics);
  diagnostics.throw_if_any();
  std::vector<std::optional<std::size_t>> wanted_at(header->header.size());
  std::map<std::string, std::vector<double>> columns;
  for (std::size_t c = 0; c < header->header.size(); ++c) {
    const auto it = std::find(names.begin(), names.end(), header->header[c].text);
    if (it == names.end()) continue;
    wanted_at[c] = static_cast<std::size_t>(it - names.begin());
    columns[*it];
  }
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t column = 0, begin = 0;
    while (true) {
      const std::size_t end = std::min(line.find(',', begin), line.size());
      if (column >= wanted_at.size())
        throw InputError(fmt::format("{}:{}: more cells than the header names", name, line_number));
      if (wanted_at[column]) {
        const std::string cell = line.substr(begin, end - begin);
        const double value = cell_number(cell);
        if (std::isnan(value) && !cell.empty())
          throw InputError(fmt::format("{}:{}:{}: '{}' is not a number", name, line_number,
                                       begin + 1, excerpt(cell)));
        columns[names[*wanted_at[column]]].push_back(value);
      }
      ++column;
      if (end == line.size()) break;
      begin = end + 1;
    }
    if (column != wanted_at.size())
      throw InputError(fmt::format("{}:{}: {} cells, but the header names {}", name, line_number,
                                   column, wanted_at.size()));
  }
  return columns;
}

double cell_number(const std::string& text) {
  double value = kNaN;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size() ? value : kNaN;
}

SeriesTable read_series(const std::filesystem::path& file) {
  const std::string name = file.string();
  loader::Diagnostics diagnostics;
  const auto csv = loader::parse_csv(read_text(file), name, diagnostics);
  diagnostics.throw_if_any();
  // series.csv, or region_series.csv with two key columns before: its metrics are then
  // named REGION/METRIC.
  const std::vector<std::string> expected{"metric", "period", "date", "stat", "value"};
  const std::size_t keys = csv->header.size() == expected.size() + 2 &&
                                   csv->header[0].text == "region" && csv->header[1].text == "group"
                               ? 2
                               : 0;
  bool header_ok = csv->header.size() == expected.size() + keys;
  for (std::size_t i = 0; header_ok && i < expected.size(); ++i)
    header_ok = csv->header[keys + i].text == expected[i];
  if (!header_ok)
    throw InputError(fmt::format("{}:1:1: header must be {}metric,period,date,stat,value", name,
                                 keys > 0 ? "region,group," : ""));

  SeriesTable table;
  table.file = name;
  std::vector<double> levels;
  for (const auto& full_row : csv->rows) {
    const auto* row = full_row.data() + keys;
    const std::string metric =
        keys > 0 ? full_row[0].text + "/" + row[0].text : std::string(row[0].text);
    MetricSeries& m = table.metrics[metric];
    m.file = name;
    m.metric = metric;
    const double period = parse_number(row[1], name);
    if (!(period >= 0) || period != std::floor(period) || period > kMaxPeriods)
      throw InputError(fmt::format("{}:{}:{}: period {} must be a whole number from 0 to 1200",
                                   name, row[1].line, row[1].column, excerpt(row[1].text)));
    const auto p = static_cast<std::size_t>(period);
    if (m.dates.size() <= p) m.dates.resize(p + 1);
    m.dates[p] = row[2].text;
    std::vector<double>& values = m.stats[row[3].text];
    if (values.size() <= p) values.resize(p + 1, kNaN);
    values[p] = parse_number(row[4], name);
    if (const auto level = percentile_level(row[3].text)) levels.push_back(*level);
  }
  for (auto& [metric, m] : table.metrics)
    for (auto& [stat, values] : m.stats)
      values.resize(m.dates.size(), kNaN);
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  table.percentile_levels = levels;
  return table;
}

std::optional<ObservationsFile> read_observed(
    const std::filesystem::path& dir, const std::optional<std::filesystem::path>& observed) {
  if (observed) return read_observations(observed->string());
  const std::filesystem::path copy = dir / kObservedFile;
  if (!std::filesystem::exists(copy)) return std::nullopt;
  return read_observations(copy.string());
}

RunFolder read_run_folder(const std::filesystem::path& dir,
                          const std::optional<std::filesystem::path>& observed) {
  RunFolder folder;
  folder.dir = dir;
  folder.observed = read_observed(dir, observed);
  folder.summary =
      parse_summary_file(read_text(dir / "summary.json"), (dir / "summary.json").string());
  folder.series = read_series(dir / "series.csv");
  if (std::filesystem::exists(dir / "region_series.csv"))  // absent in folders of older runs
    folder.region_series = read_series(dir / "region_series.csv");
  const std::filesystem::path scenario_file = dir / "scenario.yaml";
  if (std::filesystem::exists(scenario_file)) {
    const std::string text = read_text(scenario_file);
    // The run recorded its resolved scenario's hash; a scenario.yaml of another run (or an
    // edited one) would make the report describe assumptions the numbers do not have.
    if (sha256_hex(text) != folder.summary.run.info.scenario_sha256)
      throw InputError(fmt::format(
          "{}: does not match the scenario_sha256 that summary.json records: the folder holds "
          "files of different runs; run the scenario again into a new folder",
          scenario_file.string()));
    folder.scenario = load_scenario_text(text, scenario_file.string());
  }
  return folder;
}

}  // namespace rollout::report
