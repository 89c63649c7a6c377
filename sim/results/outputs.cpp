#include "rollout/results/outputs.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <unistd.h>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <span>
#include <string_view>

#include "common/parallel_blocks.hpp"
#include "rollout/loader/scenario_writer.hpp"
#include "rollout/results/csv_writer.hpp"

namespace rollout {
namespace {

std::string percentile_name(double level) {
  return fmt::format("p{}", level);
}

// Rows `KEYS...,metric,period,date,stat,value` for each statistic of `s`; `keys` are the
// leading cells (regions: region and group).
void append_summary_rows(CsvWriter& out, const std::vector<std::string>& keys,
                         const std::string& metric, std::size_t period, const std::string& date,
                         const Summary& s, const std::vector<double>& levels) {
  // A missing statistic (NaN: no replication has the value) is an empty cell; an infinite
  // one is an overflow, never written as a result.
  if (std::isinf(s.mean) || std::isinf(s.sd)) {
    std::string where;
    for (const std::string& key : keys)
      where += key + ",";
    check_finite(s, fmt::format("{}{} in {}", where, metric, date));
  }
  auto row = [&](const std::string& stat, double value) {
    for (const std::string& key : keys)
      out.text(key);
    out.text(metric).count(period).text(date).text(stat).number(value);
    out.end_row();
  };
  row("mean", s.mean);
  row("sd", s.sd);
  row("se", s.se);
  for (std::size_t i = 0; i < levels.size(); ++i)
    row(percentile_name(levels[i]), s.percentiles[i]);
}

}  // namespace

// Shortest text that reads back to the same double; empty for a missing value.
std::string csv_number(double x) {
  std::string out;
  append_csv_number(out, x);
  return out;
}

void append_csv_number(std::string& out, double x) {
  if (std::isnan(x)) return;
  // Formatted into a local buffer, the format compiled: through a back_inserter each number
  // paid for parsing "{}" and for zeroing the string's new bytes before writing them (perf:
  // fmt's vformat_to and memset beside the formatting itself). The shortest double is at most
  // 24 characters.
  std::array<char, 32> digits;
  char* end = fmt::format_to(digits.data(), FMT_COMPILE("{}"), x);
  out.append(digits.data(), end);
}

namespace {

// A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a
// formula (CSV injection); a number such as -0.05 is no formula and stays as it is.
bool reads_as_formula(const std::string& s) {
  if (s.empty() || std::string_view("=+-@\t\r").find(s.front()) == std::string_view::npos)
    return false;
  double value = 0;
  const char* begin = s.data() + (s.front() == '+' ? 1 : 0);  // from_chars takes no '+'
  const char* end = s.data() + s.size();
  const auto [stop, ec] = std::from_chars(begin, end, value);
  return !(ec == std::errc() && stop == end);
}

}  // namespace

// Quoted (RFC 4180) when it holds a comma, quote or line break; a text that a
// spreadsheet would run as a formula gets a leading ' as OWASP advises (docs/outputs.md).
std::string csv_text(const std::string& text) {
  std::string out;
  append_csv_text(out, text);
  return out;
}

void append_csv_text(std::string& out, const std::string& text) {
  const bool formula = reads_as_formula(text);
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    if (formula) out += '\'';
    out += text;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string folder_name(const std::string& label) {
  std::string folder;
  for (const char c : label) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = std::isalnum(byte) || c == '-' || c == '_' || c == '.' || byte >= 0x80;
    if (keep) {
      folder += c;
    } else if (!folder.empty() && folder.back() != '-') {
      folder += '-';
    }
  }
  // No leading dot (no "..", no hidden folder), no trailing separator.
  const std::size_t first = folder.find_first_not_of(".-");
  folder = first == std::string::npos ? std::string() : folder.substr(first);
  while (!folder.empty() && (folder.back() == '-' || folder.back() == '.'))
    folder.pop_back();
  if (folder.size() > kMaxFolderName) {
    folder.resize(kMaxFolderName);
    // Never cut a UTF-8 character in two: drop continuation bytes, then its lead byte.
    while (!folder.empty() && (static_cast<unsigned char>(folder.back()) & 0xC0) == 0x80)
      folder.pop_back();
    if (!folder.empty() && static_cast<unsigned char>(folder.back()) >= 0x80) folder.pop_back();
  }
  return folder.empty() ? "scenario" : folder;
}

SummaryFile summary_file(const Model& model, const std::vector<KpiResult>& kpis,
                         const RunInfo& run) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  SummaryFile summary;
  summary.run.info = run;
  summary.run.start_month = model.month_label(0);
  summary.run.months = model.months();
  summary.run.sampling = to_string(model.scenario().simulation.sampling);
  if (!run.correlations.empty())
    summary.run.nearest_correlation_used = model.copula() != nullptr && model.copula()->repaired();
  for (const KpiResult& k : kpis) {
    if (!k.reported) continue;
    KpiRecord record;
    if (info(k.kpi).binary()) {
      record.proportion = k.proportion.proportion;
      record.ci95 = {k.proportion.lo, k.proportion.hi};
      record.count = k.proportion.count;
    } else if (k.available) {
      record.mean = k.summary.mean;
      record.sd = k.summary.sd;
      record.se = k.summary.se;
      for (std::size_t i = 0; i < levels.size(); ++i)
        record.percentiles.emplace_back(percentile_name(levels[i]), k.summary.percentiles[i]);
      record.count = k.summary.count;
    }
    record.rank_probabilities = k.rank_probabilities;
    for (std::size_t t = 0; t < k.reached_by_month.size(); ++t)
      record.reached_by_month.emplace_back(model.month_label(static_cast<int>(t)),
                                           k.reached_by_month[t]);
    summary.kpis.emplace_back(info(k.kpi).name, std::move(record));
  }
  for (const UncertainInput& u : model.uncertain_inputs())
    summary.uncertain_inputs.push_back(u.name);
  return summary;
}

