#pragma once
// `rollout report DIR` and `--report`: one self-contained report.html built from what a
// command wrote into its results folder, so a report can be made again at any time from
// the files alone (docs/outputs.md#report).

#include <filesystem>
#include <string>

namespace rollout {

enum class ReportKind { run, compare, sweep, sensitivity };
std::string to_string(ReportKind kind);

// What wrote the folder, from the files in it (comparison.json, sweep.json,
// sensitivity.json, or a run's summary.json). Throws InputError when it is none of these.
ReportKind detect_report_kind(const std::filesystem::path& dir);

// The report's HTML. Throws InputError naming the file when one is missing or malformed.
std::string report_html(const std::filesystem::path& dir);

// Writes DIR/report.html (to a temporary name, then renamed) and returns its path.
std::filesystem::path write_report(const std::filesystem::path& dir);

}  // namespace rollout
