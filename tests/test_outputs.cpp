// Output files are all-or-nothing: a write that fails midway (a full disk, a lost
// folder) leaves neither temporaries nor a partial set of results.

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>
#include <filesystem>

#include "rollout/common/error.hpp"
#include "rollout/results/outputs.hpp"

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
