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

#include "rollout/common/error.hpp"
#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/results_folder.hpp"

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
