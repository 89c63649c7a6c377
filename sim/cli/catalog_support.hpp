#pragma once
// How running commands put their runs on record in the catalogue (docs/outputs.md, "The
// catalogue"): the catalogue is opened, and so checked, before anything runs; a command's
// finished runs are recorded once their results folder is in place; a run that started
// and then failed or was interrupted leaves its `runs` rows with that status and no data.

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rollout/catalog/catalog.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::cli {

struct FinishedRun;

// Where the catalogue is: --catalog, else $ROLLOUT_CATALOG, else results/catalog.sqlite.
std::filesystem::path catalog_path(const std::optional<std::filesystem::path>& option);

// The time the catalogue records: now, or $ROLLOUT_NOW (an ISO 8601 UTC time such as
// 2026-12-01T09:00:00Z, for tests and reproducible examples).
std::string catalog_now();

class CatalogRecorder {
 public:
  // Without a catalogue (--no-catalog, or a process other than rank 0 under mpirun) every
  // call does nothing.
  CatalogRecorder(std::optional<std::filesystem::path> file, std::string command_line);

  // The command has checked its inputs and is about to run `scenarios`: opens the
  // catalogue (a bad file fails now, not after the run) and notes what a failure records.
  void start(const std::string& kind, const std::vector<Scenario>& scenarios);
  // One more scenario about to run (batch loads its scenarios one by one).
  void plan(const Scenario& scenario);

  // Records a finished run (in the folder `folder`, whose files are `files`); runs of the
  // same command share the command id of the first. With `keep_replications` false only
  // the summaries are recorded (a sweep).
  void add(const FinishedRun& run, const std::filesystem::path& folder, const NamedTexts& files,
           bool keep_replications = true);
  // Records what add() collected, in one transaction (a batch commits after each scenario;
  // its runs share one command id). Returns the new runs' ids.
  std::vector<std::int64_t> commit();
  // "recorded as run 12 in results/catalog.sqlite" (runs 12 to 14), or "" without one.
  std::string recorded_line(const std::vector<std::int64_t>& ids) const;

  // After start(), a command that ended by an exception records its runs that were not
  // recorded, with `status` (interrupted or failed) and `message`; never throws.
  void record_failure(const std::string& status, const std::string& message) noexcept;

  bool active() const { return catalog_ != nullptr; }
  const std::filesystem::path& file() const { return file_; }

 private:
  CatalogRun planned_row(const Scenario& scenario) const;

  std::filesystem::path file_;
  bool enabled_;
  std::string command_line_;
  std::unique_ptr<Catalog> catalog_;
  std::string kind_;
  std::string started_at_;
  std::chrono::steady_clock::time_point started_;
  std::vector<CatalogRun> planned_;  // not yet recorded
  std::vector<CatalogRecord> pending_;
  std::vector<std::unique_ptr<std::string>> kept_texts_;  // series.csv of pending records
  std::int64_t command_id_ = 0;
};

// Prints recorded_line(ids), if any.
void say_recorded(const CatalogRecorder& recorder, const std::vector<std::int64_t>& ids,
                  std::ostream& out);

}  // namespace rollout::cli
