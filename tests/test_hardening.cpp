// Hostile and unusual input that once crashed, escaped the output folder or disclosed
// files (issue 14's findings); each case failed before its fix.

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "rollout/results/outputs.hpp"
#include "sandbox.hpp"

// Four formats over one month: the set-up split each region's initial stores over formats
// in a scratch array sized by months (free(): invalid size). ASan builds see any overrun.
TEST_CASE("more store formats than months run and keep every initial store") {
  const rollout::Model model(
      rollout::load_scenario(test::source("tests/data/valid/four-formats-one-month.yaml")));
  REQUIRE(model.formats() == 4);
  const rollout::OutcomeTable table = test::run(model, 20);
  for (std::size_t i = 0; i < table.replications(); ++i) {
    // 200 initial stores split 50 per format; one month can close a few, open none (L = 2).
    const double stores = table.kpi(i, rollout::Kpi::stores_end);
    CHECK(stores <= 200);
    CHECK(stores >= 190);
    CHECK(table.kpi(i, rollout::Kpi::openings_total) == 0);
  }
}

namespace {

namespace fs = std::filesystem;

using test::Sandbox;

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("a results folder's name is a safe slug of the scenario name") {
  CHECK(rollout::folder_name("china-30k") == "china-30k");
  CHECK(rollout::folder_name("../../x") == "x");
  CHECK(rollout::folder_name("/etc/cron.d") == "etc-cron.d");
  CHECK(rollout::folder_name("..") == "scenario");
  CHECK(rollout::folder_name("") == "scenario");
  CHECK(rollout::folder_name(".hidden") == "hidden");
  CHECK(rollout::folder_name("two\nlines") == "two-lines");
  CHECK(rollout::folder_name("India: 2025 plan (draft)") == "India-2025-plan-draft");
  CHECK(rollout::folder_name("小米 30k") == "小米-30k");
  // Long names are cut at a character boundary: 60 three-byte characters are 180 bytes.
  std::string long_name;
  for (int i = 0; i < 60; ++i)
    long_name += "米";
  const std::string cut = rollout::folder_name(long_name);
  CHECK(cut.size() == 99);  // 33 whole characters fit in kMaxFolderName = 100 bytes
  CHECK(cut == long_name.substr(0, 99));
}

TEST_CASE("a scenario name never writes outside results/") {
  const Sandbox box("rollout-test-names");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"name: ../../x", "results/x"},
      {"name: /tmp/rollout-absolute", "results/tmp-rollout-absolute"},
      {"name: '..'", "results/scenario"},
      {"name: ''", "results/scenario"},
      {"name: \"a\\nb\"", "results/a-b"}};
  for (const auto& entry : cases) {
    const auto& overlay = std::get<0>(entry);
    const auto& folder = std::get<1>(entry);
    CAPTURE(overlay);
    const std::string file = box.scenario("s.yaml", overlay);
    const test::CliResult r = box.cli("run " + file + " -n 5 -q");
    REQUIRE(r.status == 0);
    CHECK(fs::exists(box.dir() / folder / "summary.json"));
    for (const std::string& path : box.contents()) {
      CAPTURE(path);
      CHECK((path == "s.yaml" || path == "results" || path.rfind("results/", 0) == 0));
    }
    fs::remove_all(box.dir() / "results");
  }
  CHECK_FALSE(fs::exists("/tmp/rollout-absolute"));
}

TEST_CASE("compare and batch keep every scenario inside --out, whatever its name") {
  const Sandbox box("rollout-test-names-out");
  box.scenario("a.yaml", "name: ../escape");
  box.scenario("b.yaml", "name: ../escape\nplan: {opening_capacity_per_month: 10}");
  REQUIRE(box.cli("compare a.yaml b.yaml -n 5 -q --out cmp").status == 0);
  REQUIRE(box.cli("batch a.yaml b.yaml -n 5 -q --out bat").status == 0);
  const auto paths = box.contents();
  CHECK(contains(paths, "cmp/escape/summary.json"));
  CHECK(contains(paths, "cmp/escape-2/summary.json"));
  CHECK(contains(paths, "bat/escape/summary.json"));
  CHECK(contains(paths, "bat/escape-2/summary.json"));
  for (const std::string& path : paths) {
    CAPTURE(path);
    CHECK((path == "a.yaml" || path == "b.yaml" || path.rfind("cmp", 0) == 0 ||
           path.rfind("bat", 0) == 0));
  }
  CHECK_FALSE(fs::exists(box.dir().parent_path() / "escape"));
}

