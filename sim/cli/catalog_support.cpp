#include "cli/catalog_support.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "cli/interrupt.hpp"
#include "cli/run_support.hpp"
#include "rollout/common/error.hpp"
#include "rollout/common/sha256.hpp"
#include "rollout/common/version.hpp"
#include "rollout/loader/scenario_writer.hpp"

namespace rollout::cli {

std::filesystem::path catalog_path(const std::optional<std::filesystem::path>& option) {
  if (option) return *option;
  if (const char* env = std::getenv("ROLLOUT_CATALOG"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path("results") / "catalog.sqlite";
}

bool is_date_or_time(const std::string& text) {
  const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() < 10 || text.size() > shape.size() || text.size() == 11) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}

std::string catalog_now() {
  if (const char* fake = std::getenv("ROLLOUT_NOW"); fake != nullptr && *fake != '\0') {
    if (std::string(fake).size() != 20 || !is_date_or_time(fake))
      throw InputError(
          fmt::format("ROLLOUT_NOW is '{}', but must be a UTC time such as 2026-12-01T09:00:00Z",
                      excerpt(fake)));
    return fake;
  }
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return utc_timestamp(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

CatalogRecorder::CatalogRecorder(std::optional<std::filesystem::path> file,
                                 std::string command_line)
    : file_(file.value_or(std::filesystem::path())),
      enabled_(file.has_value()),
      command_line_(std::move(command_line)) {}

void CatalogRecorder::start(const std::string& kind, const std::vector<Scenario>& scenarios) {
  if (!enabled_) return;
  catalog_ = std::make_unique<Catalog>(file_, CatalogAccess::write);
  // The log the previous command left is copied into the file while this one runs; a
  // failure here is left for the next writer (the log stays valid).
  writing_ = std::thread([this] {
    try {
      catalog_->checkpoint();
    } catch (const std::exception&) {
    }
  });
  kind_ = kind;
  started_at_ = catalog_now();
  started_ = std::chrono::steady_clock::now();
  for (const Scenario& s : scenarios)
    plan(s);
}

void CatalogRecorder::plan(const Scenario& scenario) {
  if (active()) planned_.push_back(planned_row(scenario));
}

CatalogRun CatalogRecorder::planned_row(const Scenario& scenario) const {
  CatalogRun row;
  row.kind = kind_;
  row.scenario = scenario.name;
  row.scenario_yaml = to_yaml(scenario);
  row.scenario_sha256 = sha256_hex(row.scenario_yaml);
  row.seed = scenario.simulation.seed;
  row.replications = static_cast<std::size_t>(scenario.simulation.replications);
  row.sampling = std::string(to_string(scenario.simulation.sampling));
  row.version = version();
  row.command_line = command_line_;
  row.started_at = started_at_;
  return row;
}

CatalogRecorder::~CatalogRecorder() {
  if (writing_.joinable()) writing_.join();
}

void CatalogRecorder::add(const FinishedRun& run, const std::filesystem::path& folder,
                          bool keep_replications) {
  if (!active()) return;
  CatalogRun row;
  row.kind = kind_;
  row.scenario = run.info.scenario;
  row.scenario_sha256 = run.info.scenario_sha256;
  row.scenario_yaml = to_yaml(run.model->scenario());  // scenario.yaml's text
  row.seed = run.info.seed;
  row.replications = run.info.replications;
  row.series_replications = keep_replications ? run.info.series_replications : 0;
  row.sampling = std::string(to_string(run.model->scenario().simulation.sampling));
  row.version = run.info.version;
  row.command_line = command_line_;
  row.started_at = started_at_;
  row.finished_at = catalog_now();
  row.wall_seconds = run.info.wall_seconds;
  row.threads = run.info.threads;
  row.processes = run.info.processes;
  row.output_folder = folder.string();
  // This run is no longer only planned.
  const auto planned = std::find_if(planned_.begin(), planned_.end(), [&](const CatalogRun& p) {
    return p.scenario == row.scenario && p.scenario_sha256 == row.scenario_sha256;
  });
  if (planned != planned_.end()) planned_.erase(planned);

  CatalogResults results;
  results.model = run.model.get();
  results.kpis = &run.kpis;
  if (keep_replications) results.table = &*run.table;
  pending_.push_back({std::move(row), results});
}

CatalogRecorder::WritingGuard CatalogRecorder::begin_writing() {
  launch_writing();
  return WritingGuard(*this);
}

void CatalogRecorder::launch_writing() {
  if (!active() || pending_.empty() || rows_started_) return;
  rows_started_ = true;
  if (writing_.joinable()) writing_.join();  // the checkpoint
  stop_writing_ = 0;
  writing_done_ = false;
  writing_ = std::thread([this] {
    try {
      writer_ = std::make_unique<CatalogWriter>(*catalog_, &stop_writing_);
      for (const CatalogRecord& record : pending_)
        writer_->insert(record);
    } catch (...) {
      writing_error_ = std::current_exception();
    }
    writing_done_ = true;
  });
}

void CatalogRecorder::finish_writing() {
  // Waits for the rows, passing a signal on to the thread so that Ctrl-C is answered at once.
  while (writing_.joinable() && !writing_done_) {
    if (const int signal = interrupt_flag().load(); signal != 0) stop_writing_ = signal;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (writing_.joinable()) writing_.join();
  if (writing_error_) {
    std::exception_ptr error = std::exchange(writing_error_, nullptr);
    writer_.reset();
    pending_.clear();
    rows_started_ = false;
    std::rethrow_exception(error);
  }
}

void CatalogRecorder::abort_writing() noexcept {
  stop_writing_ = -1;
  if (writing_.joinable()) writing_.join();
  writing_error_ = nullptr;
  writer_.reset();  // an uncommitted transaction rolls back
  pending_.clear();
  rows_started_ = false;
}

std::vector<std::int64_t> CatalogRecorder::commit(const std::vector<std::string_view>& series) {
  if (!active() || pending_.empty()) return {};
  launch_writing();  // if the command did not start it earlier
  finish_writing();
  std::vector<std::int64_t> ids;
  try {
    for (std::size_t j = 0; j < series.size() && j < pending_.size(); ++j)
      if (!series[j].empty()) writer_->insert_series_summaries(writer_->ids()[j], series[j]);
    ids = writer_->commit(command_id_);
  } catch (...) {
    writer_.reset();
    pending_.clear();
    rows_started_ = false;
    throw;
  }
  writer_.reset();
  pending_.clear();
  rows_started_ = false;
  if (command_id_ == 0 && !ids.empty()) command_id_ = ids.front();
  return ids;
}

std::string CatalogRecorder::recorded_line(const std::vector<std::int64_t>& ids) const {
  if (ids.empty()) return "";
  const std::string which = ids.size() == 1 ? fmt::format("run {}", ids.front())
                                            : fmt::format("runs {} to {}", ids.front(), ids.back());
  return fmt::format("recorded as {} in {}", which, file_.string());
}

void CatalogRecorder::record_failure(const std::string& status,
                                     const std::string& message) noexcept {
  if (!active()) return;
  try {
    abort_writing();  // what was being written is dropped: the transaction rolls back
    if (planned_.empty()) return;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::vector<CatalogRecord> rows;
    for (CatalogRun row : planned_) {
      row.status = status;
      row.message = message;
      row.finished_at = catalog_now();
      row.wall_seconds = wall;
      rows.push_back({std::move(row), std::nullopt});
    }
    catalog_->record(rows, command_id_);
    planned_.clear();
  } catch (const std::exception& e) {
    // The command's own error is what the user must see; this one is a footnote.
    std::cerr << fmt::format("rollout: could not record the {} run in {}: {}\n", status,
                             file_.string(), e.what());
  }
}

std::string_view series_text(const NamedTexts& files) {
  for (const auto& [name, text] : files)
    if (name == "series.csv") return text;
  return {};
}

void add_catalog_file_option(CLI::App& command, std::optional<std::filesystem::path>& file) {
  command
      .add_option("--catalog", file,
                  "The catalogue (default: $ROLLOUT_CATALOG, else results/catalog.sqlite)")
      ->type_name("FILE");
}

void say_recorded(const CatalogRecorder& recorder, const std::vector<std::int64_t>& ids,
                  std::ostream& out) {
  if (!ids.empty()) out << recorder.recorded_line(ids) << '\n';
}

}  // namespace rollout::cli
