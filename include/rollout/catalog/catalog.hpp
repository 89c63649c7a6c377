#pragma once
// The results catalogue: every run a command makes, on record in one SQLite database that
// pandas, R, DuckDB and the sqlite3 shell read directly (docs/outputs.md, "The catalogue").
// A command's runs are recorded in one transaction, all their rows or none; many processes
// may record into one file at once. The schema is versioned (PRAGMA user_version) and
// created or migrated here; a file that is not a rollout catalogue is refused, never changed.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/results/summary.hpp"

namespace rollout {

// The schema this build writes; older catalogues are migrated to it when opened for writing.
inline constexpr int kCatalogSchemaVersion = 1;

// One row of the `runs` table: one scenario run by one command (a compare of three plans
// records three rows, sharing their command_id).
struct CatalogRun {
  std::int64_t id = 0;          // assigned when recorded
  std::int64_t command_id = 0;  // the id of the first run the same command recorded
  std::string kind;             // run, compare, sweep, batch, sensitivity, discover
  std::string scenario;         // its name
  std::string scenario_sha256;  // of scenario_yaml
  std::string scenario_yaml;    // the resolved scenario, as the run's scenario.yaml
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::size_t series_replications = 0;
  std::string sampling;  // the sampling design: random, lhs, sobol
  std::string version;   // rollout's
  std::string command_line;
  std::string started_at, finished_at;  // UTC, ISO 8601: 2026-12-04T21:03:00Z
  double wall_seconds = 0;
  unsigned threads = 1;
  int processes = 1;
  std::string output_folder;
  std::string status = "ok";  // ok, interrupted, failed
  std::string message;        // why, when not ok
};

// What a finished run leaves besides its `runs` row. Without a table only the KPI summaries
// are recorded (a sweep keeps no per-replication values); `series_csv` is the run's
// series.csv, whose statistics go into series_summaries.
struct CatalogResults {
  const Model* model = nullptr;
  const OutcomeTable* table = nullptr;
  const std::vector<KpiResult>* kpis = nullptr;
  std::string_view series_csv;
};

struct CatalogRecord {
  CatalogRun run;
  std::optional<CatalogResults> results;  // none for a run that did not finish
};

// Which runs `rollout runs` lists: all, or those of one scenario, or since a date.
struct CatalogFilter {
  std::optional<std::string> scenario;
  std::optional<std::string> since;  // a date (2026-12-01) or time, compared with started_at
};

enum class CatalogAccess { read, write };

class Catalog {
 public:
  // Opens `file`. For writing it is created (with its folder) when absent and an older
  // schema is migrated; for reading it must exist. Throws InputError naming the file when
  // it is no SQLite database, is damaged, belongs to another program, or has a newer schema.
  Catalog(const std::filesystem::path& file, CatalogAccess access);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // Records a command's runs in one transaction and returns their ids, in order. Their
  // command_id is `command_id`, or when 0 the first of the new ids.
  std::vector<std::int64_t> record(std::span<const CatalogRecord> records,
                                   std::int64_t command_id = 0);

  // Copies what the write-ahead log holds into the file, as far as no reader needs it
  // (commits leave that to this call, so that a command does not wait for it: it is made
  // while the command's replications run).
  void checkpoint();

  // The runs matching `filter`, oldest first (without their scenario text).
  std::vector<CatalogRun> runs(const CatalogFilter& filter) const;
  // Run `id` with its scenario text. Throws InputError when there is none.
  CatalogRun run(std::int64_t id) const;
  // Run `id`'s KPIs and sampled inputs by replication, as an outcome table of `model` (the
  // model of its scenario_yaml) without series. Throws InputError when the run has no
  // per-replication values (it did not finish, or a sweep recorded only summaries).
  OutcomeTable replications(std::int64_t id, const Model& model) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  friend class CatalogWriter;
  struct Connection;
  std::filesystem::path file_;
  std::unique_ptr<Connection> db_;
};

// A command's runs written in steps, so that the rows can be written on one thread while
// the command builds its files on another: the constructor begins the transaction, insert()
// adds runs, commit() ends it; destroyed uncommitted, nothing is recorded. One thread at a
// time may use it (and its catalogue). `stop`, when set and non-zero (a signal number),
// ends the writing with Interrupted within a few thousand rows.
class CatalogWriter {
 public:
  explicit CatalogWriter(Catalog& catalog, const std::atomic<int>* stop = nullptr);
  ~CatalogWriter();
  CatalogWriter(const CatalogWriter&) = delete;
  CatalogWriter& operator=(const CatalogWriter&) = delete;

  // Adds a run's row and its results; returns its id.
  std::int64_t insert(const CatalogRecord& record);
  // Adds the statistics of a run's series.csv (when insert() had none).
  void insert_series_summaries(std::int64_t id, std::string_view series_csv);
  // Gives the runs inserted their command id (`command_id`, or when 0 the first of their
  // ids) and commits; returns their ids.
  std::vector<std::int64_t> commit(std::int64_t command_id = 0);
  // The ids of the runs inserted so far, in order.
  const std::vector<std::int64_t>& ids() const { return ids_; }

 private:
  struct Transaction;
  Catalog& catalog_;
  const std::atomic<int>* stop_;
  std::unique_ptr<Transaction> transaction_;
  std::vector<std::int64_t> ids_;
};

// Why `run`'s results folder no longer holds it ("" when it does): the folder is gone, or
// its summary.json is another run's (another scenario text, seed or replication count).
std::string folder_mismatch(const CatalogRun& run);

// "2026-12-04T21:03:00Z" for seconds since the epoch.
std::string utc_timestamp(std::int64_t seconds_since_epoch);

}  // namespace rollout
