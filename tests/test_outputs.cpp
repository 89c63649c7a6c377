// Output files are all-or-nothing: a write that fails midway (a full disk, a lost
// folder) leaves neither temporaries nor a partial set of results.

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "rollout/common/error.hpp"
#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/results/summary_file.hpp"

namespace fs = std::filesystem;

TEST_CASE("a failed write leaves no temporary and no partial result set") {
  const fs::path dir = fs::temp_directory_path() / "rollout-test-outputs";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // The third file's temporary name is taken by a folder, so writing it fails after
  // the first two temporaries exist: as a full disk would.
  fs::create_directories(dir / fmt::format(".c.csv.tmp-{}", ::getpid()));
  CHECK_THROWS_WITH_AS(
      rollout::write_files_atomically(dir, {{"a.json", "{}"}, {"b.csv", "x\n"}, {"c.csv", "y\n"}}),
      doctest::Contains("c.csv: cannot write"), rollout::InputError);
  std::size_t left = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    left += entry.is_regular_file() ? 1 : 0;
  CHECK(left == 0);  // neither a.json nor b.csv, nor their temporaries
  fs::remove_all(dir);

  rollout::write_files_atomically(dir, {{"a.json", "{}"}, {"b.csv", "x\n"}});
  CHECK(fs::exists(dir / "a.json"));
  CHECK(fs::file_size(dir / "b.csv") == 2);
  fs::remove_all(dir);
}

namespace {

// The relative paths of every file and folder below `dir`, sorted.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    paths.push_back(fs::relative(e.path(), dir).string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

TEST_CASE("a staged folder replaces the whole results folder, or changes nothing") {
  const fs::path root = fs::temp_directory_path() / "rollout-test-staged";
  fs::remove_all(root);
  const fs::path dest = root / "out";
  {
    rollout::StagedFolder first(dest);
    first.add({{"summary.json", "{}"}, {"report.html", "old"}});
    first.add({{"summary.json", "{}"}}, "scenario-a");
    CHECK_FALSE(fs::exists(dest));  // nothing is visible before commit
    first.commit();
  }
  CHECK(listing(dest) == std::vector<std::string>{"report.html", "scenario-a",
                                                  "scenario-a/summary.json", "summary.json"});

  SUBCASE("a second generation leaves nothing of the first") {
    rollout::StagedFolder second(dest);
    second.add({{"summary.json", "{\"n\": 2}"}});
    second.commit();
    CHECK(listing(dest) == std::vector<std::string>{"summary.json"});
    CHECK(listing(root) == std::vector<std::string>{"out", "out/summary.json"});  // no staging
  }
  SUBCASE("a failure while staging leaves the old generation whole and no staging folder") {
    {
      rollout::StagedFolder second(dest);
      second.add({{"summary.json", "new"}});
      // "summary.json" is a file in the staging folder, so a subfolder of that name fails:
      // as a full disk would, halfway through.
      CHECK_THROWS_AS(second.add({{"x.csv", ""}}, "summary.json"), rollout::InputError);
    }
    CHECK(listing(dest) == std::vector<std::string>{"report.html", "scenario-a",
                                                    "scenario-a/summary.json", "summary.json"});
    CHECK(listing(root).size() == 5);  // out and its four entries
  }
  SUBCASE("a folder of other files is never taken for results") {
    const fs::path notes = root / "notes";
    fs::create_directories(notes);
    std::ofstream(notes / "plan.txt") << "mine";
    CHECK_THROWS_WITH_AS(rollout::StagedFolder{notes},
                         doctest::Contains("is not a rollout results folder"), rollout::InputError);
    CHECK(listing(notes) == std::vector<std::string>{"plan.txt"});
    CHECK_THROWS_WITH_AS(rollout::check_replaceable(notes / "plan.txt"),
                         doctest::Contains("exists and is not a folder"), rollout::InputError);
    CHECK_NOTHROW(rollout::check_replaceable(root / "absent"));
  }
  SUBCASE("names that a command did not make are a bug, not a path") {
    rollout::StagedFolder staged(dest);
    CHECK_THROWS_AS(staged.add({{"x", ""}}, "../escape"), rollout::InternalError);
    CHECK_THROWS_AS(staged.add({{"../x", ""}}), rollout::InternalError);
    CHECK_THROWS_AS(staged.add({{"/tmp/x", ""}}), rollout::InternalError);
    CHECK_THROWS_AS(staged.write("../x", ""), rollout::InternalError);
    CHECK_THROWS_AS(staged.write("sub/x", ""), rollout::InternalError);
  }
  SUBCASE("files written one at a time, from several threads, are the generation committed") {
    rollout::StagedFolder staged(dest);
    std::vector<std::thread> writers;
    for (const std::string name : {"series.csv", "regions.csv", "summary.json"})
      writers.emplace_back([&staged, name] { staged.write(name, name + " text"); });
    for (std::thread& writer : writers)
      writer.join();
    CHECK(listing(dest).size() == 4);  // the first generation, until the commit
    staged.commit();
    CHECK(listing(dest) == std::vector<std::string>{"regions.csv", "series.csv", "summary.json"});
    std::ifstream series(dest / "series.csv");
    CHECK(std::string(std::istreambuf_iterator<char>(series), {}) == "series.csv text");
    CHECK_THROWS_AS(staged.write("late.csv", ""), rollout::InternalError);
  }
  fs::remove_all(root);
}

TEST_CASE("staging folders of dead processes on this host are removed, live ones kept") {
  const fs::path root = fs::temp_directory_path() / "rollout-test-leftovers";
  fs::remove_all(root);
  fs::create_directories(root);
  char host[256] = {};
  REQUIRE(::gethostname(host, sizeof host - 1) == 0);
  // A pid that is certainly gone: a child that has exited and been waited for.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  REQUIRE(child > 0);
  ::waitpid(child, nullptr, 0);
  const fs::path dead = root / fmt::format(".old.rollout-staging-{}@{}", child, host);
  const fs::path alive = root / fmt::format(".old.rollout-staging-{}@{}", ::getppid(), host);
  const fs::path elsewhere = root / fmt::format(".old.rollout-staging-{}@other-host", child);
  for (const fs::path& p : {dead, alive, elsewhere})
    fs::create_directories(p / "inner");
  rollout::StagedFolder staged(root / "out");
  staged.add({{"summary.json", "{}"}});
  staged.commit();
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(alive));      // its process may still be writing
  CHECK(fs::exists(elsewhere));  // another host's process: not ours to judge
  fs::remove_all(root);
}

