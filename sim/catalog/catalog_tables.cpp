// The catalogue's data tables: a run's replications, monthly and quarterly series in wide
// tables (one row per replication, or per replication and period), and its summaries in
// long ones (docs/outputs.md, "The catalogue").

#include <fmt/format.h>
#include <sqlite3.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "catalog/connection.hpp"
#include "loader/csv_table.hpp"
#include "rollout/common/error.hpp"

namespace rollout::catalog {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> column_names(SQLite::Database& db, const std::string& table) {
  std::vector<std::string> names;
  SQLite::Statement q(db, fmt::format("PRAGMA table_info({})", sql_identifier(table)));
  while (q.executeStep())
    names.push_back(q.getColumn(1).getString());
  return names;
}

// "INSERT INTO table (a, b, ...) VALUES (?, ?, ...), (?, ?, ...), ..." for `rows` rows.
std::string insert_sql(const std::string& table, const std::vector<std::string>& columns,
                       std::size_t rows) {
  std::string names, marks;
  for (const std::string& c : columns) {
    names += (names.empty() ? "" : ", ") + sql_identifier(c);
    marks += marks.empty() ? "?" : ", ?";
  }
  std::string values;
  for (std::size_t r = 0; r < rows; ++r)
    values += (r == 0 ? "(" : ", (") + marks + ")";
  return fmt::format("INSERT INTO {} ({}) VALUES {}", table, names, values);
}

// One statement reused for every `rows_per_statement` rows: bind, step, reset. A
// replication's months (or quarters) go in one statement, which costs SQLite much less
// than a statement per row (docs/performance.md).
class RowInserter {
 public:
  RowInserter(SQLite::Database& db, const std::string& table,
              const std::vector<std::string>& columns, std::size_t rows_per_statement = 1)
      : statement_(db, insert_sql(table, columns, rows_per_statement)),
        values_per_statement_(static_cast<int>(columns.size() * rows_per_statement)) {}
  RowInserter& key(std::int64_t value) {
    statement_.bind(++next_, value);
    return *this;
  }
  RowInserter& text(const std::string& value) {
    statement_.bind(++next_, value);
    return *this;
  }
  // A text that outlives the row's insertion (a month's label): not copied.
  RowInserter& label(const std::string& value) {
    statement_.bindNoCopy(++next_, value);
    return *this;
  }
  // NaN (a missing value) is stored as NULL: sqlite3_bind_double binds NULL for it.
  RowInserter& value(double v) {
    statement_.bind(++next_, v);
    return *this;
  }
  // Ends a row; the statement runs once its last row is bound.
  void end_row() {
    if (next_ < values_per_statement_) return;
    statement_.exec();
    statement_.reset();
    next_ = 0;
  }

