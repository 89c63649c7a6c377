#pragma once
// The output files of a run (docs/outputs.md), as texts: results_folder.hpp puts them
// in place, all or nothing.

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/results/summary.hpp"
#include "rollout/results/summary_file.hpp"
#include "rollout/run/run_session.hpp"

namespace rollout {

// A results folder's name for a scenario's name (a label, never a path): letters, digits,
// '-', '_', '.' and non-ASCII characters kept, every other run of characters one '-', no
// leading '.' or '-', at most kMaxFolderName bytes, "scenario" when nothing is left. So
// "../../x" is "x", "/etc" is "etc", ".." and "" are "scenario" (docs/outputs.md).
inline constexpr std::size_t kMaxFolderName = 100;
std::string folder_name(const std::string& label);

// CSV cells: a number in full precision (empty when missing), a text quoted when needed
// and with a leading ' when a spreadsheet would run it as a formula.
std::string csv_number(double x);
// csv_number(x) appended to `out`, without a string of its own.
void append_csv_number(std::string& out, double x);
std::string csv_text(const std::string& s);
// csv_text(s) appended to `out`.
void append_csv_text(std::string& out, const std::string& s);

// summary.json of a run, as a record and as the file's text.
SummaryFile summary_file(const Model& model, const std::vector<KpiResult>& kpis,
                         const RunInfo& run);
std::string summary_json(const Model& model, const std::vector<KpiResult>& kpis,
                         const RunInfo& run);
std::string series_csv(const Model& model, const OutcomeTable& table);
// `stop`: a signal number set on SIGINT or SIGTERM, looked at every 1,024 rows (a run of
// millions of replications builds this file for seconds); Interrupted when set.
std::string replications_csv(const Model& model, const OutcomeTable& table,
                             const std::atomic<int>* stop = nullptr);
std::string regions_csv(const Model& model, const OutcomeTable& table);
// Per region, month by month: stores and own-store units (docs/outputs.md, region_series.csv),
// under these metric names, which the report reads back.
inline constexpr std::string_view kRegionSeriesStores = "stores";
inline constexpr std::string_view kRegionSeriesOwnUnits = "own_units";
// `threads`: how many threads compute the summaries; the text is the same at any count.
std::string region_series_csv(const Model& model, const OutcomeTable& table, unsigned threads = 1);

// The files of a run's folder, in the order written (docs/outputs.md); scenario.yaml is
// the resolved scenario, whose SHA-256 is run.scenario_sha256.
inline constexpr std::array<std::string_view, 6> kRunOutputFiles{
    "summary.json", "series.csv",        "replications.csv",
    "regions.csv",  "region_series.csv", "scenario.yaml"};
// The observations a command given --observed copies into its folder, as given, so that the
// report draws them (docs/backtest.md).
inline constexpr std::string_view kObservedFile = "observed.csv";
// "summary.json, series.csv, ...": what a command says it wrote.
std::string run_output_list();

// Told of each file as soon as its text is complete, on the thread that built it (several at
// once): a command writes the files while the others are still being built.
using FileBuilt = std::function<void(const std::string& name, const std::string& text)>;

// The texts of kRunOutputFiles, by file name; each also passed to `built` when given. Throws
// Interrupted once `stop` is set (looked at before each file and region, and within
// replications.csv), so that Ctrl-C is answered while the files are built too.
std::vector<std::pair<std::string, std::string>> run_output_files(
    const Model& model, const OutcomeTable& table, const std::vector<KpiResult>& kpis,
    const RunInfo& run, const FileBuilt& built = nullptr, const std::atomic<int>* stop = nullptr);

}  // namespace rollout
