#include "rollout/catalog/catalog.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <charconv>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <thread>

#include "catalog/connection.hpp"
#include "rollout/common/error.hpp"
#include "rollout/results/summary_file.hpp"

namespace rollout {
namespace {

// PRAGMA application_id of a rollout catalogue ("ROLL"): how a file tells it is ours.
constexpr int kApplicationId = 0x524F4C4C;
// Writers wait this long for another process's transaction before giving up.
constexpr int kBusyTimeoutMs = 60'000;

// Version 1 of the schema (docs/outputs.md, "The catalogue"). The data tables start with
// their keys; ensure_columns adds a REAL column per KPI, input or series a run brings. The
// wide tables are rowid tables with an index on their key: a run's rows append at the end,
// which costs SQLite about half what a WITHOUT ROWID table of such wide rows does
// (docs/performance.md); the small summary tables are keyed by themselves.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  command_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  scenario TEXT NOT NULL,
  scenario_sha256 TEXT NOT NULL,
  scenario_yaml TEXT NOT NULL,
  seed TEXT NOT NULL,
  replications INTEGER NOT NULL,
  series_replications INTEGER NOT NULL,
  sampling TEXT NOT NULL,
  version TEXT NOT NULL,
  command_line TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  wall_seconds REAL NOT NULL,
  threads INTEGER NOT NULL,
  processes INTEGER NOT NULL,
  output_folder TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'interrupted', 'failed')),
  message TEXT NOT NULL
);
CREATE INDEX runs_by_scenario ON runs (scenario, started_at);
CREATE TABLE replications (run_id INTEGER NOT NULL REFERENCES runs (id),
                           replication INTEGER NOT NULL);
CREATE UNIQUE INDEX replications_by_run ON replications (run_id, replication);
CREATE TABLE monthly (run_id INTEGER NOT NULL REFERENCES runs (id),
                      replication INTEGER NOT NULL, period INTEGER NOT NULL, month TEXT NOT NULL);
CREATE UNIQUE INDEX monthly_by_run ON monthly (run_id, replication, period);
CREATE TABLE quarterly (run_id INTEGER NOT NULL REFERENCES runs (id),
                        replication INTEGER NOT NULL, period INTEGER NOT NULL,
                        quarter TEXT NOT NULL);
CREATE UNIQUE INDEX quarterly_by_run ON quarterly (run_id, replication, period);
CREATE TABLE kpi_summaries (run_id INTEGER NOT NULL REFERENCES runs (id), kpi TEXT NOT NULL,
                            stat TEXT NOT NULL, value REAL,
                            PRIMARY KEY (run_id, kpi, stat)) WITHOUT ROWID;
CREATE TABLE series_summaries (run_id INTEGER NOT NULL REFERENCES runs (id),
                               metric TEXT NOT NULL, period INTEGER NOT NULL, date TEXT NOT NULL,
                               stat TEXT NOT NULL, value REAL,
                               PRIMARY KEY (run_id, metric, period, stat)) WITHOUT ROWID;
)sql";

int pragma_int(SQLite::Database& db, const char* name) {
  return db.execAndGet(fmt::format("PRAGMA {}", name)).getInt();
}

[[noreturn]] void throw_foreign(const std::filesystem::path& file) {
  throw InputError(fmt::format(
      "{}: this SQLite database is not a rollout catalogue (it holds other tables), so it was "
      "left as it is; give another file with --catalog",
      file.string()));
}

// Throws InputError when `db` is another program's database (it has tables, and not our
// application id).
void refuse_foreign(SQLite::Database& db, const std::filesystem::path& file) {
  // Both read in one snapshot: another process may be creating the schema right now, and
  // its tables without its application id would look foreign.
  SQLite::Transaction snapshot(db);
  const int application = pragma_int(db, "application_id");
  const int tables = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
  snapshot.commit();
  if (application != kApplicationId && (application != 0 || tables > 0)) throw_foreign(file);
}