std::string summary_json(const Model& model, const std::vector<KpiResult>& kpis,
                         const RunInfo& run) {
  return summary_file_text(summary_file(model, kpis, run));
}

namespace {

// The rows' pointers for summarize_columns: rows[i] = row(i) for the table's first `count` rows.
template <class Row>
void row_pointers(std::size_t count, Row row, std::vector<const double*>& rows) {
  rows.resize(count);
  for (std::size_t i = 0; i < count; ++i)
    rows[i] = row(i);
}

}  // namespace

std::string series_csv(const Model& model, const OutcomeTable& table) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  CsvWriter out({"metric", "period", "date", "stat", "value"});
  // Series are kept for the first series_replications() rows (all, unless a very large
  // run was asked to keep fewer).
  const std::size_t rows = table.series_replications();
  std::vector<double> column(rows), scratch;
  std::vector<const double*> row_starts;
  std::vector<std::uint64_t> keys;
  std::vector<Summary> months(table.months());
  const bool economics = model.scenario().economics.has_value();
  for (std::size_t m = 0; m < kMonthlyCount; ++m) {
    const auto series = static_cast<Monthly>(m);
    if (!reported(info(series), economics)) continue;
    row_pointers(
        rows, [&](std::size_t i) { return table.monthly_row(i, series); }, row_starts);
    summarize_columns(row_starts, months.size(), levels, months, keys);
    for (std::size_t t = 0; t < months.size(); ++t) {
      append_summary_rows(out, {}, name(series), t, model.month_label(static_cast<int>(t)),
                          months[t], levels);
    }
  }
  for (std::size_t series = 0; series < table.quarterly_series(); ++series) {
    const std::string metric = quarterly_series_name(model, series);
    for (std::size_t q = 0; q < table.quarters(); ++q) {
      for (std::size_t i = 0; i < column.size(); ++i)
        column[i] = table.quarterly(i, series, q);
      const std::string date = model.quarter_label(static_cast<int>(q));
      append_summary_rows(out, {}, metric, q, date, summarize(column, levels, false, scratch),
                          levels);
      if (!is_rank_series(series)) continue;
      for (std::size_t rank = 1; rank <= model.brands(); ++rank) {
        std::size_t hits = 0;
        for (double x : column)
          hits += static_cast<std::size_t>(x) == rank ? 1 : 0;
        out.text(metric).count(q).text(date).text(fmt::format("prob_rank_{}", rank));
        out.number(static_cast<double>(hits) / static_cast<double>(column.size())).end_row();
      }
    }
  }
  return out.finish();
}