TEST_CASE("CSV cells that a spreadsheet would run as formulas are neutralised") {
  CHECK(rollout::csv_text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0");
  CHECK(rollout::csv_text("@SUM(A1)") == "'@SUM(A1)");
  CHECK(rollout::csv_text("+x") == "'+x");
  CHECK(rollout::csv_text("-x") == "'-x");
  CHECK(rollout::csv_text("\t=1") == "'\t=1");
  CHECK(rollout::csv_text("=a,b") == "\"'=a,b\"");
  // Numbers and ordinary names stay as they are.
  CHECK(rollout::csv_text("-0.05") == "-0.05");
  CHECK(rollout::csv_text("+3") == "+3");
  CHECK(rollout::csv_text("North") == "North");

  const Sandbox box("rollout-test-csv-injection");
  box.scenario("s.yaml", R"(
regions: ~
regions_file: regions.csv)");
  std::ofstream(box.dir() / "regions.csv")
      << "region,population_millions,gdp_per_capita,neighbours\n"
         "\"=cmd|' /C calc'!A0\",10,50,Central\n"
         "Central,20,40,\"=cmd|' /C calc'!A0;@South\"\n"
         "@South,15,60,Central\n";
  std::ofstream(box.dir() / "s.yaml", std::ios::app)
      << "brands: {Focal: {initial_stores: 100}, Rival: {initial_stores: 300}, "
         "Others: {initial_stores: 50}}\n";
  const test::CliResult r = box.cli("run s.yaml -n 5 -q --out out");
  REQUIRE(r.status == 0);
  std::ifstream in(box.dir() / "out/regions.csv");
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("'=cmd|' /C calc'!A0") != std::string::npos);
  CHECK(text.str().find("\n@South") == std::string::npos);
  CHECK(text.str().find("\n'@South") != std::string::npos);
}

TEST_CASE("messages quote a short excerpt of user text, never whole lines") {
  CHECK(rollout::excerpt("short") == "short");
  CHECK(rollout::excerpt("first line\nsecond line") == "first line...");
  CHECK(rollout::excerpt(std::string(100, 'x'), 10) == "xxxxxxxxxx...");
  CHECK(rollout::excerpt("ab米", 3) == "ab...");  // never half a character

  // A 20,000-character name: refused quickly, its message short, no "did you mean" work
  // (which once took 790 MB for 10,000 characters).
  const std::string name(20'000, 'k');
  try {
    test::variant("tests/data/valid/minimal.yaml", "plan: {allocation: " + name + "}");
    FAIL("a scenario with an unknown key loaded");
  } catch (const rollout::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].to_string().size() < 300);
    CAPTURE(e.diagnostics()[0].to_string());
    CHECK(e.diagnostics()[0].message.find("is 'kkkk") != std::string::npos);
  }
}

TEST_CASE("thousands of problems: the first 200 are listed, the rest counted") {
  std::string overlay = "plan:\n";
  for (int i = 0; i < 1000; ++i)
    overlay += "  unknown_lever_" + std::to_string(i) + ": 1\n";
  try {
    test::variant("tests/data/valid/minimal.yaml", overlay);
    FAIL("a scenario with unknown keys loaded");
  } catch (const rollout::InputError& e) {
    REQUIRE(e.diagnostics().size() == 201);
    CHECK(e.diagnostics().back().message ==
          "and 800 more problems (only the first 200 are listed)");
  }
}

