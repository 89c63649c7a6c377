#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <ostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/run_support.hpp"
#include "rollout/analysis/backtest.hpp"
#include "rollout/analysis/backtest_file.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::cli {
namespace {

// A value of an observed metric as people read it: shares as percentages, phones and money
// in millions, counts with thousands separators.
std::string metric_value(const ObservedMetric& metric, double x) {
  if (!std::isfinite(x)) return "";
  if (metric.fraction()) return fmt::format("{:.1f}%", 100 * x);
  if (std::abs(x) >= 1e6) return fmt::format("{:.1f} M", x / 1e6);
  if (std::abs(x) >= 1000 || x == std::floor(x)) return with_commas(x);
  return fmt::format("{:.3g}", x);
}

// A score in the metric's unit: a share's in percentage points.
std::string score_text(const ObservedMetric& metric, double x) {
  if (!std::isfinite(x)) return "-";
  if (metric.fraction()) return fmt::format("{:.2f} pp", 100 * x);
  return metric_value(metric, x);
}

std::string share_text(const BandCoverage& c) {
  const double p = c.tail_probability;
  return fmt::format("{}/{} (p {})", c.inside, c.count,
                     p < 0.001 ? "<.001" : fmt::format("{:.3f}", p).substr(1));
}

void print_backtest(std::ostream& out, const ObservationsFile& observations,
                    std::span<const BacktestOrigin> origins, const BacktestResult& result) {
  const bool several = origins.size() > 1;
  fmt::print(out, "{:<10} {:<26} {:>10} {:>10} {:>10} {:>10} {:>6} {:>4} {:>10}{}\n", "date",
             "metric", "observed", "P5", "P50", "P95", "PIT", "90%", "CRPS",
             several ? "  origin" : "");
  for (const ScoredObservation& s : result.rows) {
    const Observation& row = observations.rows[s.row];
    const ObservedMetric& m = row.metric;
    fmt::print(out, "{:<10} {:<26} {:>10} {:>10} {:>10} {:>10} {:>6.3f} {:>4} {:>10}{}\n", row.date,
               excerpt(m.name(), 26), metric_value(m, row.value), metric_value(m, s.percentiles[0]),
               metric_value(m, s.percentiles[2]), metric_value(m, s.percentiles[4]), s.pit,
               s.inside_90 ? "in" : "OUT", score_text(m, s.crps),
               several ? "  " + origins[s.origin].label : "");
  }
  fmt::print(out,
             "\nCoverage: observations inside the band / all, and the binomial probability of "
             "so few (or so many) inside\n");
  fmt::print(out, "{:<30} {:>4} {:>16} {:>16} {:>8} {:>11} {:>11} {:>7}\n", "metric", "n",
             "50% band", "90% band", "mean PIT", "mean CRPS", "naive CRPS", "skill");
  // Each group's CRPS is in its metric's unit: the metric of its first row.
  auto line = [&](const BacktestSummary& s, const ObservedMetric& metric) {
    fmt::print(out, "{:<30} {:>4} {:>16} {:>16} {:>8.3f} {:>11} {:>11} {:>7}\n",
               excerpt(s.group, 30), s.count, share_text(s.coverage_50), share_text(s.coverage_90),
               s.mean_pit, score_text(metric, s.mean_crps), score_text(metric, s.naive_crps),
               std::isfinite(s.skill) ? fmt::format("{:+.2f}", s.skill) : "-");
  };
  for (const BacktestSummary& s : result.by_group) {
    const auto first = std::find_if(result.rows.begin(), result.rows.end(),
                                    [&](const ScoredObservation& r) { return r.group == s.group; });
    line(s, observations.rows[first->row].metric);
  }
  if (result.by_group.size() > 1) line(result.pooled, ObservedMetric{});
  fmt::print(out,
             "(PIT: the share of replications below the observation, ties broken at random: "
             "about 0.5 on average, and spread evenly, when the model is calibrated. CRPS: in "
             "the metric's unit, lower is better; skill > 0 beats the last value observed "
             "before the start held flat. docs/backtest.md)\n");
}

}  // namespace