std::string replications_csv(const Model& model, const OutcomeTable& table,
                             const std::atomic<int>* stop) {
  const std::vector<Kpi> kpis = reported_kpis(model.scenario().economics.has_value());
  std::vector<std::string> header{"replication"};
  for (const Kpi k : kpis)
    header.emplace_back(info(k).name);
  for (const UncertainInput& u : model.uncertain_inputs())
    header.push_back(u.name);
  CsvWriter out(header);
  // Room for every row at once (a value is at most 24 characters and its comma): a string
  // grown by doubling copies itself and first-touches its pages about twice over, 0.1 s of a
  // 10,000-replication run (docs/performance.md). Untouched room costs no memory.
  out.reserve(table.replications() * header.size() * 25);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    if (i % 1024 == 0) throw_if_stopped(stop);
    out.count(i);
    for (const Kpi k : kpis)
      out.number(table.kpi(i, k));
    for (std::size_t j = 0; j < table.inputs(); ++j)
      out.number(table.input(i, j));
    out.end_row();
  }
  return out.finish();
}

std::string regions_csv(const Model& model, const OutcomeTable& table) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  std::vector<std::string> header{"region", "group", "stores_mean"};
  for (double p : levels)
    header.push_back("stores_" + percentile_name(p));
  header.insert(header.end(), {"units_per_store_count", "units_per_store_mean"});
  for (double p : levels)
    header.push_back("units_per_store_" + percentile_name(p));
  CsvWriter out(header);
  std::vector<double> stores(table.series_replications()), units(stores.size()), scratch;
  for (std::size_t r = 0; r < table.regions(); ++r) {
    bool any_units = false;
    for (std::size_t i = 0; i < stores.size(); ++i) {
      stores[i] = table.region_stores(i, r);
      units[i] = table.region_units_per_store(i, r);
      any_units = any_units || !std::isnan(units[i]);
    }
    const Region& region = model.scenario().regions[r];
    const Summary s = summarize(stores, levels, false, scratch);
    out.text(region.name).text(region.group).number(s.mean);
    for (double v : s.percentiles)
      out.number(v);
    if (any_units) {
      const Summary u = summarize(units, levels, true, scratch);
      out.count(u.count).number(u.mean);
      for (double v : u.percentiles)
        out.number(v);
    } else {
      out.count(0).blank(levels.size() + 1);
    }
    out.end_row();
  }
  return out.finish();
}

namespace {

// One thread's working space for a region's series.
struct ColumnWorkspace {
  std::vector<const double*> rows;
  std::vector<std::uint64_t> keys;
  std::vector<Summary> summaries;
};

const std::vector<std::string> kRegionSeriesHeader{"region", "group", "metric", "period",
                                                   "date",   "stat",  "value"};

// Region r's rows of region_series.csv: its stores month by month, then its own-store units
// month by month, summarised and formatted (a task of its own, so that a run's threads share
// the regions' work and the rows are ready when the last region is).
std::string region_series_rows(const Model& model, const OutcomeTable& table, std::size_t r,
                               ColumnWorkspace& workspace) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  const std::size_t months = table.months();
  row_pointers(
      table.series_replications(), [&](std::size_t i) { return table.region_month_row(i, r); },
      workspace.rows);
  workspace.summaries.resize(2 * months);
  summarize_columns(workspace.rows, workspace.summaries.size(), levels, workspace.summaries,
                    workspace.keys);
  CsvWriter out = CsvWriter::rows_only(kRegionSeriesHeader.size());
  // Room for the rows (about 60 characters each): grown by doubling, the text copied itself.
  out.reserve(2 * months * (3 + levels.size()) * 64);
  const Region& region = model.scenario().regions[r];
  const std::vector<std::string> keys{region.name, region.group};
  for (std::size_t t = 0; t < months; ++t) {
    const std::string date = model.month_label(static_cast<int>(t));
    append_summary_rows(out, keys, std::string(kRegionSeriesStores), t, date,
                        workspace.summaries[t], levels);
    append_summary_rows(out, keys, std::string(kRegionSeriesOwnUnits), t, date,
                        workspace.summaries[months + t], levels);
  }
  return out.finish();
}