TEST_CASE("report reads only regular results files of one run, within bounds") {
  const Sandbox box("rollout-test-report-inputs");
  box.scenario("s.yaml", "name: s");
  REQUIRE(box.cli("run s.yaml -n 5 -q --out run").status == 0);
  const fs::path run = box.dir() / "run";
  const auto copy_of_run = [&](const std::string& name) {
    fs::copy(run, box.dir() / name, fs::copy_options::recursive);
    return box.dir() / name;
  };
  SUBCASE("a scenario.yaml of another run") {
    std::ofstream(copy_of_run("mixed") / "scenario.yaml", std::ios::app) << "# edited\n";
    const test::CliResult r = box.cli("report mixed");
    CHECK(r.status == 2);
    CHECK(r.out.find("does not match the scenario_sha256 that summary.json records") !=
          std::string::npos);
  }
  SUBCASE("a summary.json that is a link to /dev/zero, or a FIFO") {
    const fs::path zero = copy_of_run("zero");
    fs::remove(zero / "summary.json");
    fs::create_symlink("/dev/zero", zero / "summary.json");
    const test::CliResult linked = box.cli("report zero");
    CHECK(linked.status == 2);
    CHECK(linked.out.find("summary.json: is not a regular file") != std::string::npos);
    const fs::path fifo = copy_of_run("fifo");
    fs::remove(fifo / "summary.json");
    REQUIRE(mkfifo((fifo / "summary.json").c_str(), 0600) == 0);
    const test::CliResult piped = box.cli("report fifo");
    CHECK(piped.status == 2);
    CHECK(piped.out.find("summary.json: is not a regular file") != std::string::npos);
  }
  SUBCASE("a summary.json that is not JSON is not quoted") {
    std::ofstream(copy_of_run("secret") / "summary.json") << "{\"a\": secret-token-1234}";
    const test::CliResult r = box.cli("report secret");
    CHECK(r.status == 2);
    CHECK(r.out.find("summary.json: not valid JSON (at byte") != std::string::npos);
    CHECK(r.out.find("secret-token") == std::string::npos);
  }
  SUBCASE("a series.csv with a period beyond any horizon") {
    std::ofstream(copy_of_run("long") / "series.csv")
        << "metric,period,date,stat,value\nstores,99999,2024-01,mean,1\n";
    const test::CliResult r = box.cli("report long");
    CHECK(r.status == 2);
    CHECK(r.out.find("period 99999 must be a whole number from 0 to 1200") != std::string::npos);
  }
}

TEST_CASE("a seed outside 0 .. 2^64 - 1 is refused, not wrapped") {
  for (const std::string seed : {"-1", "18446744073709551616", "1e3", "12abc"}) {
    CAPTURE(seed);
    const test::CliResult r = test::run_cli(
        "run tests/data/valid/minimal.yaml -n 2 -q --out /nonexistent/x --seed " + seed);
    CHECK(r.status == 2);
    CHECK(r.out.find("--seed: '" + seed +
                     "' is not a whole number from 0 to "
                     "18446744073709551615") != std::string::npos);
  }
  const auto out = std::filesystem::temp_directory_path() / "rollout-test-seed-max";
  const test::CliResult top = test::run_cli("run tests/data/valid/minimal.yaml -n 2 -q --out '" +
                                            out.string() + "' --seed 18446744073709551615");
  CHECK(top.status == 0);
  CHECK(top.out.find("seed 18446744073709551615") != std::string::npos);
  std::filesystem::remove_all(out);
}

TEST_CASE("an overflowing aggregate is an error naming the KPI, with nothing written") {
  const Sandbox box("rollout-test-overflow");
  box.scenario("big.yaml", "market: {units_per_year: 1e308}");
  const test::CliResult r = box.cli("run big.yaml -n 5 -q --out out");
  CHECK(r.status == 2);
  CHECK(r.out.find("market_units_total: its mean across the replications is not a finite number") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(box.dir() / "out"));
}

