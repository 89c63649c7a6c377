#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/run_support.hpp"
#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout::cli {

int batch_command(const BatchOptions& options, std::ostream& out, std::ostream& err) {
  CsvWriter index({"scenario", "file", "status", "folder", "replications", "seed",
                   "stores_end_mean", "target_by_deadline", "market_share_end_mean",
                   "units_per_store_end_mean", "global_share_end_mean", "message"});
  std::set<std::string> folders;
  check_replaceable(options.out);  // before the runs, not after them
  // The whole batch is one results folder: an interrupted batch changes nothing.
  std::optional<StagedFolder> staged;
  if (options.overrides.writes) staged.emplace(options.out);
  int status = kExitOk;
  std::size_t failed = 0;
  // Each scenario is recorded as it finishes, in its own transaction (docs/outputs.md).
  CatalogRecorder& catalog = *options.overrides.recorder;
  catalog.start("batch", {});
  std::vector<std::int64_t> recorded;
  for (const std::string& file : options.scenarios) {
    try {
      Scenario scenario = load_with_overrides(file, options.overrides);
      const std::string folder = unique_folder(scenario.name, folders);
      catalog.plan(scenario);
      const FinishedRun run = run_scenario(std::move(scenario), options.overrides, err, folder);
      throw_if_interrupted();
      if (!options.overrides.writes) continue;  // under mpirun: rank 0 writes and prints
      catalog.add(run, options.out / folder);
      // Its rows are written while the files are made; stopped if they never get written.
      const auto writing = catalog.begin_writing();
      const NamedTexts files = run_output_files(*run.model, *run.table, run.kpis, run.info);
      staged->add(files, folder);
      commit_results(*staged, options.overrides, folder);  // the scenario's report.html
      for (const std::int64_t id : catalog.commit({series_text(files)}))
        recorded.push_back(id);
      auto mean = [&](Kpi k) {
        const KpiResult& r = run.kpis[static_cast<std::size_t>(k)];
        return r.available ? r.summary.mean : std::nan("");
      };
      index.text(run.info.scenario).text(file).text("ok").text(folder);
      index.count(run.info.replications).text(std::to_string(run.info.seed));
      index.number(mean(Kpi::stores_end));
      index.number(
          run.kpis[static_cast<std::size_t>(Kpi::target_by_deadline)].proportion.proportion);
      index.number(mean(Kpi::market_share_end)).number(mean(Kpi::units_per_store_end));
      index.number(mean(Kpi::global_share_end)).blank().end_row();
      fmt::print(out, "ok {} -> {}\n", file, (options.out / folder).string());
    } catch (const Interrupted&) {
      throw;  // stop the whole batch; the staged folder is removed, nothing is written
    } catch (const InputError& e) {
      ++failed;
      status = std::max(status, kExitInput);
      for (const Diagnostic& d : e.diagnostics())
        fmt::print(err, "{}\n", d.to_string());
      const std::string first =
          e.diagnostics().empty() ? e.what() : e.diagnostics().front().to_string();
      index.blank().text(file).text("invalid").blank(8).text(first).end_row();
      catalog.record_failure("failed", first);  // if it had started to run
      fmt::print(out, "FAILED {}: {} problem{}\n", file, e.diagnostics().size(),
                 e.diagnostics().size() == 1 ? "" : "s");
    } catch (const std::exception& e) {
      ++failed;
      status = kExitInternal;
      index.blank().text(file).text("failed").blank(8).text(e.what()).end_row();
      catalog.record_failure("failed", e.what());
      fmt::print(out, "FAILED {}: {}\n", file, e.what());
    }
  }
  if (!options.overrides.writes) return status;
  staged->add({{"batch.csv", index.finish()}});
  commit_results(*staged, RunOverrides{});  // the scenarios' reports are in place already
  fmt::print(out, "{} of {} scenarios ran; index in {}\n", options.scenarios.size() - failed,
             options.scenarios.size(), (options.out / "batch.csv").string());
  say_recorded(catalog, recorded, out);
  return status;
}

RegisteredCommand register_batch_command(CLI::App& app) {
  auto options = std::make_shared<BatchOptions>();
  auto* command = app.add_subcommand(
      "batch", "Run many scenarios, each into its own folder, indexed in batch.csv");
  command->add_option("scenarios", options->scenarios, "Scenario files")->required();
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out, "Output folder")->required();
  return running_command(command, options, &batch_command);
}

}  // namespace rollout::cli
