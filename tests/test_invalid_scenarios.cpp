// The table of invalid scenarios: every file in tests/data/invalid/ must fail to load
// with exactly the problems listed in its trailing `# expect:` lines, in order, each
// with its file, line, column, key path and message.
//
// To add a case: write the file, run `rollout validate FILE` from that folder, check
// every message by eye, and append them as `# expect:` lines (own file name omitted).

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "rollout/loader/scenario_loader.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kInvalidDir = fs::path(ROLLOUT_SOURCE_DIR) / "tests/data/invalid";

std::vector<std::string> expected_problems(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  const std::string marker = "# expect: ";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(marker, 0) == 0) lines.push_back(line.substr(marker.size()));
  }
  return lines;
}

// A diagnostic as the expect lines write it: without the file name when it is the
// scenario file itself.
std::string expect_form(const rollout::Diagnostic& d, const std::string& file) {
  std::string text = d.to_string();
  if (text.rfind(file + ":", 0) == 0) text.erase(0, file.size() + 1);
  return text;
}

std::string lines(const std::vector<std::string>& list) {
  std::string text;
  for (const std::string& s : list)
    text += "\n  " + s;
  return text;
}

// Loads from inside the folder, as `rollout validate` run there would, so file names in
// messages are the short relative ones the expect lines use.
class InFolder {
 public:
  explicit InFolder(const fs::path& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
  ~InFolder() { fs::current_path(previous_); }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;

 private:
  fs::path previous_;
};

}  // namespace

TEST_CASE("every invalid scenario yields exactly its expected problems") {
  InFolder here(kInvalidDir);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(".")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 30);
  for (const std::string& file : files) {
    CAPTURE(file);
    const std::vector<std::string> expected = expected_problems(file);
    REQUIRE_MESSAGE(!expected.empty(), "no # expect: lines in " << file);
    std::vector<std::string> actual;
    try {
      rollout::load_scenario(file);
    } catch (const rollout::InputError& e) {
      for (const auto& d : e.diagnostics())
        actual.push_back(expect_form(d, file));
    }
    CHECK_MESSAGE(actual == expected, "got:" << lines(actual) << "\nexpected:" << lines(expected));
  }
}

TEST_CASE("a zero-byte file and a missing file are input errors") {
  const fs::path empty = fs::temp_directory_path() / "rollout-test-empty.yaml";
  { std::ofstream touch(empty); }
  CHECK_THROWS_WITH_AS(rollout::load_scenario(empty.string()),
                       doctest::Contains("the file is empty, but must hold a scenario"),
                       rollout::InputError);
  fs::remove(empty);
  CHECK_THROWS_WITH_AS(rollout::load_scenario("/nonexistent/scenario.yaml"),
                       "/nonexistent/scenario.yaml: cannot read file '/nonexistent/scenario.yaml'",
                       rollout::InputError);
}
