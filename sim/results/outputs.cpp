#include "rollout/results/outputs.hpp"

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
  if (!std::isnan(x)) fmt::format_to(std::back_inserter(out), "{}", x);
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
  const std::string s = reads_as_formula(text) ? "'" + text : text;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string quoted(1, '"');
  for (char c : s) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
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

// Values a column at a time, left unwritten when sized (UninitializedAllocator): gather_columns
// writes every one, and zeroing them first cost a memset and its page faults.
using ColumnValues = std::vector<double, UninitializedAllocator<double>>;

// Copies `width` consecutive values of each kept replication's row (from `row(i)`) into
// columns[c * rows + i]: one pass over the rows in storage order, instead of one strided pass
// over the whole table per column. (The summaries' cost is mostly the percentile selection
// itself, which region_series_csv spreads over threads; docs/performance.md.)
//
// In tiles of 64 rows: a tile's rows stay in cache while each column's 64 values are written
// in one run. Row by row, each row's values went to `width` columns a page apart (likely a
// miss in the translation cache for most values; not measured, the tiles' gain was:
// docs/performance.md).
template <class Row>
void gather_columns(std::size_t rows, std::size_t width, Row row, ColumnValues& columns) {
  constexpr std::size_t kTile = 64;
  columns.resize(rows * width);  // left unwritten: every value is written below
  std::array<const double*, kTile> tile{};
  for (std::size_t first = 0; first < rows; first += kTile) {
    const std::size_t count = std::min(kTile, rows - first);
    for (std::size_t k = 0; k < count; ++k)
      tile[k] = row(first + k);
    for (std::size_t c = 0; c < width; ++c) {
      double* column = &columns[c * rows + first];
      for (std::size_t k = 0; k < count; ++k)
        column[k] = tile[k][c];
    }
  }
}

std::span<const double> column_of(const ColumnValues& columns, std::size_t rows, std::size_t c) {
  return std::span<const double>(columns).subspan(c * rows, rows);
}

}  // namespace

std::string series_csv(const Model& model, const OutcomeTable& table) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  CsvWriter out({"metric", "period", "date", "stat", "value"});
  // Series are kept for the first series_replications() rows (all, unless a very large
  // run was asked to keep fewer).
  const std::size_t rows = table.series_replications();
  std::vector<double> column(rows), scratch;
  ColumnValues columns;
  const bool economics = model.scenario().economics.has_value();
  for (std::size_t m = 0; m < kMonthlyCount; ++m) {
    const auto series = static_cast<Monthly>(m);
    if (!reported(info(series), economics)) continue;
    gather_columns(
        rows, table.months(), [&](std::size_t i) { return table.monthly_row(i, series); }, columns);
    for (std::size_t t = 0; t < table.months(); ++t) {
      append_summary_rows(out, {}, name(series), t, model.month_label(static_cast<int>(t)),
                          summarize(column_of(columns, rows, t), levels, false, scratch), levels);
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

std::string replications_csv(const Model& model, const OutcomeTable& table) {
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

std::string region_series_csv(const Model& model, const OutcomeTable& table, unsigned threads) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  const std::size_t rows = table.series_replications(), months = table.months();
  // Each region's stores month by month, then its own-store units month by month: summarised
  // over blocks of regions in parallel (most of a run's work after its replications), then
  // written in order.
  const std::size_t per_region = 2 * months;
  std::vector<Summary> summaries(table.regions() * per_region);
  for_each_block(table.regions(), threads, [&](std::size_t begin, std::size_t end) {
    ColumnValues columns;
    std::vector<double> scratch;
    for (std::size_t r = begin; r < end; ++r) {
      gather_columns(
          rows, per_region, [&](std::size_t i) { return table.region_month_row(i, r); }, columns);
      for (std::size_t c = 0; c < per_region; ++c)
        summaries[r * per_region + c] =
            summarize(column_of(columns, rows, c), levels, false, scratch);
    }
  });
  CsvWriter out({"region", "group", "metric", "period", "date", "stat", "value"});
  for (std::size_t r = 0; r < table.regions(); ++r) {
    const Region& region = model.scenario().regions[r];
    const std::vector<std::string> keys{region.name, region.group};
    for (std::size_t t = 0; t < months; ++t) {
      const std::string date = model.month_label(static_cast<int>(t));
      append_summary_rows(out, keys, std::string(kRegionSeriesStores), t, date,
                          summaries[r * per_region + t], levels);
      append_summary_rows(out, keys, std::string(kRegionSeriesOwnUnits), t, date,
                          summaries[r * per_region + months + t], levels);
    }
  }
  return out.finish();
}

std::vector<std::pair<std::string, std::string>> run_output_files(
    const Model& model, const OutcomeTable& table, const std::vector<KpiResult>& kpis,
    const RunInfo& run) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string_view name : kRunOutputFiles)
    files.emplace_back(name, std::string());
  auto text_of = [&files](std::string_view name) -> std::string& {
    for (auto& [file, text] : files) {
      if (file == name) return text;
    }
    throw InternalError(fmt::format("run_output_files: no file {} in kRunOutputFiles", name));
  };
  // The files are independent, each built by one thread alone, so they are the same at any
  // thread count: the small ones over the run's threads at once, in two blocks of about equal
  // cost (series.csv is the largest), then region_series.csv, which spreads its own
  // summaries over the threads (docs/performance.md).
  const std::array<std::pair<std::string_view, std::function<std::string()>>, 5> small{{
      {"series.csv", [&] { return series_csv(model, table); }},
      {"summary.json", [&] { return summary_json(model, kpis, run); }},
      {"replications.csv", [&] { return replications_csv(model, table); }},
      {"regions.csv", [&] { return regions_csv(model, table); }},
      {"scenario.yaml", [&] { return to_yaml(model.scenario()); }},
  }};
  for_each_block(small.size(), run.threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      text_of(small[i].first) = small[i].second();  // each thread writes its own files' texts
  });
  text_of("region_series.csv") = region_series_csv(model, table, run.threads);
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