// Switches the file to the write-ahead log (a no-op once it is). The switch needs the file
// to itself, and SQLite answers SQLITE_BUSY at once, without its busy handler, when another
// connection is switching or creating it at the same moment (deadlock avoidance); so the
// busy timeout is applied here by hand.
void set_wal_mode(SQLite::Database& db) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (;;) {
    try {
      db.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (const SQLite::Exception& e) {
      if (e.getErrorCode() != SQLITE_BUSY || std::chrono::steady_clock::now() > give_up) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

// Creates the schema in an empty file, or migrates an older one, inside one transaction
// (two processes opening a new file at once: the second finds the first's schema).
void create_or_migrate(SQLite::Database& db, const std::filesystem::path& file) {
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  const int application = pragma_int(db, "application_id");
  const int version = pragma_int(db, "user_version");
  const int tables = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
  if (application == 0 && tables == 0) {
    db.exec(kSchemaV1);
    db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
    db.exec(fmt::format("PRAGMA user_version = {}", kCatalogSchemaVersion));
  } else if (application != kApplicationId) {
    throw_foreign(file);
  } else if (version > kCatalogSchemaVersion) {
    throw InputError(fmt::format(
        "{}: this catalogue has schema version {}, written by a newer rollout; this one reads "
        "versions up to {}",
        file.string(), version, kCatalogSchemaVersion));
  }
  // Migrations from older versions go here, one step per version, as the schema changes.
  transaction.commit();
}

void check_readable(SQLite::Database& db, const std::filesystem::path& file) {
  const int application = pragma_int(db, "application_id");
  const int version = pragma_int(db, "user_version");
  if (application != kApplicationId)
    throw InputError(
        fmt::format("{}: this SQLite database is not a rollout catalogue", file.string()));
  if (version > kCatalogSchemaVersion)
    throw InputError(fmt::format(
        "{}: this catalogue has schema version {}, written by a newer rollout; this one reads "
        "versions up to {}",
        file.string(), version, kCatalogSchemaVersion));
}

CatalogRun read_run(SQLite::Statement& q, bool with_yaml) {
  CatalogRun r;
  int c = 0;
  r.id = q.getColumn(c++).getInt64();
  r.command_id = q.getColumn(c++).getInt64();
  r.kind = q.getColumn(c++).getString();
  r.scenario = q.getColumn(c++).getString();
  r.scenario_sha256 = q.getColumn(c++).getString();
  const std::string seed = q.getColumn(c++).getString();
  const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), r.seed);
  if (ec != std::errc() || end != seed.data() + seed.size())
    throw InputError(
        fmt::format("run {} has the seed '{}', which is no whole number: the "
                    "catalogue was changed by hand or is damaged",
                    r.id, excerpt(seed)));
  r.replications = static_cast<std::size_t>(q.getColumn(c++).getInt64());
  r.series_replications = static_cast<std::size_t>(q.getColumn(c++).getInt64());
  r.sampling = q.getColumn(c++).getString();
  r.version = q.getColumn(c++).getString();
  r.command_line = q.getColumn(c++).getString();
  r.started_at = q.getColumn(c++).getString();
  r.finished_at = q.getColumn(c++).getString();
  r.wall_seconds = q.getColumn(c++).getDouble();
  r.threads = static_cast<unsigned>(q.getColumn(c++).getInt64());
  r.processes = q.getColumn(c++).getInt();
  r.output_folder = q.getColumn(c++).getString();
  r.status = q.getColumn(c++).getString();
  r.message = q.getColumn(c++).getString();
  if (with_yaml) r.scenario_yaml = q.getColumn(c++).getString();
  return r;
}

constexpr const char* kRunColumns =
    "id, command_id, kind, scenario, scenario_sha256, seed, replications, series_replications, "
    "sampling, version, command_line, started_at, finished_at, wall_seconds, threads, processes, "
    "output_folder, status, message";

}  // namespace

