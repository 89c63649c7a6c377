#pragma once
// A fresh working folder for one CLI test, with scenario files laid over a small valid one.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"

namespace test {

namespace fs = std::filesystem;

// A fresh, empty working folder for one CLI test, removed afterwards.
class Sandbox {
 public:
  explicit Sandbox(const std::string& name) : dir_(fs::temp_directory_path() / name) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~Sandbox() { fs::remove_all(dir_); }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  const fs::path& dir() const { return dir_; }

  // A scenario file here: tests/data/valid/minimal.yaml with `overlay` laid over it.
  std::string scenario(const std::string& file, const std::string& overlay) const {
    std::ofstream(dir_ / file) << "extends: " << test::source("tests/data/valid/minimal.yaml")
                               << "\n"
                               << overlay << "\n";
    return file;
  }
  // Runs the CLI with this folder as the working directory.
  test::CliResult cli(const std::string& arguments) const {
    return test::run_cli(arguments, dir_.string());
  }
  // Every path below the folder, relative to it, sorted.
  std::vector<std::string> contents() const {
    std::vector<std::string> paths;
    for (const auto& e : fs::recursive_directory_iterator(dir_))
      paths.push_back(fs::relative(e.path(), dir_).string());
    std::sort(paths.begin(), paths.end());
    return paths;
  }

 private:
  fs::path dir_;
};

}  // namespace test