int backtest_command(const BacktestOptions& options, std::ostream& out, std::ostream& err) {
  const ObservationsFile observations = read_observations(options.observed);
  // Every replication keeps its series: each one's value at each observed point is scored.
  RunOverrides overrides = options.overrides;
  overrides.series_replications = std::numeric_limits<std::size_t>::max();
  std::vector<Scenario> scenarios;
  for (const std::string& file : options.scenarios)
    scenarios.push_back(load_with_overrides(file, overrides));
  const auto placed = place_observations(observations, scenarios);
  const bool any_scored = std::any_of(placed.begin(), placed.end(), [](const auto& origin) {
    return std::any_of(origin.begin(), origin.end(), [](const PlacedObservation& p) {
      return p.role == ObservationRole::scored;
    });
  });
  if (!any_scored)
    throw InputError(
        fmt::format("{}: every observation lies before the horizon ({} to {}{}): nothing to score",
                    observations.file, scenarios.front().first_calendar_month().text(),
                    scenarios.front().last_calendar_month().text(),
                    scenarios.size() > 1 ? ", and likewise for every other scenario" : ""));
  const std::filesystem::path dir = options.out.value_or(
      std::filesystem::path("results") / folder_name("backtest-" + scenarios.front().name));
  check_replaceable(dir);  // before the runs, not after them

  CatalogRecorder& catalog = *overrides.recorder;
  catalog.start("backtest", scenarios);
  std::vector<FinishedRun> runs;
  std::set<std::string> taken;
  std::vector<std::string> folders;
  for (Scenario& scenario : scenarios) {
    folders.push_back(scenarios.size() > 1 ? unique_folder(scenario.name, taken) : "");
    runs.push_back(run_scenario(std::move(scenario), overrides, err, folders.back()));
    throw_if_interrupted();
  }
  if (!overrides.writes) return kExitOk;  // under mpirun: rank 0 writes and prints

  // Several origins are named by their folders: unique, where two share a scenario name.
  std::vector<BacktestOrigin> origins;
  for (std::size_t o = 0; o < runs.size(); ++o)
    origins.push_back({folders[o].empty() ? runs[o].info.scenario : folders[o], runs[o].model.get(),
                       &*runs[o].table, placed[o]});
  const BacktestResult result = backtest(observations, origins);
  throw_if_interrupted();

  for (std::size_t o = 0; o < runs.size(); ++o)
    catalog.add(runs[o], folders[o].empty() ? dir : dir / folders[o]);
  // Their rows are written while the files are made; stopped if they never get written.
  const auto writing = catalog.begin_writing();
  StagedFolder staged(dir);
  std::vector<std::string> series;  // each run's series.csv, for the catalogue
  for (std::size_t o = 0; o < runs.size(); ++o) {
    const FinishedRun& run = runs[o];
    const NamedTexts files = run_output_files(*run.model, *run.table, run.kpis, run.info);
    series.emplace_back(series_text(files));
    staged.add(files, folders[o]);
  }
  staged.add({{"backtest.csv", backtest_csv(observations, origins, result)},
              {"backtest.json", backtest_file_text(backtest_file(observations, origins, result))},
              {std::string(kObservedFile), observations.text}});
  commit_results(staged, overrides);
  const std::vector<std::int64_t> recorded =
      catalog.commit(std::vector<std::string_view>(series.begin(), series.end()));
  print_backtest(out, observations, origins, result);
  fmt::print(out, "\nwrote {}: backtest.csv, backtest.json, {}, and {}\n", dir.string(),
             kObservedFile,
             origins.size() > 1 ? "each origin's run in its folder" : "the run's files");
  say_report_written(overrides, dir, out);
  say_recorded(catalog, recorded, out);
  return kExitOk;
}

RegisteredCommand register_backtest_command(CLI::App& app) {
  auto options = std::make_shared<BacktestOptions>();
  auto* command = app.add_subcommand(
      "backtest",
      "Score a scenario's forecast against what happened (PIT, band coverage, CRPS); several "
      "scenarios are forecast origins whose scores are pooled");
  command->add_option("scenarios", options->scenarios, "Scenario files, one per forecast origin")
      ->required();
  command
      ->add_option("--observed", options->observed,
                   "Observations file (CSV: date, metric, brand, value, source; docs/backtest.md)")
      ->required();
  add_run_options(*command, options->overrides);
  // A backtest keeps every replication's series: the option that bounds them has no use here.
  command->remove_option(command->get_option("--series-replications"));
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/backtest-<first scenario's name>)");
  return running_command(command, options, &backtest_command);
}

}  // namespace rollout::cli