std::string folder_mismatch(const CatalogRun& run) {
  const std::filesystem::path summary = std::filesystem::path(run.output_folder) / "summary.json";
  std::ifstream in(summary);
  if (!in)
    return fmt::format("its folder {} holds no summary.json (moved or deleted?)",
                       run.output_folder);
  const std::string other = fmt::format("its folder {} now holds another run", run.output_folder);
  try {
    const RunInfo about =
        parse_summary_file(std::string(std::istreambuf_iterator<char>(in), {}), summary.string())
            .run.info;
    const bool same = about.scenario_sha256 == run.scenario_sha256 && about.seed == run.seed &&
                      about.replications == run.replications;
    return same ? "" : other;
  } catch (const InputError&) {  // not a summary.json this version writes: not this run's
    return other;
  }
}

std::string utc_timestamp(std::int64_t seconds_since_epoch) {
  const auto t = static_cast<std::time_t>(seconds_since_epoch);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

Catalog::Catalog(const std::filesystem::path& file, CatalogAccess access) : file_(file) {
  if (access == CatalogAccess::read && !std::filesystem::exists(file))
    throw InputError(fmt::format(
        "{}: no catalogue here; commands that run scenarios create it (docs/outputs.md)",
        file.string()));
  if (std::filesystem::is_directory(file))
    throw InputError(fmt::format("{}: is a folder, not a catalogue file", file.string()));
  try {
    if (access == CatalogAccess::write && file.has_parent_path())
      std::filesystem::create_directories(file.parent_path());
    // No mutex around each call (SQLite's multi-thread mode): a Catalog is one connection
    // used by one thread at a time, and the per-call lock cost about 6% of a record.
    const int flags = (access == CatalogAccess::write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                      : SQLite::OPEN_READONLY) |
                      SQLite::OPEN_NOMUTEX;
    db_ = std::make_unique<Connection>(Connection{SQLite::Database(file, flags, kBusyTimeoutMs)});
    SQLite::Database& db = db_->db;
    // The first statement reads the header: a file that is no SQLite database fails here.
    (void)pragma_int(db, "schema_version");
    if (access == CatalogAccess::write) {
      refuse_foreign(db, file);  // before the journal mode changes anything in the file
      // WAL: readers never block the writer; one writer at a time, the others wait
      // (busy timeout). NORMAL sync is durable across crashes of the program in WAL mode.
      // Larger pages for a new file (the wide rows), before anything is written to it.
      db.exec("PRAGMA page_size = 16384");
      set_wal_mode(db);
      db.exec("PRAGMA cache_size = -65536");  // 64 MB: a run's rows are written in one go
      // No checkpoint when a transaction commits or the connection closes (it would copy
      // the run's rows from the log into the file while the command waits); checkpoint()
      // does it, which commands call while their replications run.
      db.exec("PRAGMA wal_autocheckpoint = 0");
      sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
      db.exec("PRAGMA synchronous = NORMAL");
      create_or_migrate(db, file);
    } else {
      check_readable(db, file);
    }
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(file, e);
  } catch (const std::filesystem::filesystem_error& e) {
    throw InputError(
        fmt::format("{}: cannot create its folder: {}", file.string(), e.code().message()));
  }
}

Catalog::~Catalog() = default;

std::vector<std::int64_t> Catalog::record(std::span<const CatalogRecord> records,
                                          std::int64_t command_id) {
  if (records.empty()) return {};
  CatalogWriter writer(*this);
  for (const CatalogRecord& record : records)
    writer.insert(record);
  return writer.commit(command_id);
}

struct CatalogWriter::Transaction {
  explicit Transaction(SQLite::Database& db)
      : transaction(db, SQLite::TransactionBehavior::IMMEDIATE),
        insert_run(db,
                   "INSERT INTO runs (command_id, kind, scenario, scenario_sha256, scenario_yaml, "
                   "seed, replications, series_replications, sampling, version, command_line, "
                   "started_at, finished_at, wall_seconds, threads, processes, output_folder, "
                   "status, message) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?)") {}
  SQLite::Transaction transaction;
  SQLite::Statement insert_run;
};

CatalogWriter::CatalogWriter(Catalog& catalog, const std::atomic<int>* stop)
    : catalog_(catalog), stop_(stop) {
  try {
    transaction_ = std::make_unique<Transaction>(catalog_.db_->db);
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(catalog_.file(), e);
  }
}

CatalogWriter::~CatalogWriter() = default;  // an uncommitted SQLite::Transaction rolls back

std::int64_t CatalogWriter::insert(const CatalogRecord& record) {
  if (!transaction_) throw InternalError("catalogue: insert after commit");
  try {
    SQLite::Statement& insert = transaction_->insert_run;
    const CatalogRun& r = record.run;
    int c = 1;
    insert.bind(c++, r.kind);
    insert.bind(c++, r.scenario);
    insert.bind(c++, r.scenario_sha256);
    insert.bind(c++, r.scenario_yaml);
    // Seeds reach 2^64 - 1, past SQLite's integers: kept exact as decimal text.
    insert.bind(c++, std::to_string(r.seed));
    insert.bind(c++, static_cast<std::int64_t>(r.replications));
    insert.bind(c++, static_cast<std::int64_t>(r.series_replications));
    insert.bind(c++, r.sampling);
    insert.bind(c++, r.version);
    insert.bind(c++, r.command_line);
    insert.bind(c++, r.started_at);
    insert.bind(c++, r.finished_at);
    insert.bind(c++, r.wall_seconds);
    insert.bind(c++, static_cast<std::int64_t>(r.threads));
    insert.bind(c++, r.processes);
    insert.bind(c++, r.output_folder);
    insert.bind(c++, r.status);
    insert.bind(c++, r.message);
    insert.exec();
    insert.reset();
    SQLite::Database& db = catalog_.db_->db;
    ids_.push_back(db.getLastInsertRowid());
    if (record.results) catalog::insert_results(db, ids_.back(), *record.results, stop_);
    return ids_.back();
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(catalog_.file(), e);
  }
}

void CatalogWriter::insert_series_summaries(std::int64_t id, std::string_view series_csv) {
  if (!transaction_) throw InternalError("catalogue: insert after commit");
  try {
    catalog::insert_series_summaries(catalog_.db_->db, id, series_csv);
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(catalog_.file(), e);
  }
}

std::vector<std::int64_t> CatalogWriter::commit(std::int64_t command_id) {
  if (!transaction_) throw InternalError("catalogue: committed twice");
  try {
    if (!ids_.empty()) {
      SQLite::Statement group(catalog_.db_->db,
                              "UPDATE runs SET command_id = ? WHERE id >= ? AND id <= ?");
      group.bind(1, command_id != 0 ? command_id : ids_.front());
      group.bind(2, ids_.front());
      group.bind(3, ids_.back());
      group.exec();
    }
    transaction_->transaction.commit();
    transaction_.reset();
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(catalog_.file(), e);
  }
  return ids_;
}

void Catalog::checkpoint() {
  try {
    db_->db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(file_, e);
  }
}

std::vector<CatalogRun> Catalog::runs(const CatalogFilter& filter) const {
  std::vector<CatalogRun> found;
  try {
    std::string sql = fmt::format("SELECT {} FROM runs WHERE 1", kRunColumns);
    if (filter.scenario) sql += " AND scenario = :scenario";
    if (filter.since) sql += " AND started_at >= :since";
    SQLite::Statement q(db_->db, sql + " ORDER BY id");
    if (filter.scenario) q.bind(":scenario", *filter.scenario);
    if (filter.since) q.bind(":since", *filter.since);
    while (q.executeStep())
      found.push_back(read_run(q, false));
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(file_, e);
  }
  return found;
}

CatalogRun Catalog::run(std::int64_t id) const {
  try {
    SQLite::Statement q(
        db_->db, fmt::format("SELECT {}, scenario_yaml FROM runs WHERE id = ?", kRunColumns));
    q.bind(1, id);
    if (!q.executeStep())
      throw InputError(
          fmt::format("{}: there is no run {} ('rollout runs' lists them)", file_.string(), id));
    return read_run(q, true);
  } catch (const SQLite::Exception& e) {
    catalog::rethrow(file_, e);
  }
}

}  // namespace rollout
