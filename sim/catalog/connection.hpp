#pragma once
// The catalogue's SQLite connection (SQLiteCpp, Debian's libsqlitecpp-dev: RAII handles,
// statements and transactions; docs/design.md says why), and what catalog.cpp and
// catalog_tables.cpp share: quoting of names, the data tables' columns, error translation.

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "rollout/catalog/catalog.hpp"

namespace rollout {

struct Catalog::Connection {
  SQLite::Database db;
};

namespace catalog {

// An SQL identifier in double quotes ("plan.execution_rate", "global_units.Brand").
std::string sql_identifier(std::string_view name);

// Adds the REAL columns of `names` that `table` lacks: the data tables grow a column for
// each KPI, input or brand series a run brings (docs/outputs.md, "The catalogue").
// SQLite compares column names without regard to case; two names of one run that differ
// only in case are an InputError.
void ensure_columns(SQLite::Database& db, const std::string& table,
                    const std::vector<std::string>& names);

// Writes a finished run's data rows (replications, monthly, quarterly, kpi_summaries,
// series_summaries) inside the caller's transaction; throws Interrupted when `stop` is set.
void insert_results(SQLite::Database& db, std::int64_t run_id, const CatalogResults& results,
                    const std::atomic<int>* stop);
// series.csv's rows (metric, period, date, stat, value) into series_summaries.
void insert_series_summaries(SQLite::Database& db, std::int64_t run_id, std::string_view csv);

// The error a failed catalogue operation is reported as: InputError for what the user can
// mend (a damaged, foreign, locked or read-only file; a full disk), InternalError otherwise.
[[noreturn]] void rethrow(const std::filesystem::path& file, const SQLite::Exception& e);

}  // namespace catalog
}  // namespace rollout
