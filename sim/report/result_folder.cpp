#include "report/result_folder.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "loader/csv_table.hpp"
#include "rollout/common/error.hpp"
#include "rollout/loader/scenario_loader.hpp"

namespace rollout::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double parse_number(const loader::CsvField& field, const std::string& file) {
  if (field.text.empty()) return kNaN;
  double value = 0;
  const char* end = field.text.data() + field.text.size();
  const auto [ptr, ec] = std::from_chars(field.text.data(), end, value);
  if (ec != std::errc() || ptr != end)
    throw InputError(
        fmt::format("{}:{}:{}: '{}' is not a number", file, field.line, field.column, field.text));
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

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(
        fmt::format("{}: cannot be read (is this a rollout results folder?)", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::ordered_json read_json(const std::filesystem::path& file) {
  try {
    return nlohmann::ordered_json::parse(read_text(file));
  } catch (const nlohmann::ordered_json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
  }
}

double number_or_nan(const nlohmann::ordered_json& object, const std::string& key) {
  if (!object.is_object()) return kNaN;
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : kNaN;
}

SeriesTable read_series(const std::filesystem::path& file) {
  const std::string name = file.string();
  loader::Diagnostics diagnostics;
  const auto csv = loader::parse_csv(read_text(file), name, diagnostics);
  diagnostics.throw_if_any();
  const std::vector<std::string> expected{"metric", "period", "date", "stat", "value"};
  bool header_ok = csv->header.size() == expected.size();
  for (std::size_t i = 0; header_ok && i < expected.size(); ++i)
    header_ok = csv->header[i].text == expected[i];
  if (!header_ok)
    throw InputError(fmt::format("{}:1:1: header must be metric,period,date,stat,value", name));

  SeriesTable table;
  table.file = name;
  std::vector<double> levels;
  for (const auto& row : csv->rows) {
    MetricSeries& m = table.metrics[row[0].text];
    m.file = name;
    m.metric = row[0].text;
    const double period = parse_number(row[1], name);
    if (!(period >= 0) || period != std::floor(period) || period > 100000)
      throw InputError(fmt::format("{}:{}:{}: period {} must be a whole number >= 0", name,
                                   row[1].line, row[1].column, row[1].text));
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

RunFolder read_run_folder(const std::filesystem::path& dir) {
  RunFolder folder;
  folder.dir = dir;
  folder.summary = read_json(dir / "summary.json");
  folder.series = read_series(dir / "series.csv");
  if (std::filesystem::exists(dir / "scenario.yaml"))
    folder.scenario = load_scenario((dir / "scenario.yaml").string());
  return folder;
}

}  // namespace rollout::report
