#include "rollout/report/report.hpp"

#include <fmt/format.h>

#include "report/report_page.hpp"
#include "report/sections.hpp"
#include "rollout/common/error.hpp"
#include "rollout/results/results_folder.hpp"

namespace rollout {

std::string to_string(ReportKind kind) {
  switch (kind) {
    case ReportKind::run:
      return "run";
    case ReportKind::compare:
      return "compare";
    case ReportKind::sweep:
      return "sweep";
    case ReportKind::sensitivity:
      return "sensitivity";
    case ReportKind::backtest:
      return "backtest";
    case ReportKind::optimize:
      return "optimize";
  }
  return "";
}

ReportKind detect_report_kind(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (fs::exists(dir) && !fs::is_directory(dir)) {
    const std::string ext = dir.extension().string();
    throw InputError(fmt::format(
        "{}: is a file, not a results folder; give the folder a command wrote (e.g. results/{}){}",
        dir.string(), dir.stem().string(),
        ext == ".yaml" || ext == ".yml"
            ? fmt::format(", or run the scenario with a report: rollout run {} --report",
                          dir.string())
            : std::string()));
  }
  if (!fs::is_directory(dir)) throw InputError(fmt::format("{}: no such folder", dir.string()));
  if (fs::exists(dir / "comparison.json")) return ReportKind::compare;
  if (fs::exists(dir / "sweep.json")) return ReportKind::sweep;
  if (fs::exists(dir / "sensitivity.json")) return ReportKind::sensitivity;
  if (fs::exists(dir / "summary.json")) return ReportKind::run;
  if (fs::exists(dir / "backtest.json")) return ReportKind::backtest;
  if (fs::exists(dir / "optimize.json")) return ReportKind::optimize;
  throw InputError(
      fmt::format("{}: not a rollout results folder (no summary.json, comparison.json, sweep.json, "
                  "sensitivity.json, backtest.json or optimize.json)",
                  dir.string()));
}

std::string report_html(const std::filesystem::path& dir,
                        const std::optional<std::filesystem::path>& observed) {
  const ReportKind kind = detect_report_kind(dir);
  report::Page page(fmt::format("rollout {} report", to_string(kind)));
  page.open_section(to_string(kind));
  switch (kind) {
    case ReportKind::run:
      // A backtest of one origin: its run's folder, with the scores first.
      report::write_run_report(page, report::read_run_folder(dir, observed),
                               std::filesystem::exists(dir / "backtest.json"));
      break;
    case ReportKind::backtest:
      page.heading(1, "Backtest");
      report::write_backtest_section(page, dir);
      break;
    case ReportKind::compare:
      report::write_compare_report(page, dir, observed);
      break;
    case ReportKind::sweep:
      report::write_sweep_report(page, dir);
      break;
    case ReportKind::sensitivity:
      report::write_sensitivity_report(page, dir);
      break;
    case ReportKind::optimize:
      report::write_optimize_report(page, dir);
      break;
  }
  page.close_section();
  return page.finish();
}

std::filesystem::path write_report(const std::filesystem::path& dir,
                                   const std::optional<std::filesystem::path>& observed) {
  write_files_atomically(dir, {{"report.html", report_html(dir, observed)}});
  return dir / "report.html";
}

}  // namespace rollout
