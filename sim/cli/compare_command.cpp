#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <memory>
#include <ostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/terminal_table.hpp"
#include "rollout/analysis/compare.hpp"
#include "rollout/analysis/comparison_file.hpp"
#include "rollout/catalog/catalog.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/run/runner.hpp"

namespace rollout::cli {
namespace {

// comparison.json, comparison.csv and, for paired runs with series, differences.csv.
NamedTexts comparison_files(const Comparison& comparison, std::uint64_t seed,
                            std::size_t replications) {
  NamedTexts files{
      {"comparison.json", comparison_file_text(comparison_file(comparison, seed, replications))},
      {"comparison.csv", comparison_csv(comparison)}};
  if (!comparison.series_differences.empty())
    files.emplace_back("differences.csv", series_differences_csv(comparison));
  return files;
}

// The files' names, for the closing line: "comparison.json, comparison.csv".
std::string file_names(const NamedTexts& files) {
  std::vector<std::string> names;
  for (const auto& file : files)
    names.push_back(file.first);
  return fmt::format("{}", fmt::join(names, ", "));
}

// Folder names for the scenarios' own outputs: their names, made unique.
std::vector<std::string> unique_names(const std::vector<FinishedRun>& runs) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const FinishedRun& run : runs)
    names.push_back(unique_folder(run.info.scenario, taken));
  return names;
}

void print_comparison(std::ostream& out, const Comparison& c, std::uint64_t seed,
                      std::size_t replications) {
  if (c.paired) {
    fmt::print(
        out,
        "Compared with {} over {} paired replications (seed {}): same shocks and input draws\n",
        c.scenarios.front().name, with_commas(static_cast<double>(replications)), seed);
  } else {
    fmt::print(out, "Compared with {} as independent samples (unpaired)\n",
               c.scenarios.front().name);
  }
  std::size_t width = 10;
  for (const ComparedScenario& s : c.scenarios)
    width = std::max(width, s.name.size());
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (!c.reports(k)) continue;
    const auto kpi = static_cast<Kpi>(k);
    const KpiInfo& about = info(kpi);
    fmt::print(out, "\n{} ({} is better)\n", about.name, about.direction > 0 ? "higher" : "lower");
    fmt::print(out, "  {:<{}} {:>12} {:>12} {:>12}   {:>26} {:>9} {:>8}\n", "scenario", width,
               "mean", "P5", "P95", "difference ± se", "P(better)", "VRF");
    for (std::size_t j = 0; j < c.scenarios.size(); ++j) {
      const KpiResult& r = c.scenarios[j].kpis[k];
      const bool binary = about.binary();
      const double centre =
          binary ? r.proportion.proportion : (r.available ? r.summary.mean : std::nan(""));
      auto percentile = [&](std::size_t level_position) {
        const auto& levels = c.scenarios[j].model->scenario().simulation.percentiles;
        const double wanted = level_position == 0 ? 5 : 95;
        for (std::size_t i = 0; i < levels.size(); ++i) {
          if (levels[i] == wanted && r.available && !binary)
            return format_kpi_value(kpi, r.summary.percentiles[i]);
        }
        return std::string("");
      };
      const std::string mean = format_kpi_value(kpi, centre);
      fmt::print(out, "  {:<{}} {:>12} {:>12} {:>12}", c.scenarios[j].name, width, mean,
                 percentile(0), percentile(1));
      if (j > 0 && c.differences[j][k].count > 0) {
        const PairedDifference& d = c.differences[j][k];
        const std::string diff =
            fmt::format("{} ± {}", format_kpi_difference(kpi, d.mean), format_kpi_error(kpi, d.se));
        const std::string vrf = std::isinf(d.variance_reduction) ? "inf"
                                : std::isnan(d.variance_reduction)
                                    ? "-"
                                    : fmt::format("{:.1f}", d.variance_reduction);
        const std::string better =
            std::isnan(d.p_better) ? "-" : fmt::format("{:.1f}%", 100 * d.p_better);
        fmt::print(out, "   {:>26} {:>9} {:>8}", diff, better, vrf);
      }
      fmt::print(out, "\n");
    }
  }
  fmt::print(out,
             "\nP(better): share of replications where the scenario beats {} (ties excluded). VRF: "
             "variance of the\n"
             "difference with independent runs over that with common random numbers.\n",
             c.scenarios.front().name);
}

