// `rollout runs`: the catalogue's runs, oldest first (docs/cli.md).

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <cctype>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/catalog/catalog.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::cli {
namespace {

std::string short_time(const std::string& iso) {
  // 2026-12-04T21:03:00Z -> 2026-12-04 21:03
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

}  // namespace

int runs_command(const RunsOptions& options, std::ostream& out) {
  CatalogFilter filter;
  filter.scenario = options.scenario;
  if (options.since) {
    if (!is_date_or_time(*options.since))
      throw InputError(
          fmt::format("--since is '{}', but must be a date such as 2026-12-01 (or "
                      "a UTC time such as 2026-12-01T09:30:00Z)",
                      excerpt(*options.since)));
    filter.since = *options.since;
  }
  const std::filesystem::path file = catalog_path(options.catalog);
  const Catalog catalog(file, CatalogAccess::read);
  if (options.show) {
    if (options.scenario || options.since)
      throw InputError("--show prints one run's scenario; --scenario and --since do not apply");
    const CatalogRun run = catalog.run(*options.show);
    fmt::print(out,
               "# The resolved scenario of run {} in {} ({}, {}, {} replications, seed {}).\n"
               "# To run it again as it ran: rollout run FILE --seed {} -n {}\n{}",
               run.id, file.string(), run.scenario, run.started_at,
               with_commas(static_cast<double>(run.replications)), run.seed, run.seed,
               run.replications, run.scenario_yaml);
    return kExitOk;
  }
  const std::vector<CatalogRun> runs = catalog.runs(filter);
  if (runs.empty()) {
    fmt::print(out, "no runs in {}{}\n", file.string(),
               options.scenario || options.since ? " match" : "");
    return kExitOk;
  }
  std::size_t width = 8;
  for (const CatalogRun& r : runs)
    width = std::max(width, r.scenario.size());
  fmt::print(out, "{:>5} {:>7}  {:<11} {:<{}}  {:<16} {:>12} {:>20}  {:<11} {:>8}  {}\n", "id",
             "command", "kind", "scenario", width, "started (UTC)", "replications", "seed",
             "status", "seconds", "folder");
  for (const CatalogRun& r : runs) {
    fmt::print(out, "{:>5} {:>7}  {:<11} {:<{}}  {:<16} {:>12} {:>20}  {:<11} {:>8.1f}  {}\n", r.id,
               r.command_id, r.kind, r.scenario, width, short_time(r.started_at),
               with_commas(static_cast<double>(r.replications)), r.seed, r.status, r.wall_seconds,
               r.output_folder);
  }
  fmt::print(out, "\n{} run{} in {}; compare two with 'rollout compare --run ID --run ID'\n",
             runs.size(), runs.size() == 1 ? "" : "s", file.string());
  return kExitOk;
}

RegisteredCommand register_runs_command(CLI::App& app) {
  auto options = std::make_shared<RunsOptions>();
  auto* command = app.add_subcommand("runs", "List the runs recorded in the results catalogue");
  command->add_option("--scenario", options->scenario, "Only the runs of this scenario (its name)")
      ->type_name("NAME");
  command
      ->add_option("--since", options->since,
                   "Only the runs started on or after this date (2026-12-01) or UTC time")
      ->type_name("DATE");
  add_run_id_option(*command, "--show", options->show,
                    "Print this run's resolved scenario (YAML), as it ran, to run it again");
  add_catalog_file_option(*command, options->catalog);
  return {command,
          [options](const CommandContext& context) { return runs_command(*options, context.out); }};
}

}  // namespace rollout::cli
