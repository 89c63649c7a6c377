// The results catalogue (issue 18): schema and its version, refusal of files that are not
// catalogues, exact round trips of per-replication values, one transaction per command,
// concurrent writers, failed and interrupted runs, and comparing stored runs.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine_helpers.hpp"
#include "rollout/catalog/catalog.hpp"
#include "rollout/common/error.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/run/run_session.hpp"
#include "sandbox.hpp"

namespace {

using rollout::Catalog;
using rollout::CatalogAccess;
using rollout::CatalogRecord;
using rollout::CatalogRun;
using test::Sandbox;
namespace fs = std::filesystem;

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::int64_t count(const fs::path& file, const std::string& sql) {
  SQLite::Database db(file, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

// The error message of constructing a catalogue on `file`, or "" when it opens.
std::string open_error(const fs::path& file, CatalogAccess access = CatalogAccess::write) {
  try {
    Catalog catalog(file, access);
  } catch (const rollout::InputError& e) {
    return e.what();
  }
  return "";
}

// A finished run of tests/data/valid/minimal.yaml, summarised, with its files' texts.
struct Finished {
  rollout::SimulatedRun run;
  std::vector<rollout::KpiResult> kpis;
  rollout::NamedTexts files;
};
Finished finished_run(std::size_t replications, std::uint64_t seed) {
  rollout::Scenario scenario =
      rollout::load_scenario(test::source("tests/data/valid/minimal.yaml"));
  scenario.simulation.replications = static_cast<std::int64_t>(replications);
  scenario.simulation.seed = seed;
  Finished f{rollout::simulate(std::move(scenario), rollout::RunRequest{}), {}, {}};
  f.kpis = rollout::summarize_kpis(*f.run.model, *f.run.table);
  f.files = rollout::run_output_files(*f.run.model, *f.run.table, f.kpis, f.run.info);
  return f;
}

CatalogRecord record_of(const Finished& f, const std::string& started_at = "2026-12-01T09:00:00Z") {
  CatalogRun row;
  row.kind = "run";
  row.scenario = f.run.info.scenario;
  row.scenario_sha256 = f.run.info.scenario_sha256;
  row.scenario_yaml = f.files.back().second;  // scenario.yaml
  row.seed = f.run.info.seed;
  row.replications = f.run.info.replications;
  row.series_replications = f.run.info.series_replications;
  row.sampling = "random";
  row.started_at = row.finished_at = started_at;
  rollout::CatalogResults results;
  results.model = f.run.model.get();
  results.table = &*f.run.table;
  results.kpis = &f.kpis;
  results.series_csv = f.files[1].second;  // series.csv
  return {row, results};
}

}  // namespace

TEST_CASE("a new catalogue has the schema, its version and rollout's application id") {
  const Sandbox box("rollout-test-catalog-new");
  const fs::path file = box.dir() / "sub" / "catalog.sqlite";
  { Catalog catalog(file, CatalogAccess::write); }  // the folder is created too
  REQUIRE(fs::exists(file));
  CHECK(count(file, "PRAGMA user_version") == rollout::kCatalogSchemaVersion);
  CHECK(count(file, "PRAGMA application_id") == 0x524F4C4C);
  CHECK(count(file, "PRAGMA journal_mode = WAL") >= 0);
  for (const char* table :
       {"runs", "replications", "monthly", "quarterly", "kpi_summaries", "series_summaries"})
    CHECK(count(file, std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table +
                          "'") == 1);
  // Opening it again keeps it as it is; it opens for reading too.
  { Catalog again(file, CatalogAccess::write); }
  CHECK(count(file, "PRAGMA user_version") == rollout::kCatalogSchemaVersion);
  CHECK(count(file, "SELECT count(*) FROM runs") == 0);
  CHECK(open_error(file, CatalogAccess::read).empty());
}

TEST_CASE("a damaged, foreign or newer database is refused and left exactly as it was") {
  const Sandbox box("rollout-test-catalog-refused");
  SUBCASE("not an SQLite file") {
    const fs::path file = box.dir() / "notes.sqlite";
    std::ofstream(file) << "These are my notes, not a database. They go on for a while so that "
                           "the file is longer than SQLite's 100-byte header, which it reads.\n";
    const std::string before = file_bytes(file);
    const std::string message = open_error(file);
    CHECK(message.find("not an SQLite database, or a damaged one") != std::string::npos);
    CHECK(message.find("notes.sqlite") != std::string::npos);
    CHECK(file_bytes(file) == before);
  }
  SUBCASE("another program's database") {
    const fs::path file = box.dir() / "other.sqlite";
    {
      SQLite::Database db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Ada')");
    }
    const std::string before = file_bytes(file);
    CHECK(open_error(file).find("is not a rollout catalogue") != std::string::npos);
    CHECK(open_error(file, CatalogAccess::read).find("is not a rollout catalogue") !=
          std::string::npos);
    CHECK(file_bytes(file) == before);  // not even switched to WAL
  }
  SUBCASE("a catalogue of a newer schema") {
    const fs::path file = box.dir() / "newer.sqlite";
    { Catalog catalog(file, CatalogAccess::write); }
    {
      SQLite::Database db(file, SQLite::OPEN_READWRITE);
      db.exec("PRAGMA user_version = 99");
    }
    CHECK(open_error(file).find("schema version 99, written by a newer rollout") !=
          std::string::npos);
  }
  SUBCASE("no catalogue to read") {
    CHECK(open_error(box.dir() / "absent.sqlite", CatalogAccess::read).find("no catalogue here") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(box.dir() / "absent.sqlite"));
  }
}

TEST_CASE("a recorded run reads back: every KPI and input exactly, its series and summaries") {
  const Sandbox box("rollout-test-catalog-roundtrip");
  const fs::path file = box.dir() / "catalog.sqlite";
  const Finished f = finished_run(40, 11);
  Catalog catalog(file, CatalogAccess::write);
  const CatalogRecord record = record_of(f);
  const std::vector<std::int64_t> ids = catalog.record(std::span(&record, 1));
  REQUIRE(ids.size() == 1);

  const CatalogRun row = catalog.run(ids[0]);
  CHECK(row.scenario == "minimal");
  CHECK(row.command_id == ids[0]);
  CHECK(row.seed == 11);
  CHECK(row.status == "ok");
  CHECK(row.scenario_yaml == record.run.scenario_yaml);

  const rollout::Model model(rollout::load_scenario_text(row.scenario_yaml, "stored"));
  const rollout::OutcomeTable back = catalog.replications(ids[0], model);
  const rollout::OutcomeTable& table = *f.run.table;
  REQUIRE(back.replications() == table.replications());
  std::size_t compared = 0, missing = 0;
  for (std::size_t i = 0; i < table.replications(); ++i) {
    for (std::size_t k = 0; k < rollout::kKpiCount; ++k) {
      const double a = table.kpi(i, static_cast<rollout::Kpi>(k)),
                   b = back.kpi(i, static_cast<rollout::Kpi>(k));
      // Bit for bit: SQLite stores IEEE doubles; a missing value (NaN) comes back missing.
      CHECK((std::isnan(a) ? std::isnan(b) : std::memcmp(&a, &b, sizeof a) == 0));
      missing += std::isnan(a) ? 1 : 0;
      ++compared;
    }
    for (std::size_t j = 0; j < table.inputs(); ++j)
      CHECK(back.input(i, j) == table.input(i, j));
  }
  CHECK(compared == 40 * rollout::kKpiCount);
  CHECK(missing > 0);  // the economic KPIs of a scenario without economics, at least

  const std::string run_id = std::to_string(ids[0]);
  CHECK(count(file, "SELECT count(*) FROM monthly WHERE run_id = " + run_id) == 40 * 24);
  CHECK(count(file, "SELECT count(*) FROM quarterly WHERE run_id = " + run_id) ==
        40 * model.quarters());
  // A wide row: stores of replication 3 at month 5, as the table holds it.
  SQLite::Database db(file, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT stores FROM monthly WHERE run_id = " + run_id +
                      " AND replication = 3 AND period = 5")
            .getDouble() == table.monthly(3, rollout::Monthly::stores, 5));
  CHECK(db.execAndGet("SELECT month FROM monthly WHERE run_id = " + run_id +
                      " AND replication = 0 AND period = 0")
            .getString() == "2024-01");
  // Summaries: the KPI mean as summary.json has it, and every row of series.csv.
  const auto& stores = f.kpis[static_cast<std::size_t>(rollout::Kpi::stores_end)];
  CHECK(db.execAndGet("SELECT value FROM kpi_summaries WHERE kpi = 'stores_end' AND stat = "
                      "'mean' AND run_id = " +
                      run_id)
            .getDouble() == stores.summary.mean);
  const std::string& series = f.files[1].second;
  const auto lines = static_cast<std::int64_t>(std::count(series.begin(), series.end(), '\n'));
  CHECK(count(file, "SELECT count(*) FROM series_summaries WHERE run_id = " + run_id) == lines - 1);
}

TEST_CASE("a command's runs are one transaction and share a command id") {
  const Sandbox box("rollout-test-catalog-command");
  const fs::path file = box.dir() / "catalog.sqlite";
  const Finished f = finished_run(10, 3);
  Catalog catalog(file, CatalogAccess::write);
  std::vector<CatalogRecord> records{record_of(f), record_of(f), record_of(f)};
  const std::vector<std::int64_t> ids = catalog.record(records);
  REQUIRE(ids.size() == 3);
  for (const std::int64_t id : ids)
    CHECK(catalog.run(id).command_id == ids[0]);
  // A record that fails half-way (a scenario whose input names collide in case) leaves
  // nothing: the transaction is rolled back whole.
  const std::int64_t before = count(file, "SELECT count(*) FROM runs");
  const std::int64_t rows_before = count(file, "SELECT count(*) FROM replications");
  rollout::Scenario clash = rollout::load_scenario(test::source("tests/data/valid/minimal.yaml"));
  clash.brands[1].name = "FOCAL";  // global_units.Focal and global_units.FOCAL collide
  const rollout::Model clash_model(std::move(clash));
  const rollout::OutcomeTable clash_table = test::run(clash_model, 5);
  const std::vector<rollout::KpiResult> clash_kpis =
      rollout::summarize_kpis(clash_model, clash_table);
  std::vector<CatalogRecord> failing{record_of(f), record_of(f)};
  failing[1].results->model = &clash_model;
  failing[1].results->table = &clash_table;
  failing[1].results->kpis = &clash_kpis;
  CHECK_THROWS_AS(catalog.record(failing), rollout::InputError);
  CHECK(count(file, "SELECT count(*) FROM runs") == before);
  CHECK(count(file, "SELECT count(*) FROM replications") == rows_before);
}

TEST_CASE("writers in several threads and processes record into one catalogue at once") {
  const Sandbox box("rollout-test-catalog-concurrent");
  const fs::path file = box.dir() / "catalog.sqlite";
  const Finished f = finished_run(200, 5);
  // Four connections in threads, each recording three runs of 200 replications.
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&] {
      Catalog catalog(file, CatalogAccess::write);
      for (int r = 0; r < 3; ++r) {
        const CatalogRecord record = record_of(f);
        catalog.record(std::span(&record, 1));
      }
    });
  }
  for (std::thread& t : writers)
    t.join();
  CHECK(count(file, "SELECT count(*) FROM runs") == 12);
  CHECK(count(file, "SELECT count(DISTINCT id) FROM runs") == 12);
  CHECK(count(file, "SELECT count(*) FROM replications") == 12 * 200);
  // Four processes of the program, started together on a new catalogue.
  box.scenario("s.yaml", "name: s");
  const fs::path shared = box.dir() / "shared.sqlite";
  std::string script = "cd '" + box.dir().string() + "' || exit 1; ";
  for (int p = 0; p < 4; ++p)
    script += "('" + std::string(ROLLOUT_CLI) + "' run s.yaml -n 300 -q --out out" +
              std::to_string(p) + " --catalog shared.sqlite > log" + std::to_string(p) +
              " 2>&1; echo $? >> statuses) & ";
  script += "wait; cat statuses";
  const test::CliResult r = test::run_shell(script);
  std::string logs;
  for (int p = 0; p < 4; ++p)
    logs += file_bytes(box.dir() / ("log" + std::to_string(p)));
  CAPTURE(logs);
  CHECK(r.out == "0\n0\n0\n0\n");
  CHECK(count(shared, "SELECT count(*) FROM runs WHERE status = 'ok'") == 4);
  CHECK(count(shared, "SELECT count(*) FROM replications") == 4 * 300);
}