 private:
  SQLite::Statement statement_;
  int values_per_statement_;
  int next_ = 0;
};

// The most rows of a replication's `periods` that one statement of `columns` values a row
// takes, dividing `periods` evenly, within SQLite's 32,766 parameters a statement.
std::size_t rows_per_statement(std::size_t periods, std::size_t columns) {
  std::size_t rows = std::max<std::size_t>(1, std::min(periods, 32'000 / columns));
  while (periods % rows != 0)
    --rows;
  return rows;
}

std::vector<std::string> with_keys(std::vector<std::string> keys,
                                   const std::vector<std::string>& values) {
  keys.insert(keys.end(), values.begin(), values.end());
  return keys;
}

void insert_kpi_summaries(SQLite::Database& db, std::int64_t run_id, const Model& model,
                          const std::vector<KpiResult>& kpis) {
  RowInserter row(db, "kpi_summaries", {"run_id", "kpi", "stat", "value"});
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  for (const KpiResult& k : kpis) {
    if (!k.reported) continue;
    const std::string name = info(k.kpi).name;
    auto stat = [&](const std::string& s, double v) {
      row.key(run_id).text(name).text(s).value(v).end_row();
    };
    // The statistics summary.json holds for the KPI, under the same names.
    if (info(k.kpi).binary()) {
      stat("proportion", k.proportion.proportion);
      stat("ci95_lo", k.proportion.lo);
      stat("ci95_hi", k.proportion.hi);
      stat("count", static_cast<double>(k.proportion.count));
    } else if (k.available) {
      stat("mean", k.summary.mean);
      stat("sd", k.summary.sd);
      stat("se", k.summary.se);
      for (std::size_t i = 0; i < levels.size(); ++i)
        stat(fmt::format("p{}", levels[i]), k.summary.percentiles[i]);
      stat("count", static_cast<double>(k.summary.count));
    } else {
      stat("count", 0);
    }
    for (std::size_t r = 0; r < k.rank_probabilities.size(); ++r)
      stat(fmt::format("rank_{}", r + 1), k.rank_probabilities[r]);
    for (std::size_t t = 0; t < k.reached_by_month.size(); ++t)
      stat("reached_by_" + model.month_label(static_cast<int>(t)), k.reached_by_month[t]);
  }
}

// series.csv's rows (metric, period, date, stat, value), as the run wrote them.
void insert_series_rows(SQLite::Database& db, std::int64_t run_id, std::string_view csv) {
  loader::Diagnostics problems;
  const std::optional<loader::CsvTable> table =
      loader::parse_csv(std::string(csv), "series.csv", problems);
  if (!table || table->header.size() != 5)
    throw InternalError("catalogue: series.csv is not the expected five columns");
  RowInserter row(db, "series_summaries", {"run_id", "metric", "period", "date", "stat", "value"});
  for (const auto& cells : table->rows) {
    std::int64_t period = 0;
    double value = std::nan("");
    const std::string& p = cells[1].text;
    const std::string& v = cells[4].text;
    if (std::from_chars(p.data(), p.data() + p.size(), period).ec != std::errc() ||
        (!v.empty() && std::from_chars(v.data(), v.data() + v.size(), value).ec != std::errc()))
      throw InternalError("catalogue: series.csv holds a number that does not read back");
    row.key(run_id).text(cells[0].text).key(period).text(cells[2].text).text(cells[3].text);
    row.value(value).end_row();
  }
}

std::vector<std::string> replication_columns(const Model& model) {
  std::vector<std::string> names;
  for (const Kpi k : reported_kpis(model.scenario().economics.has_value()))
    names.emplace_back(info(k).name);
  for (const UncertainInput& u : model.uncertain_inputs())
    names.push_back(u.name);
  return names;
}

std::vector<Monthly> reported_monthly(const Model& model) {
  std::vector<Monthly> series;
  for (std::size_t m = 0; m < kMonthlyCount; ++m) {
    const auto metric = static_cast<Monthly>(m);
    if (reported(info(metric), model.scenario().economics.has_value())) series.push_back(metric);
  }
  return series;
}

void insert_replications(SQLite::Database& db, std::int64_t run_id, const Model& model,
                         const OutcomeTable& table) {
  const std::vector<std::string> names = replication_columns(model);
  ensure_columns(db, "replications", names);
  RowInserter row(db, "replications", with_keys({"run_id", "replication"}, names));
  const std::vector<Kpi> kpis = reported_kpis(model.scenario().economics.has_value());
  for (std::size_t i = 0; i < table.replications(); ++i) {
    row.key(run_id).key(static_cast<std::int64_t>(i));
    for (const Kpi k : kpis)
      row.value(table.kpi(i, k));
    for (std::size_t j = 0; j < table.inputs(); ++j)
      row.value(table.input(i, j));
    row.end_row();
  }
}

void insert_series(SQLite::Database& db, std::int64_t run_id, const Model& model,
                   const OutcomeTable& table, const std::atomic<int>* stop) {
  const std::vector<Monthly> monthly = reported_monthly(model);
  std::vector<std::string> monthly_names;
  for (const Monthly m : monthly)
    monthly_names.emplace_back(name(m));
  ensure_columns(db, "monthly", monthly_names);
  std::vector<std::string> months;
  for (std::size_t t = 0; t < table.months(); ++t)
    months.push_back(model.month_label(static_cast<int>(t)));
  RowInserter month_row(db, "monthly",
                        with_keys({"run_id", "replication", "period", "month"}, monthly_names),
                        rows_per_statement(table.months(), monthly_names.size() + 4));
  for (std::size_t i = 0; i < table.series_replications(); ++i) {
    if (i % 100 == 0) throw_if_stopped(stop);  // 3,600 rows of a 36-month run, a few ms
    for (std::size_t t = 0; t < table.months(); ++t) {
      month_row.key(run_id).key(static_cast<std::int64_t>(i)).key(static_cast<std::int64_t>(t));
      month_row.label(months[t]);
      for (const Monthly m : monthly)
        month_row.value(table.monthly(i, m, t));
      month_row.end_row();
    }
  }
  if (table.quarters() == 0) return;
  std::vector<std::string> quarterly_names;
  for (std::size_t s = 0; s < table.quarterly_series(); ++s)
    quarterly_names.push_back(quarterly_series_name(model, s));
  ensure_columns(db, "quarterly", quarterly_names);
  std::vector<std::string> quarters;
  for (std::size_t q = 0; q < table.quarters(); ++q)
    quarters.push_back(model.quarter_label(static_cast<int>(q)));
  RowInserter quarter_row(
      db, "quarterly", with_keys({"run_id", "replication", "period", "quarter"}, quarterly_names),
      rows_per_statement(table.quarters(), quarterly_names.size() + 4));
  for (std::size_t i = 0; i < table.series_replications(); ++i) {
    if (i % 100 == 0) throw_if_stopped(stop);  // 3,600 rows of a 36-month run, a few ms
    for (std::size_t q = 0; q < table.quarters(); ++q) {
      quarter_row.key(run_id).key(static_cast<std::int64_t>(i)).key(static_cast<std::int64_t>(q));
      quarter_row.label(quarters[q]);
      for (std::size_t s = 0; s < table.quarterly_series(); ++s)
        quarter_row.value(table.quarterly(i, s, q));
      quarter_row.end_row();
    }
  }
}

}  // namespace

std::string sql_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void ensure_columns(SQLite::Database& db, const std::string& table,
                    const std::vector<std::string>& names) {
  std::set<std::string> present;
  for (const std::string& c : column_names(db, table))
    present.insert(lower(c));
  std::set<std::string> seen;
  for (const std::string& n : names) {
    if (!seen.insert(lower(n)).second)
      throw InputError(fmt::format(
          "catalogue: the {} column '{}' appears twice when case is ignored, which SQLite "
          "cannot store; rename a brand or input, or run with --no-catalog",
          table, n));
    if (present.count(lower(n)) == 0)
      db.exec(fmt::format("ALTER TABLE {} ADD COLUMN {} REAL", table, sql_identifier(n)));
  }
}

void insert_series_summaries(SQLite::Database& db, std::int64_t run_id, std::string_view csv) {
  insert_series_rows(db, run_id, csv);
}

void insert_results(SQLite::Database& db, std::int64_t run_id, const CatalogResults& results,
                    const std::atomic<int>* stop) {
  if (results.model == nullptr || results.kpis == nullptr)
    throw InternalError("catalogue: results without a model or KPIs");
  insert_kpi_summaries(db, run_id, *results.model, *results.kpis);
  if (!results.series_csv.empty()) insert_series_rows(db, run_id, results.series_csv);
  if (results.table == nullptr) return;
  insert_replications(db, run_id, *results.model, *results.table);
  insert_series(db, run_id, *results.model, *results.table, stop);
}

void rethrow(const std::filesystem::path& file, const SQLite::Exception& e) {
  const std::string f = file.string();
  switch (e.getErrorCode()) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw InputError(fmt::format(
          "{}: not an SQLite database, or a damaged one ({}); it was left as it is: move it "
          "away, or give another file with --catalog",
          f, e.what()));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw InputError(fmt::format(
          "{}: another process held the catalogue locked for over a minute ({})", f, e.what()));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      throw InputError(fmt::format("{}: {}", f, e.what()));
    default:
      throw InternalError(fmt::format("catalogue {}: {}", f, e.what()));
  }
}

}  // namespace rollout::catalog

