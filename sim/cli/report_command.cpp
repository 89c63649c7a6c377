#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "rollout/catalog/catalog.hpp"
#include "rollout/report/report.hpp"

namespace rollout::cli {

int report_command(const ReportOptions& options, std::ostream& out) {
  std::filesystem::path dir = options.folder;
  if (options.run) {
    if (!options.folder.empty())
      throw InputError("report takes a results folder or --run ID, not both");
    const Catalog catalog(catalog_path(options.catalog), CatalogAccess::read);
    const CatalogRun run = catalog.run(*options.run);
    if (run.status != "ok")
      throw InputError(fmt::format("run {} ended {} ({}): it has no results to report", run.id,
                                   run.status, run.message));
    if (const std::string why = folder_mismatch(run); !why.empty())
      throw InputError(fmt::format(
          "run {}: {}; its scenario is in the catalogue: 'rollout runs --show {}' prints it, "
          "to run again with --seed {} -n {}",
          run.id, why, run.id, run.seed, run.replications));
    dir = run.output_folder;
  } else if (dir.empty()) {
    throw InputError("report needs a results folder, or --run ID");
  }
  const ReportKind kind = detect_report_kind(dir);
  fmt::print(out, "wrote {} ({} report)\n", write_report(dir, options.observed).string(),
             to_string(kind));
  return kExitOk;
}

RegisteredCommand register_report_command(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  auto* command = app.add_subcommand(
      "report",
      "Write report.html (self-contained HTML) from a run, compare, sweep or sensitivity folder");
  command->add_option("folder", options->folder, "Results folder");
  add_run_id_option(*command, "--run", options->run,
                    "A run from the catalogue ('rollout runs'), instead of a folder: its report "
                    "is written into the run's results folder");
  add_catalog_file_option(*command, options->catalog);
  command->add_option("--observed", options->observed,
                      "Observations (CSV, docs/backtest.md) drawn over the fans, instead of the "
                      "folder's observed.csv");
  return {command, [options](const CommandContext& context) {
            return report_command(*options, context.out);
          }};
}

}  // namespace rollout::cli