TEST_CASE("a run that fails or is interrupted records its status and no data rows") {
  const Sandbox box("rollout-test-catalog-failed");
  // Overflows when summarised, after the replications ran (exit 2, nothing written).
  box.scenario("big.yaml", "market: {units_per_year: 1e308}");
  const test::CliResult failed = box.cli("run big.yaml -n 5 -q --out out --catalog c.sqlite");
  CHECK(failed.status == 2);
  const fs::path file = box.dir() / "c.sqlite";
  CHECK(count(file,
              "SELECT count(*) FROM runs WHERE status = 'failed' AND message LIKE "
              "'%market_units_total%'") == 1);
  // A run stopped by SIGINT one second after it starts catching the signal.
  const std::string script = "cd '" + box.dir().string() + "' && ('" + ROLLOUT_CLI + "' run '" +
                             test::source("scenarios/china-30k.yaml") +
                             "' -n 50000 -q --out stopped --catalog c.sqlite & pid=$!; " +
                             test::wait_until_rollout_catches_sigint("pid") +
                             "sleep 1; kill -INT $pid; wait $pid; echo status=$?) 2>&1";
  CHECK(test::run_shell(script).out.find("status=130") != std::string::npos);
  CHECK(count(file,
              "SELECT count(*) FROM runs WHERE status = 'interrupted' AND message = "
              "'SIGINT' AND scenario = 'china-30k'") == 1);
  for (const char* table : {"replications", "monthly", "quarterly", "kpi_summaries"})
    CHECK(count(file, std::string("SELECT count(*) FROM ") + table) == 0);
  const test::CliResult listed = box.cli("runs --catalog c.sqlite");
  CHECK(listed.out.find("failed") != std::string::npos);
  CHECK(listed.out.find("interrupted") != std::string::npos);
}

