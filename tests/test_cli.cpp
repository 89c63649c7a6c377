// The command line as a user meets it: output, exit statuses, and that `show` output
// validates.

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli_helpers.hpp"

using test::run_cli;
using Result = test::CliResult;

TEST_CASE("validate prints ok for every shipped scenario") {
  // Every file of scenarios/, listed by the shell, so that a new one is covered unasked.
  const Result r = run_cli("validate scenarios/*.yaml");
  CHECK(r.status == 0);
  std::string expected;
  std::vector<std::string> files;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(ROLLOUT_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".yaml")
      files.push_back("scenarios/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  for (const std::string& f : files)
    expected += "ok " + f + "\n";
  CHECK(files.size() >= 7);  // four for China, india-6k and its variant, and more to come
  CHECK(r.out == expected);
}

TEST_CASE("an India run says nothing of China: labels name the market and the brand") {
  const std::string dir = "/tmp/rollout-test-india";
  std::filesystem::remove_all(dir);
  const Result r = run_cli("run scenarios/india-6k.yaml -n 100 --quiet --report --out " + dir);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("China") == std::string::npos);
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CAPTURE(e.path().string());
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    CHECK(lower.find("china") == std::string::npos);
    if (e.path().filename() == "report.html") {
      CHECK(text.find("Xiaomi share of India phone sales") != std::string::npos);
      CHECK(text.find("INR") != std::string::npos);
      // Where the network grows (regions grouped by their macro-region), and the economics.
      CHECK(text.find("data-chart=\"region-stores\"") != std::string::npos);
      CHECK(text.find("data-chart=\"discounted-profit-sum\"") != std::string::npos);
      CHECK(text.find("data-table=\"npv\"") != std::string::npos);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("validate reports every problem with its location and exits 2") {
  const Result r =
      run_cli("validate tests/data/invalid/many-problems.yaml scenarios/china-hold.yaml");
  CHECK(r.status == 2);
  CHECK(
      r.out.find(
          "tests/data/invalid/many-problems.yaml:2:9: months: is 0, but must be in [1, 1200]\n") !=
      std::string::npos);
  CHECK(
      r.out.find(
          "many-problems.yaml:8:29: plan.formats.standard.ramp_months: is -1, but must be > 0\n") !=
      std::string::npos);
  CHECK(r.out.find("tests/data/invalid/many-problems.yaml: 4 problems\n") != std::string::npos);
  CHECK(r.out.find("ok scenarios/china-hold.yaml\n") != std::string::npos);
  CHECK(r.out.find("1 of 2 files have problems") != std::string::npos);
}

TEST_CASE("show prints the resolved variant, and its output validates") {
  const Result r = run_cli("show scenarios/china-30k-marginal.yaml");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("  allocation: marginal\n") != std::string::npos);
  CHECK(r.out.find("  target_stores: 30000\n") != std::string::npos);
  CHECK(r.out.find("  Hainan:\n") != std::string::npos);  // regions inline
  const auto file = std::filesystem::temp_directory_path() / "rollout-test-shown.yaml";
  std::ofstream(file) << r.out;
  const Result again = run_cli("validate '" + file.string() + "'");
  CHECK(again.status == 0);
  std::filesystem::remove(file);
}

TEST_CASE("usage errors exit 2, help exits 0") {
  CHECK(run_cli("").status == 2);
  CHECK(run_cli("frobnicate").status == 2);
  CHECK(run_cli("show").status == 2);
  CHECK(run_cli("show tests/data/invalid/nan-value.yaml").status == 2);
  const Result help = run_cli("--help");
  CHECK(help.status == 0);
  CHECK(help.out.find("validate") != std::string::npos);
}

TEST_CASE("a run too large for the machine's memory is refused before it starts") {
  const Result r = run_cli(
      "run scenarios/china-30k.yaml --replications 100000000 --quiet --out /nonexistent/never");
  CHECK(r.status == 2);
  CHECK(r.out.find("100000000 replications of china-30k need about") != std::string::npos);
  CHECK(r.out.find("use at most about") != std::string::npos);
}

// The stop latency the process reports: "(stopped N ms after the signal)", or -1.
static double reported_stop_ms(const std::string& out) {
  const std::string marker = "(stopped ";
  const std::size_t at = out.find(marker);
  if (at == std::string::npos) return -1;
  return std::stod(out.substr(at + marker.size()));
}

TEST_CASE("SIGINT and SIGTERM stop a run with status 130 or 143 and write nothing") {
  const auto dir = std::filesystem::temp_directory_path() / "rollout-test-signal";
  // 50,000 replications are stopped inside the replication loop; 5,000,000 while their
  // outcome table (3.6 GB) is still being set up, which once took 17 s to notice.
  // (Named copies rather than structured bindings: clang 14, which builds the sanitizer
  // suite, cannot capture bindings in CAPTURE's lambda.)
  for (const auto& run : {std::tuple<std::string, int, std::string>{"INT", 130, "50000"},
                          {"TERM", 143, "50000"},
                          {"INT", 130, "5000000"}}) {
    const std::string& signal = std::get<0>(run);
    const int status = std::get<1>(run);
    const std::string& replications = std::get<2>(run);
    CAPTURE(signal);
    CAPTURE(replications);
    std::filesystem::remove_all(dir);
    // A run far longer than the one second it is given once it catches signals; `timeout`
    // only guards the test (and forwards the signal).
    const std::string script = std::string("cd '") + ROLLOUT_SOURCE_DIR + "' && (timeout 120 " +
                               test::cli_command() + " run scenarios/china-30k.yaml -n " +
                               replications + " -q --out '" + dir.string() + "' & pid=$!; " +
                               test::wait_until_rollout_catches_sigint("pid") + "sleep 1; kill -" +
                               signal + " $pid; wait $pid; echo status=$?) 2>&1";
    const Result r = test::run_shell(script);
    CHECK(r.out.find("status=" + std::to_string(status)) != std::string::npos);
    CHECK(r.out.find("interrupted by SIG" + signal + "; no results were written") !=
          std::string::npos);
    // The process's own account of when it saw the signal (its handler's clock), so a slow
    // test machine cannot fail this: every check polls often enough to stop well within 1 s.
    const double stop_ms = reported_stop_ms(r.out);
    CHECK(stop_ms >= 0);
    CHECK(stop_ms < 1000);
    CHECK_FALSE(std::filesystem::exists(dir));
  }
}

TEST_CASE("an output folder that cannot be created is a clear error, with nothing written") {
  // A folder below a regular file cannot exist, whoever runs the test (root included).
  const Result r = run_cli("run tests/data/valid/minimal.yaml -n 20 -q --out README.md/results");
  CHECK(r.status == 2);
  CHECK(r.out.find("README.md/results: cannot create the output folder") != std::string::npos);
}

TEST_CASE("an economic KPI asked of a scenario without economics is refused, naming the option") {
  const std::string minimal = "tests/data/valid/minimal.yaml";
  for (const std::string& arguments :
       {"run " + minimal + " --precision npv=1000 --out /tmp/rollout-test-no-economics",
        "sensitivity " + minimal + " --kpis loss_making_stores_end",
        "discover " + minimal + " --when 'profit_end < 0'"}) {
    CAPTURE(arguments);
    const Result r = run_cli(arguments);
    CHECK(r.status == 2);
    CHECK(r.out.find("exists only for a scenario with an economics block") != std::string::npos);
    CHECK(r.out.find("minimal has none") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists("/tmp/rollout-test-no-economics"));
}

// Not in the AddressSanitizer build: its runtime reserves terabytes of address space for
// its shadow memory and cannot start under ulimit -v at all. CI runs this case in the
// ordinary suite.
#if !defined(ROLLOUT_TESTS_UNDER_ASAN)
TEST_CASE("the memory check counts the limits that apply, not only the machine's memory") {
  // Under ulimit -v 1.5 GB a run the machine could hold would end in bad_alloc: it is
  // refused up front with the limit it met (exit 2), and a small run still fits.
  const std::string limited = "ulimit -v 1500000; cd '" + std::string(ROLLOUT_SOURCE_DIR) +
                              "' && " + test::cli_command() + " run scenarios/china-30k.yaml -q ";
  const Result big = test::run_shell(limited + "-n 100000 --out /tmp/rollout-test-never 2>&1");
  CHECK(big.status == 2);
  CHECK(big.out.find("this process may use 1.5 GB") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists("/tmp/rollout-test-never"));
  const Result small =
      test::run_shell(limited + "-n 50 --out /tmp/rollout-test-limited >/dev/null 2>&1");
  CHECK(small.status == 0);
  std::filesystem::remove_all("/tmp/rollout-test-limited");
}
#endif

TEST_CASE("an unknown command or option names the closest known one and the help to read") {
  const Result command = run_cli("rn scenarios/china-30k.yaml");
  CHECK(command.status == 2);
  CHECK(command.out.find("unknown command 'rn'; did you mean 'run'?") != std::string::npos);
  const Result option = run_cli("run scenarios/china-30k.yaml --seeed 3");
  CHECK(option.status == 2);
  CHECK(option.out.find("unknown option '--seeed' for 'rollout run'; did you mean '--seed'?") !=
        std::string::npos);
  CHECK(option.out.find("Run 'rollout run --help' for its options.") != std::string::npos);
  const Result unrelated = run_cli("sweep x.yaml --zzzzzzzzzz");
  CHECK(unrelated.status == 2);
  CHECK(unrelated.out.find("unknown option '--zzzzzzzzzz' for 'rollout sweep'\n") !=
        std::string::npos);
}

TEST_CASE("counts are read as people write them: 10,000 and 1e4 exactly, or not a whole number") {
  // Each accepted spelling must give the same run as plain digits: a small scenario, the
  // replication count shows in the first line of the terminal output.
  const std::vector<std::pair<const char*, const char*>> accepted{
      {"12", ": 12 replications"},       {"1.2e1", ": 12 replications"},
      {"12e0", ": 12 replications"},     {"1,000", ": 1,000 replications"},
      {"1_000", ": 1,000 replications"}, {"1e3", ": 1,000 replications"}};
  for (const auto& entry : accepted) {
    const char* spelling = entry.first;  // not a binding: see the signal test
    const char* heading = entry.second;
    CAPTURE(spelling);
    const Result r = run_cli(
        std::string("run tests/regression/small.yaml -q -j 1 --out /tmp/rollout-count-test -n ") +
        spelling);
    CHECK(r.status == 0);
    CHECK(r.out.find(heading) != std::string::npos);
  }
  for (const char* spelling : {"1.25e1", "12.5", "1,00", "ten", "1e", "0x10"}) {
    CAPTURE(spelling);
    const Result r = run_cli(std::string("run tests/regression/small.yaml -n ") + spelling);
    CHECK(r.status == 2);
    CHECK(r.out.find("is not a whole number") != std::string::npos);
  }
  const Result zero = run_cli("run tests/regression/small.yaml -n 0");
  CHECK(zero.status == 2);
  CHECK(zero.out.find("0 is outside 1 to 100,000,000") != std::string::npos);
  const Result threads = run_cli("run tests/regression/small.yaml -j 2,000");
  CHECK(threads.status == 2);
  CHECK(threads.out.find("2,000 is outside 1 to 1,024") != std::string::npos);
  std::filesystem::remove_all("/tmp/rollout-count-test");
}

TEST_CASE("validate checks a sweep file as a sweep and says which command runs it") {
  const Result sweep = run_cli("validate scenarios/sweeps/capacity-by-allocation.yaml");
  CHECK(sweep.status == 0);
  CHECK(sweep.out ==
        "ok scenarios/sweeps/capacity-by-allocation.yaml (a sweep of 20 combinations; run it with "
        "'rollout sweep scenarios/sweeps/capacity-by-allocation.yaml')\n");
  // A sweep's problems are its own (a lever that does not exist), not a scenario's missing keys.
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "rollout-test-bad-sweep.yaml";
  std::ofstream(file) << "sweep:\n  scenario: " << ROLLOUT_SOURCE_DIR
                      << "/scenarios/china-30k.yaml\n  levers:\n    plan.no_such_lever: [1, 2]\n";
  const Result bad = run_cli("validate " + file.string());
  std::filesystem::remove(file);
  CHECK(bad.status == 2);
  CHECK(bad.out.find("no_such_lever") != std::string::npos);
  CHECK(bad.out.find("start_month: is missing") == std::string::npos);
}

TEST_CASE("report on a file says it is not a results folder and what to give instead") {
  const Result r = run_cli("report scenarios/china-30k.yaml");
  CHECK(r.status == 2);
  CHECK(r.out.find("scenarios/china-30k.yaml: is a file, not a results folder; give the folder a "
                   "command wrote (e.g. results/china-30k), or run the scenario with a report: "
                   "rollout run scenarios/china-30k.yaml --report") != std::string::npos);
}

TEST_CASE("every command's --help names what to type, never the parser's type jargon") {
  for (const char* command : {"run", "compare", "sweep", "batch", "sensitivity", "discover",
                              "validate", "show", "report", "runs"}) {
    CAPTURE(command);
    const Result r = run_cli(std::string(command) + " --help");
    CHECK(r.status == 0);
    for (const char* jargon : {" TEXT", " UINT", " INT", " FLOAT", " in ["})
      CHECK(r.out.find(jargon) == std::string::npos);
  }
  CHECK(run_cli("run --help").out.find("--out DIR") != std::string::npos);
  CHECK(run_cli("run --help").out.find("--precision KPI=HALFWIDTH") != std::string::npos);
  CHECK(run_cli("discover --help").out.find("--peel SHARE:0.001 to 0.49") != std::string::npos);
}