// region_series.csv: the header and the regions' rows in order.
std::string region_series_text(const std::vector<std::string>& region_rows) {
  std::string text = CsvWriter(kRegionSeriesHeader).finish();
  std::size_t size = text.size();
  for (const std::string& rows : region_rows)
    size += rows.size();
  text.reserve(size);
  for (const std::string& rows : region_rows)
    text += rows;
  return text;
}

}  // namespace

std::string region_series_csv(const Model& model, const OutcomeTable& table, unsigned threads) {
  std::vector<std::string> region_rows(table.regions());
  std::vector<ColumnWorkspace> workspaces(std::max(1U, threads));
  for_each_task(table.regions(), threads, [&](std::size_t r, std::size_t worker) {
    region_rows[r] = region_series_rows(model, table, r, workspaces[worker]);
  });
  return region_series_text(region_rows);
}

std::vector<std::pair<std::string, std::string>> run_output_files(
    const Model& model, const OutcomeTable& table, const std::vector<KpiResult>& kpis,
    const RunInfo& run, const FileBuilt& built, const std::atomic<int>* stop) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string_view name : kRunOutputFiles)
    files.emplace_back(name, std::string());
  auto text_of = [&files](std::string_view name) -> std::string& {
    for (auto& [file, text] : files) {
      if (file == name) return text;
    }
    throw InternalError(fmt::format("run_output_files: no file {} in kRunOutputFiles", name));
  };
  // The files and the region series' summaries are independent tasks, each done by one thread
  // alone, so they are the same at any thread count. The run's threads take them in turn,
  // longest first (replications.csv, then series.csv, then the regions one by one, then the
  // small files), so that they end together (docs/performance.md); region_series.csv is then
  // the regions' rows joined. Each text goes to `built` from the thread that made it, so a
  // file is written while the others are built.
  const std::array<std::pair<std::string_view, std::function<std::string()>>, 5> builders{{
      {"replications.csv", [&] { return replications_csv(model, table, stop); }},
      {"series.csv", [&] { return series_csv(model, table); }},
      {"regions.csv", [&] { return regions_csv(model, table); }},
      {"summary.json", [&] { return summary_json(model, kpis, run); }},
      {"scenario.yaml", [&] { return to_yaml(model.scenario()); }},
  }};
  constexpr std::size_t kLongFiles = 2;  // built before the regions' series
  const std::size_t regions = table.regions();
  std::vector<std::string> region_rows(regions);
  std::vector<ColumnWorkspace> workspaces(std::max(1U, run.threads));
  for_each_task(builders.size() + regions, run.threads, [&](std::size_t task, std::size_t worker) {
    throw_if_stopped(stop);
    const std::size_t file = task < kLongFiles             ? task
                             : task < kLongFiles + regions ? builders.size()
                                                           : task - regions;
    if (file < builders.size()) {
      std::string& text = text_of(builders[file].first);  // this task's own text
      text = builders[file].second();
      if (built) built(std::string(builders[file].first), text);
      return;
    }
    const std::size_t r = task - kLongFiles;
    region_rows[r] = region_series_rows(model, table, r, workspaces[worker]);
  });
  std::string& region_series = text_of("region_series.csv");
  region_series = region_series_text(region_rows);
  if (built) built("region_series.csv", region_series);
  // No file's text is empty (each has at least a header): an empty one had no builder above.
  for (const auto& [name, text] : files) {
    if (text.empty()) throw InternalError(fmt::format("run_output_files does not build {}", name));
  }
  return files;
}

std::string run_output_list() {
  return fmt::format("{}", fmt::join(kRunOutputFiles, ", "));
}

}  // namespace rollout