// A stored run, brought back from the catalogue: its model rebuilt from the resolved
// scenario it recorded, its KPIs and inputs by replication, their summaries recomputed.
struct StoredRun {
  CatalogRun row;
  std::unique_ptr<Model> model;
  std::optional<OutcomeTable> table;
  std::vector<KpiResult> kpis;
};

StoredRun load_stored_run(const Catalog& catalog, std::int64_t id) {
  StoredRun run;
  run.row = catalog.run(id);
  if (run.row.status != "ok")
    throw InputError(fmt::format("run {} ended {} ({}): it has no results to compare", id,
                                 run.row.status, run.row.message));
  run.model = std::make_unique<Model>(load_scenario_text(
      run.row.scenario_yaml, fmt::format("{} (run {})", catalog.file().string(), id)));
  run.table = catalog.replications(id, *run.model);
  run.kpis = summarize_kpis(*run.model, *run.table);
  return run;
}

// `rollout compare --run ID --run ID ...`: runs from the catalogue, paired when they share
// seed, replication count and sampling design (their replication i saw the same futures).
int compare_stored_runs(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  const RunOverrides& o = options.overrides;
  if (!options.scenarios.empty())
    throw InputError("compare takes scenario files or --run IDs, not both");
  if (options.runs.size() < 2) throw InputError("compare --run needs two runs or more");
  if (o.replications || o.seed || o.precision || o.report || o.max_replications)
    throw InputError(
        "compare --run compares runs as they were recorded: -n, --seed, --precision, "
        "--max-replications and --report do not apply");
  const Catalog catalog(catalog_path(o.catalog), CatalogAccess::read);
  std::vector<StoredRun> runs;
  for (const std::int64_t id : options.runs)
    runs.push_back(load_stored_run(catalog, id));
  const CatalogRun& first = runs.front().row;
  bool paired = true;
  for (const StoredRun& r : runs)
    paired = paired && r.row.seed == first.seed && r.row.replications == first.replications &&
             r.row.sampling == first.sampling;
  if (!paired)
    fmt::print(err,
               "rollout: warning: the runs do not share seed, replication count and sampling "
               "design, so their replications saw different futures: compared unpaired, without "
               "P(better) and VRF\n");
  std::string ids;
  for (const std::int64_t id : options.runs)
    ids += fmt::format("-{}", id);
  const std::filesystem::path dir =
      options.out.value_or(std::filesystem::path("results") / ("compare-runs" + ids));
  check_replaceable(dir);
  std::vector<ComparedScenario> compared;
  for (const StoredRun& r : runs)
    compared.push_back({r.row.scenario, r.row.scenario_sha256, r.row.output_folder, r.model.get(),
                        &*r.table, r.kpis});
  const Comparison comparison = compare(std::move(compared), paired);
  if (!o.writes) return kExitOk;
  StagedFolder staged(dir);
  const NamedTexts comparison_texts = comparison_files(comparison, first.seed, first.replications);
  staged.add(comparison_texts);
  throw_if_interrupted();
  staged.commit();
  std::string which;
  for (const StoredRun& r : runs)
    which += fmt::format("{}run {} ({}, {})", which.empty() ? "" : ", ", r.row.id, r.row.scenario,
                         r.row.started_at);
  fmt::print(out, "From {}: {}\n", catalog.file().string(), which);
  print_comparison(out, comparison, first.seed, first.replications);
  fmt::print(out, "\nwrote {}: {}\n", dir.string(), file_names(comparison_texts));
  return kExitOk;
}

}  // namespace

