#pragma once
// A results folder holds the files of one command's run, all of them or none
// (docs/outputs.md, "One run, one folder"). Files are written into a hidden staging folder
// beside the destination; commit() swaps it in with one rename and only then removes the
// older generation, so a failure or an interrupt at any point leaves the old folder whole.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace rollout {

using NamedTexts = std::vector<std::pair<std::string, std::string>>;

// Throws InputError unless `destination` is absent, an empty folder, or a folder that a
// rollout command wrote (it holds summary.json, comparison.json, sweep.json or batch.csv):
// a whole folder is replaced, so a folder of other files is never taken for results.
// Commands call it before they run, so a long run does not end in this refusal.
void check_replaceable(const std::filesystem::path& destination);

class StagedFolder {
 public:
  // Checks the destination, removes staging folders that killed runs on this host left
  // beside it, and creates this run's staging folder.
  explicit StagedFolder(const std::filesystem::path& destination);
  ~StagedFolder();  // without commit(): removes the staging folder, the destination untouched
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  // Where the files are until commit() (a report can be built from them there).
  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& destination() const { return destination_; }

  // Writes `files` into the staging folder, or into its `subfolder` (a relative path
  // without "..", as folder_name() makes). Throws InputError naming the file.
  void add(const NamedTexts& files, const std::string& subfolder = "");
  // Writes one file into the staging folder; safe from several threads at once, each writing
  // its own file. Throws InputError naming the file.
  void write(const std::string& name, const std::string& text) const;

  // Makes the staging folder the destination in one rename (an exchange when the
  // destination exists), then removes the previous generation.
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

// Writes one or a few files into an existing folder, each renamed into place once all are
// complete (report.html beside the run it describes).
void write_files_atomically(const std::filesystem::path& dir, const NamedTexts& files);

}  // namespace rollout
