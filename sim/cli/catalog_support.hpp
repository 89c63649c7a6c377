#pragma once
// How running commands put their runs on record in the catalogue (docs/outputs.md, "The
// catalogue"): the catalogue is opened, and so checked, before anything runs; a command's
// finished runs are recorded once their results folder is in place; a run that started
// and then failed or was interrupted leaves its `runs` rows with that status and no data.

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <iosfwd>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/option_values.hpp"
#include "rollout/catalog/catalog.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::cli {

struct FinishedRun;

// Where the catalogue is: --catalog, else $ROLLOUT_CATALOG, else results/catalog.sqlite.
std::filesystem::path catalog_path(const std::optional<std::filesystem::path>& option);

// The time the catalogue records: now, or $ROLLOUT_NOW (an ISO 8601 UTC time such as
// 2026-12-01T09:00:00Z, for tests and reproducible examples; anything else is an
// InputError).
std::string catalog_now();

// Whether `text` is a date 2026-12-01, or one followed by a time as the catalogue writes
// it (2026-12-01T09:30:00Z) or a prefix of one (2026-12-01T09).
bool is_date_or_time(const std::string& text);

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

  // Queues a finished run (in the folder `folder`); runs of the same command share the
  // command id of the first. With `keep_replications` false only the summaries are
  // recorded (a sweep).
  void add(const FinishedRun& run, const std::filesystem::path& folder,
           bool keep_replications = true);
  // Stops the writing thread, if any, and drops what it wrote (the transaction rolls back).
  void abort_writing() noexcept;
  // What begin_writing() returns: unless the rows were committed, it stops their writing
  // when it goes, so declared after the runs it ends before they do.
  class WritingGuard {
   public:
    explicit WritingGuard(CatalogRecorder& recorder) : recorder_(recorder) {}
    ~WritingGuard() { recorder_.abort_writing(); }
    WritingGuard(const WritingGuard&) = delete;
    WritingGuard& operator=(const WritingGuard&) = delete;

   private:
    CatalogRecorder& recorder_;
  };
  // Starts writing the queued runs' rows on another thread, inside one transaction that
  // commit() ends: the rows are written while the command builds and writes its files.
  // The runs must stay alive and unchanged until commit() or the guard's end.
  [[nodiscard]] WritingGuard begin_writing();
  // Once the results folder is in place: waits for the rows, adds the statistics of each
  // queued run's series.csv (`series[j]` for the j-th queued run, if given), and commits
  // (a batch commits after each scenario; its runs share one command id). Returns the
  // new runs' ids.
  std::vector<std::int64_t> commit(const std::vector<std::string_view>& series = {});
  // "recorded as run 12 in results/catalog.sqlite" (runs 12 to 14), or "" without one.
  std::string recorded_line(const std::vector<std::int64_t>& ids) const;

  // After start(), a command that ended by an exception drops what it was writing and
  // records its runs that were not recorded, with `status` (interrupted or failed) and
  // `message`; never throws.
  void record_failure(const std::string& status, const std::string& message) noexcept;

  bool active() const { return catalog_ != nullptr; }
  ~CatalogRecorder();
  CatalogRecorder(const CatalogRecorder&) = delete;
  CatalogRecorder& operator=(const CatalogRecorder&) = delete;
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
  // Starts the writing thread (begin_writing() without its guard).
  void launch_writing();
  // Waits for the writing thread; rethrows what it threw.
  void finish_writing();

  std::vector<CatalogRun> planned_;  // not yet recorded
  std::vector<CatalogRecord> pending_;
  std::int64_t command_id_ = 0;
  // The writing thread: first the checkpoint (start()), then a command's rows
  // (begin_writing()); the main thread touches the catalogue only once it has joined.
  bool rows_started_ = false;
  std::atomic<int> stop_writing_{0};  // non-zero: the thread stops (Interrupted)
  std::atomic<bool> writing_done_{false};
  std::unique_ptr<CatalogWriter> writer_;
  std::thread writing_;
  std::exception_ptr writing_error_;
};

// The text of series.csv among a run's files ("" if none).
std::string_view series_text(const NamedTexts& files);

// The options of the commands that read the catalogue: --catalog FILE, and a run's id
// (`--run ID`, `--show ID`) with its description.
void add_catalog_file_option(CLI::App& command, std::optional<std::filesystem::path>& file);
template <class Target>
CLI::Option* add_run_id_option(CLI::App& command, const std::string& name, Target& target,
                               const std::string& description);

// Prints recorded_line(ids), if any.
void say_recorded(const CatalogRecorder& recorder, const std::vector<std::int64_t>& ids,
                  std::ostream& out);

template <class Target>
CLI::Option* add_run_id_option(CLI::App& command, const std::string& name, Target& target,
                               const std::string& description) {
  return command.add_option(name, target, description)
      ->type_name("ID")
      ->transform(whole_number(1, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace rollout::cli