TEST_CASE("a file-size limit (ulimit -f) is a reported write failure, not a silent kill") {
  const Sandbox box("rollout-test-file-size");
  box.scenario("s.yaml", "name: s");
  // 10 blocks of 512 bytes: summary.json fits, series.csv does not.
  const std::string out =
      test::run_shell("cd '" + box.dir().string() + "' && ulimit -f 10 && " + test::cli_command() +
                      " run s.yaml -n 20 -q --out out --no-catalog 2>&1; echo status=$?")
          .out;
  CHECK(out.find("status=2") != std::string::npos);
  CHECK(out.find("cannot write (folder not writable, disk full, or over a file size limit?)") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(box.dir() / "out/summary.json"));
}

TEST_CASE("one replication is a run, its standard deviations missing, not an overflow") {
  const Sandbox box("rollout-test-one-replication");
  box.scenario("s.yaml", "name: s");
  const test::CliResult r = box.cli("run s.yaml -n 1 -q --out out");
  CHECK(r.status == 0);
  CHECK(fs::exists(box.dir() / "out/summary.json"));
}

TEST_CASE("a results folder holds one run: a later run leaves nothing of an earlier one") {
  const Sandbox box("rollout-test-generations");
  box.scenario("a.yaml", "name: a");
  box.scenario("b.yaml", "name: b\nplan: {opening_capacity_per_month: 10}");
  REQUIRE(box.cli("compare a.yaml b.yaml -n 5 -q --report --out out").status == 0);
  REQUIRE(fs::exists(box.dir() / "out/comparison.json"));
  REQUIRE(fs::exists(box.dir() / "out/b/summary.json"));
  REQUIRE(fs::exists(box.dir() / "out/report.html"));
  // Before: comparison.json, the scenario folders and report.html stayed beside the new
  // run's files, and `report out` described the older comparison.
  REQUIRE(box.cli("run a.yaml -n 5 -q --out out").status == 0);
  std::vector<std::string> expected{"a.yaml", "b.yaml", "out"};
  for (const char* file : {"region_series.csv", "regions.csv", "replications.csv", "scenario.yaml",
                           "series.csv", "summary.json"})
    expected.push_back(std::string("out/") + file);
  CHECK(box.contents() == expected);
  const test::CliResult report = box.cli("report out");
  CHECK(report.status == 0);
  CHECK(report.out.find("(run report)") != std::string::npos);
}

TEST_CASE("an output folder of other files is refused before the run, and left alone") {
  const Sandbox box("rollout-test-foreign-out");
  box.scenario("s.yaml", "name: s");
  fs::create_directories(box.dir() / "notes");
  std::ofstream(box.dir() / "notes/plan.txt") << "mine\n";
  const test::CliResult r = box.cli("run s.yaml -n 5 -q --out notes");
  CHECK(r.status == 2);
  CHECK(r.out.find("notes: is not a rollout results folder") != std::string::npos);
  CHECK(box.contents() == std::vector<std::string>{"notes", "notes/plan.txt", "s.yaml"});
  // The current folder is no exception: `--out .` here would have replaced it.
  CHECK(box.cli("run s.yaml -n 5 -q --out .").status == 2);
  CHECK(box.contents() == std::vector<std::string>{"notes", "notes/plan.txt", "s.yaml"});
}

TEST_CASE("a batch is one results folder, its index and every scenario's files together") {
  const Sandbox box("rollout-test-batch-folder");
  box.scenario("a.yaml", "name: a");
  box.scenario("b.yaml", "name: b");
  REQUIRE(box.cli("batch a.yaml b.yaml -n 5 -q --out bat").status == 0);
  REQUIRE(box.cli("batch a.yaml -n 5 -q --report --out bat").status == 0);
  const auto paths = box.contents();
  CHECK(contains(paths, "bat/batch.csv"));
  CHECK(contains(paths, "bat/a/summary.json"));
  CHECK(contains(paths, "bat/a/report.html"));
  CHECK_FALSE(contains(paths, "bat/b"));  // the earlier batch's second scenario is gone
}