TEST_CASE("the CSV writer quotes and neutralises text, and refuses a row of the wrong width") {
  rollout::CsvWriter csv({"name", "value", "note"});
  csv.text("=cmd|' /C calc'!A0").number(-0.05).text("a, b").end_row();
  csv.text("x").number(std::nan("")).blank().end_row();
  CHECK(csv.finish() == "name,value,note\n'=cmd|' /C calc'!A0,-0.05,\"a, b\"\nx,,\n");

  // A formula that must also be quoted; numbers in full precision, as fmt's "{}" writes them.
  rollout::CsvWriter quoted({"text", "numbers"});
  quoted.text("=1,2").number(100000).end_row();
  quoted.text("+\"q\"").number(1e16).end_row();
  quoted.text("-0.5").number(-1.25e-7).end_row();
  quoted.count(18446744073709551615ULL).number(0.1 + 0.2).end_row();
  CHECK(quoted.finish() ==
        "text,numbers\n\"'=1,2\",100000\n\"'+\"\"q\"\"\",1e+16\n-0.5,-1.25e-07\n"
        "18446744073709551615,0.30000000000000004\n");
  // Rows without a header, for a part of a file that another thread writes.
  rollout::CsvWriter part = rollout::CsvWriter::rows_only(2);
  part.count(3).text("c").end_row();
  CHECK(part.finish() == "3,c\n");

  rollout::CsvWriter narrow({"a", "b"});
  narrow.count(1);
  CHECK_THROWS_WITH_AS(narrow.end_row(), "a CSV row of 1 cells under a header of 2",
                       rollout::InternalError);
  rollout::CsvWriter wide({"a"});
  wide.count(1).count(2);
  CHECK_THROWS_AS(wide.end_row(), rollout::InternalError);
  rollout::CsvWriter open_row({"a"});
  open_row.count(1);
  CHECK_THROWS_AS(open_row.finish(), rollout::InternalError);
}

TEST_CASE("summary.json reads back into the record it was written from, field for field") {
  using namespace rollout;
  // A run's real file: parsing and writing it again gives the same bytes.
  const std::string golden = test::read_file(test::source("tests/regression/golden/summary.json"));
  CHECK(summary_file_text(parse_summary_file(golden, "golden/summary.json")) == golden);

  // Every optional part, and the numbers JSON cannot hold (NaN is written as null).
  SummaryFile written;
  written.run.info.scenario = "s";
  written.run.info.seed = 18446744073709551615ULL;
  written.run.info.precision = PrecisionResult{"target_by_deadline", 0.01, 0.0093, true};
  written.run.info.correlations = {{"a", "b", 0.5, std::nan(""), 0.48}};
  written.run.nearest_correlation_used = false;
  KpiRecord chance;
  chance.proportion = 0.4;
  chance.ci95 = {0.35, 0.45};
  chance.count = 100;
  KpiRecord month;
  month.mean = 20.5;
  month.sd = std::nan("");  // one replication with a value
  month.se = std::nan("");
  month.percentiles = {{"p5", 20.5}, {"p97.5", 20.5}};
  month.count = 1;
  month.reached_by_month = {{"2021-11", 0.0}, {"2021-12", 0.01}};
  KpiRecord rank;
  rank.mean = 1.5;
  rank.count = 100;
  rank.rank_probabilities = {0.5, 0.5};
  written.kpis = {{"target_by_deadline", chance},
                  {"target_month", month},
                  {"global_rank_end", rank},
                  {"npv", KpiRecord{}}};
  written.uncertain_inputs = {"plan.execution_rate"};
  const std::string text = summary_file_text(written);
  const SummaryFile read = parse_summary_file(text, "summary.json");
  CHECK(summary_file_text(read) == text);
  CHECK(read.run.info.seed == written.run.info.seed);
  REQUIRE(read.run.info.precision);
  CHECK(read.run.info.precision->achieved == 0.0093);
  CHECK(std::isnan(read.run.info.correlations.at(0).used));
  CHECK(read.run.nearest_correlation_used == std::optional<bool>(false));
  CHECK(read.find(Kpi::target_by_deadline)->statistic("proportion") == 0.4);
  CHECK(std::isnan(read.find(Kpi::target_month)->statistic("sd")));
  CHECK(read.find(Kpi::target_month)->statistic("p97.5") == 20.5);
  CHECK(read.find(Kpi::target_month)->reached_by_month.at(1).first == "2021-12");
  CHECK(read.find(Kpi::global_rank_end)->rank_probabilities == std::vector<double>{0.5, 0.5});
  CHECK(std::isnan(read.find(Kpi::npv)->statistic("mean")));
  CHECK(read.find(Kpi::stores_end) == nullptr);
}
