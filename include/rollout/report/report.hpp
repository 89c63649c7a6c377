#pragma once
// `rollout report DIR` and `--report`: one self-contained report.html built from what a
// command wrote into its results folder, so a report can be made again at any time from
// the files alone (docs/outputs.md#report).

#include <filesystem>
#include <optional>
#include <string>

namespace rollout {

enum class ReportKind { run, compare, sweep, sensitivity, backtest, optimize };
std::string to_string(ReportKind kind);

// What wrote the folder, from the files in it (comparison.json, sweep.json,
// sensitivity.json, a run's summary.json, or the backtest.json of a backtest of several
// origins). Throws InputError when it is none of these.
ReportKind detect_report_kind(const std::filesystem::path& dir);

// The report's HTML. Throws InputError naming the file when one is missing or malformed.
// `observed`: an observations file drawn over a run's fans instead of the folder's
// observed.csv (docs/backtest.md).
std::string report_html(const std::filesystem::path& dir,
                        const std::optional<std::filesystem::path>& observed = std::nullopt);

// Writes DIR/report.html (to a temporary name, then renamed) and returns its path.
std::filesystem::path write_report(
    const std::filesystem::path& dir,
    const std::optional<std::filesystem::path>& observed = std::nullopt);

}  // namespace rollout