TEST_CASE("stored runs on different days: listed, and compared exactly as compare of the files") {
  const Sandbox box("rollout-test-catalog-compare");
  box.scenario("base.yaml", "name: base");
  box.scenario("fast.yaml", "name: fast\nplan: {opening_capacity_per_month: 30}");
  const std::string common = " -n 300 --seed 21 -q --catalog c.sqlite";
  // A fake clock: the first run on 1 December, the second on 3 December.
  const std::string day1 = "ROLLOUT_NOW=2026-12-01T09:00:00Z ";
  const std::string day3 = "ROLLOUT_NOW=2026-12-03T15:30:00Z ";
  const std::string in_box = "cd '" + box.dir().string() + "' && ";
  const std::string cli = std::string("'") + ROLLOUT_CLI + "'";
  REQUIRE(test::run_shell(in_box + day1 + cli + " run base.yaml --out a" + common).status == 0);
  REQUIRE(test::run_shell(in_box + day3 + cli + " run fast.yaml --out b" + common).status == 0);

  const test::CliResult all = box.cli("runs --catalog c.sqlite");
  CHECK(all.out.find("2026-12-01 09:00") != std::string::npos);
  CHECK(all.out.find("2 runs in c.sqlite") != std::string::npos);
  const test::CliResult recent = box.cli("runs --catalog c.sqlite --since 2026-12-02");
  CHECK(recent.out.find("fast") != std::string::npos);
  CHECK(recent.out.find("base") == std::string::npos);
  CHECK(recent.out.find("1 run in c.sqlite") != std::string::npos);
  CHECK(box.cli("runs --catalog c.sqlite --scenario base").out.find("fast") == std::string::npos);
  CHECK(box.cli("runs --catalog c.sqlite --since yesterday").status == 2);

  const test::CliResult stored =
      box.cli("compare --run 1 --run 2 --catalog c.sqlite --out from-catalog");
  REQUIRE(stored.status == 0);
  CHECK(stored.out.find("300 paired replications (seed 21)") != std::string::npos);
  const test::CliResult fresh =
      box.cli("compare base.yaml fast.yaml -n 300 --seed 21 -q --no-catalog --out from-files");
  REQUIRE(fresh.status == 0);
  // The same differences, to the last digit: the stored values are the runs' own.
  const std::string stored_csv = file_bytes(box.dir() / "from-catalog/comparison.csv");
  CHECK(stored_csv.find("fast") != std::string::npos);
  CHECK(stored_csv == file_bytes(box.dir() / "from-files/comparison.csv"));
  // The compare of the files recorded nothing (--no-catalog).
  CHECK(count(box.dir() / "c.sqlite", "SELECT count(*) FROM runs") == 2);

  // Runs of different seeds are compared unpaired, with a warning.
  REQUIRE(box.cli("run fast.yaml -n 300 --seed 22 -q --out c --catalog c.sqlite").status == 0);
  const test::CliResult unpaired =
      box.cli("compare --run 1 --run 3 --catalog c.sqlite --out unpaired");
  CHECK(unpaired.status == 0);
  CHECK(unpaired.out.find("compared unpaired") != std::string::npos);
  CHECK(unpaired.out.find("independent samples") != std::string::npos);
  CHECK(box.cli("compare --run 1 --run 99 --catalog c.sqlite").out.find("there is no run 99") !=
        std::string::npos);

  // A stored run's scenario, printed as it ran, is a valid scenario file to run again.
  const test::CliResult shown = box.cli("runs --show 2 --catalog c.sqlite");
  CHECK(shown.status == 0);
  CHECK(shown.out.find("name: \"fast\"") != std::string::npos);
  CHECK(shown.out.find("--seed 21 -n 300") != std::string::npos);
  std::ofstream(box.dir() / "again.yaml") << shown.out;
  CHECK(box.cli("validate again.yaml").out == "ok again.yaml\n");

  // The report of a stored run is written into its folder while that still holds it.
  const test::CliResult report = box.cli("report --run 1 --catalog c.sqlite");
  CHECK(report.status == 0);
  CHECK(fs::exists(box.dir() / "a/report.html"));
  REQUIRE(box.cli("run base.yaml -n 300 --seed 99 -q --out a --no-catalog").status == 0);
  const test::CliResult moved = box.cli("report --run 1 --catalog c.sqlite");
  CHECK(moved.status == 2);
  CHECK(moved.out.find("its folder a now holds another run") != std::string::npos);
  CHECK(moved.out.find("rollout runs --show 1") != std::string::npos);
}

TEST_CASE("by default runs are recorded in results/catalog.sqlite, and --no-catalog records none") {
  const Sandbox box("rollout-test-catalog-default");
  box.scenario("s.yaml", "name: s");
  const std::string in_box = "cd '" + box.dir().string() + "' && env -u ROLLOUT_CATALOG '" +
                             std::string(ROLLOUT_CLI) + "' ";
  const test::CliResult r = test::run_shell(in_box + "run s.yaml -n 20 -q 2>&1");
  CHECK(r.status == 0);
  CHECK(r.out.find("recorded as run 1 in results/catalog.sqlite") != std::string::npos);
  CHECK(fs::exists(box.dir() / "results/catalog.sqlite"));
  CHECK(test::run_shell(in_box + "run s.yaml -n 20 -q --no-catalog --out other 2>&1")
            .out.find("recorded") == std::string::npos);
  CHECK(count(box.dir() / "results/catalog.sqlite", "SELECT count(*) FROM runs") == 1);
  CHECK(test::run_shell(in_box + "run s.yaml --catalog x.sqlite --no-catalog 2>&1").status == 2);
}