namespace rollout {

OutcomeTable Catalog::replications(std::int64_t id, const Model& model) const {
  try {
    SQLite::Database& db = db_->db;
    SQLite::Statement count(db, "SELECT count(*) FROM replications WHERE run_id = ?");
    count.bind(1, id);
    count.executeStep();
    const auto rows = static_cast<std::size_t>(count.getColumn(0).getInt64());
    if (rows == 0)
      throw InputError(fmt::format(
          "{}: run {} has no values per replication (it did not finish, or it is a sweep's, "
          "which records summaries only)",
          file_.string(), id));
    OutcomeTable table(model, rows, 0);
    // Every reported KPI and input the table has a column for; a column an older catalogue
    // lacks stays missing (NaN).
    std::set<std::string> present;
    for (const std::string& c : catalog::column_names(db, "replications"))
      present.insert(catalog::lower(c));
    const std::vector<Kpi> kpis = reported_kpis(model.scenario().economics.has_value());
    std::vector<std::string> wanted = catalog::replication_columns(model);
    std::string select = "replication";
    for (const std::string& name : wanted)
      select +=
          ", " + (present.count(catalog::lower(name)) ? catalog::sql_identifier(name) : "NULL");
    SQLite::Statement q(db, fmt::format("SELECT {} FROM replications WHERE run_id = ? "
                                        "ORDER BY replication",
                                        select));
    q.bind(1, id);
    std::vector<double> scratch;
    std::size_t i = 0;
    while (q.executeStep()) {
      if (i >= rows || q.getColumn(0).getInt64() != static_cast<std::int64_t>(i))
        throw InputError(fmt::format("{}: run {}'s replications are not 0 to {} in order",
                                     file_.string(), id, rows - 1));
      const OutcomeRow row = table.row(i, scratch);
      int c = 1;
      auto next = [&]() {
        const SQLite::Column v = q.getColumn(c++);
        return v.isNull() ? std::nan("") : v.getDouble();
      };
      for (const Kpi k : kpis)
        row.kpis[static_cast<std::size_t>(k)] = next();
      for (std::size_t j = 0; j < table.inputs(); ++j)
        row.inputs[j] = next();
      ++i;
    }
    return table;
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(file_, e);
  }
}

}  // namespace rollout