int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.runs.empty()) return compare_stored_runs(options, out, err);
  if (options.scenarios.size() < 2)
    throw InputError("compare needs two scenario files or more (or --run ID twice or more)");
  // Load every file first, so a typo in the last one fails before any run.
  std::vector<Scenario> scenarios;
  std::vector<Diagnostic> problems;
  for (const std::string& file : options.scenarios) {
    try {
      scenarios.push_back(load_with_overrides(file, options.overrides));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  const std::optional<ObservationsFile> observed = observations_for(options.observed, scenarios);
  // One seed and one replication count for all: the first scenario's unless given.
  RunOverrides shared = options.overrides;
  shared.seed = shared.seed.value_or(scenarios.front().simulation.seed);
  shared.replications = shared.replications.value_or(
      static_cast<std::size_t>(scenarios.front().simulation.replications));
  const std::filesystem::path dir = options.out.value_or(
      std::filesystem::path("results") / folder_name("compare-" + scenarios.front().name));
  check_replaceable(dir);  // before the runs, not after them
  CatalogRecorder& catalog = *options.overrides.recorder;
  catalog.start("compare", scenarios);

  // All scenarios grow together, so replication i of each is paired with i of the others.
  const RunRequest request = run_request(shared, scenarios, err);
  std::vector<FinishedRun> runs;
  for (SimulatedRun& run :
       simulate_paired(std::move(scenarios), *shared.seed, *shared.replications, request))
    runs.push_back(summarised(std::move(run)));
  const std::optional<PrecisionTarget>& target = request.precision;
  const std::size_t replications = runs.front().info.replications;
  const std::vector<std::string> folders = unique_names(runs);
  std::vector<ComparedScenario> compared;
  for (std::size_t j = 0; j < runs.size(); ++j) {
    const FinishedRun& run = runs[j];
    compared.push_back({run.info.scenario, run.info.scenario_sha256, folders[j], run.model.get(),
                        &*run.table, run.kpis});
  }
  const Comparison comparison = compare(std::move(compared));

  throw_if_interrupted();
  if (!shared.writes) return kExitOk;  // under mpirun: rank 0 writes and prints
  for (std::size_t j = 0; j < runs.size(); ++j)
    catalog.add(runs[j], dir / folders[j]);
  // Its rows are written while the files are made; stopped if they never get written.
  const auto writing = catalog.begin_writing();
  StagedFolder staged(dir);
  std::vector<NamedTexts> files;
  for (std::size_t j = 0; j < runs.size(); ++j) {
    files.push_back(run_output_files(*runs[j].model, *runs[j].table, runs[j].kpis, runs[j].info));
    staged.add(files.back(), folders[j]);
  }
  const NamedTexts comparison_texts = comparison_files(comparison, *shared.seed, replications);
  staged.add(comparison_texts);
  if (observed) staged.add({{std::string(kObservedFile), observed->text}});
  commit_results(staged, options.overrides);
  std::vector<std::string_view> series;
  for (const NamedTexts& f : files)
    series.push_back(series_text(f));
  const std::vector<std::int64_t> recorded = catalog.commit(series);
  print_comparison(out, comparison, *shared.seed, replications);
  if (target)
    fmt::print(out, "\n{} (largest paired difference against {})\n",
               precision_line(runs.front().info), runs.front().info.scenario);
  fmt::print(out, "\nwrote {}: {}, and each scenario's files in its own folder\n", dir.string(),
             file_names(comparison_texts));
  say_report_written(options.overrides, dir, out);
  say_recorded(catalog, recorded, out);
  return kExitOk;
}

RegisteredCommand register_compare_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  auto* command = app.add_subcommand(
      "compare", "Run scenarios with common random numbers; compare each with the first");
  command->add_option("scenarios", options->scenarios, "Scenario files; the first is the reference")
      ->expected(0, -1);
  add_run_id_option(*command, "--run", options->runs,
                    "A run from the catalogue ('rollout runs' lists them), instead of files; give "
                    "two or more, the first is the reference");
  add_run_options(*command, options->overrides);
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/compare-<first name>)");
  add_observed_option(*command, options->observed);
  return running_command(command, options, &compare_command);
}

}  // namespace rollout::cli
