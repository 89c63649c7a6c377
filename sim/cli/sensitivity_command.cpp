#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/option_values.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/analysis/sensitivity_outputs.hpp"
#include "rollout/run/runner.hpp"

namespace rollout::cli {
namespace {

std::string coefficient(double x) {
  return std::isnan(x) ? "-" : fmt::format("{:+.2f}", x);
}

std::string index_text(double value, double lo, double hi) {
  if (std::isnan(value)) return "-";
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", value, lo, hi);
}

void print_sensitivity(std::ostream& out, const Model& model, const SensitivityResult& result,
                       std::size_t top) {
  fmt::print(out, "Sensitivity of {}: ranks over {} replications", model.scenario().name,
             with_commas(static_cast<double>(result.replications)));
  if (result.tornado_replications > 0) {
    fmt::print(out, "; tornado P10/P90 over {} replications per bar",
               with_commas(static_cast<double>(result.tornado_replications)));
  }
  if (result.sobol_rows > 0)
    fmt::print(out, "; Sobol' indices from {} rows",
               with_commas(static_cast<double>(result.sobol_rows)));
  fmt::print(out, "\n");
  std::size_t width = 12;
  for (const UncertainInput& u : model.uncertain_inputs())
    width = std::max(width, u.name.size());
  for (const KpiSensitivity& k : result.kpis) {
    const Kpi kpi = k.kpi;
    fmt::print(out, "\n{} (rank regression R² {}; {} replications", info(kpi).name,
               std::isnan(k.r_squared) ? "-" : fmt::format("{:.2f}", k.r_squared),
               with_commas(static_cast<double>(k.count)));
    if (result.tornado_replications > 0)
      fmt::print(out, "; tornado base {}", format_kpi_value(kpi, k.base_mean));
    fmt::print(out, ")\n");
    fmt::print(out, "  {:>2}  {:<{}} {:>8} {:>6}", "#", "input", width, "Spearman", "SRRC");
    if (result.tornado_replications > 0)
      fmt::print(out, " {:>12} {:>12} {:>11}", "mean at P10", "mean at P90", "swing");
    if (result.sobol_rows > 0) fmt::print(out, "  {:<19} {:<19}", "S1 [95%]", "ST [95%]");
    fmt::print(out, "\n");
    std::size_t rank = 0;
    for (const std::size_t j : k.ranking()) {
      if (++rank > top) break;
      const InputSensitivity& s = k.inputs[j];
      fmt::print(out, "  {:>2}  {:<{}} {:>8} {:>6}", rank, s.input, width, coefficient(s.spearman),
                 coefficient(s.srrc));
      if (s.tornado) {
        fmt::print(out, " {:>12} {:>12} {:>11}", format_kpi_value(kpi, s.tornado->mean_low),
                   format_kpi_value(kpi, s.tornado->mean_high),
                   format_kpi_difference(kpi, s.tornado->swing_mean()));
      }
      if (s.sobol) {
        fmt::print(out, "  {:<19} {:<19}",
                   index_text(s.sobol->first, s.sobol->first_lo, s.sobol->first_hi),
                   index_text(s.sobol->total, s.sobol->total_lo, s.sobol->total_hi));
      }
      fmt::print(out, "\n");
    }
    if (k.inputs.size() > top)
      fmt::print(out, "  ... {} more in sensitivity.csv\n", k.inputs.size() - top);
    if (k.intrinsic) {
      fmt::print(out, "  {:>2}  {:<{}} {:>8} {:>6}", "", "(intrinsic: shocks and draws)", width, "",
                 "");
      if (result.tornado_replications > 0) fmt::print(out, " {:>12} {:>12} {:>11}", "", "", "");
      fmt::print(out, "  {:<19} {:<19}\n",
                 index_text(k.intrinsic->first, k.intrinsic->first_lo, k.intrinsic->first_hi),
                 index_text(k.intrinsic->total, k.intrinsic->total_lo, k.intrinsic->total_hi));
    }
    if (!k.note.empty()) fmt::print(out, "  note: {}\n", k.note);
  }
}

}  // namespace

std::vector<Kpi> parse_kpi_list(const std::vector<std::string>& names,
                                const std::vector<Kpi>& fallback, const Scenario& scenario) {
  if (names.empty()) return fallback;
  std::vector<Kpi> kpis;
  for (const std::string& name : names) {
    if (name == "all") {
      const std::vector<Kpi> all = reported_kpis(scenario.economics.has_value());
      kpis.insert(kpis.end(), all.begin(), all.end());
      continue;
    }
    const auto kpi = kpi_named(name);
    if (!kpi) {
      throw InputError(fmt::format("--kpis names '{}'{}, but the KPIs are: {} (or all)", name,
                                   kpi_suggestion(name), fmt::join(kpi_names(), ", ")));
    }
    require_reported(*kpi, scenario, "--kpis");
    kpis.push_back(*kpi);
  }
  return kpis;
}

int sensitivity_command(const SensitivityCommandOptions& options, std::ostream& out,
                        std::ostream& err) {
  Scenario scenario = load_with_overrides(options.scenario, options.overrides);
  SensitivityOptions study;
  study.kpis = parse_kpi_list(options.kpis, default_sensitivity_kpis(), scenario);
  study.tornado = !options.no_tornado;
  study.tornado_replications = options.tornado_replications;
  study.sobol_rows = options.sobol_rows;
  study.bootstrap = options.bootstrap;
  study.threads = options.overrides.threads.value_or(default_threads());
  study.group = options.overrides.group;
  study.stop = &interrupt_flag();
  check_sensitivity_options(Model(scenario), study);  // before anything runs
  const std::filesystem::path dir = options.out.value_or(
      std::filesystem::path("results") / folder_name("sensitivity-" + scenario.name));
  check_replaceable(dir);  // before the run, not after it

  CatalogRecorder& catalog = *options.overrides.recorder;
  catalog.start("sensitivity", {scenario});
  const FinishedRun run = run_scenario(std::move(scenario), options.overrides, err);
  if (!options.overrides.quiet && ::isatty(STDERR_FILENO)) {
    study.on_progress = [&err](const std::string& stage, std::size_t done, std::size_t total) {
      fmt::print(err, "\r  {}: {} / {} replications", stage, with_commas(static_cast<double>(done)),
                 with_commas(static_cast<double>(total)));
      if (done == total) fmt::print(err, "\r{:70}\r", "");
      err.flush();
    };
  }
  const SensitivityResult result = study_sensitivity(*run.model, *run.table, study);
  throw_if_interrupted();
  if (!options.overrides.writes) return kExitOk;  // under mpirun: rank 0 writes and prints
  auto files = run_output_files(*run.model, *run.table, run.kpis, run.info);
  files.emplace_back("sensitivity.json", sensitivity_json(*run.model, result));
  files.emplace_back("sensitivity.csv", sensitivity_csv(result));
  catalog.add(run, dir);
  // Its rows are written while the files are made; stopped if they never get written.
  const auto writing = catalog.begin_writing();
  StagedFolder staged(dir);
  staged.add(files);
  commit_results(staged, options.overrides);
  const std::vector<std::int64_t> recorded = catalog.commit({series_text(files)});
  print_sensitivity(out, *run.model, result, options.top);
  fmt::print(out, "\nwrote {}: sensitivity.json, sensitivity.csv, and the run's {}\n", dir.string(),
             run_output_list());
  say_report_written(options.overrides, dir, out);
  say_recorded(catalog, recorded, out);
  return kExitOk;
}

RegisteredCommand register_sensitivity_command(CLI::App& app) {
  auto options = std::make_shared<SensitivityCommandOptions>();
  auto* command = app.add_subcommand(
      "sensitivity",
      "Which uncertain inputs drive the KPIs: rank measures, tornado, Sobol' indices");
  command->add_option("scenario", options->scenario, "Scenario file (YAML)")->required();
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/sensitivity-<scenario name>)");
  command
      ->add_option("--kpis", options->kpis,
                   "KPIs to analyse, comma-separated, or 'all' (default: target_by_deadline, "
                   "stores_end, offline_mix_end, market_share_end, units_per_store_end, "
                   "global_share_end)")
      ->delimiter(',');
  command->add_flag("--no-tornado", options->no_tornado,
                    "Skip the tornado (two runs per uncertain input)");
  command
      ->add_option("--tornado-replications", options->tornado_replications,
                   "Replications per tornado bar end (default 1,000)")
      ->transform(whole_number(2, 10'000'000))
      ->type_name("N");
  command
      ->add_option("--sobol", options->sobol_rows,
                   "Sobol' indices from a Saltelli design of N rows: N x (inputs + 3) replications")
      ->transform(whole_number(10, 10'000'000))
      ->type_name("N");
  command
      ->add_option("--bootstrap", options->bootstrap,
                   "Bootstrap resamples for the Sobol' intervals (default 500)")
      ->transform(whole_number(10, 100'000))
      ->type_name("N");
  command->add_option("--top", options->top, "Inputs shown per KPI (default 10; files have all)")
      ->transform(whole_number(1, 100'000))
      ->type_name("N");
  return running_command(command, options, &sensitivity_command);
}

}  // namespace rollout::cli
