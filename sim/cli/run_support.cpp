#include "cli/run_support.hpp"

#include "cli/interrupt.hpp"
#include "rollout/report/report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>
#include <chrono>
#include <ostream>

#include "rollout/common/version.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/loader/scenario_writer.hpp"
#include "rollout/run/runner.hpp"

namespace rollout::cli {

Scenario load_with_overrides(const std::string& path, const RunOverrides& overrides) {
  Scenario scenario = load_scenario(path);
  if (overrides.replications)
    scenario.simulation.replications = static_cast<std::int64_t>(*overrides.replications);
  if (overrides.seed) scenario.simulation.seed = *overrides.seed;
  return scenario;
}

void require_reported(Kpi kpi, const Scenario& scenario, std::string_view asked_by) {
  const std::string why = unreported_reason(kpi, scenario.economics.has_value());
  if (!why.empty())
    throw InputError(fmt::format("{}: {}, and {} has none", asked_by, why, scenario.name));
}

std::optional<PrecisionTarget> precision_target(const RunOverrides& overrides,
                                                std::span<const Scenario> scenarios) {
  if (!overrides.precision) {
    if (overrides.max_replications)
      throw InputError("--max-replications applies only with --precision");
    return std::nullopt;
  }
  PrecisionTarget target = parse_precision(*overrides.precision);
  if (overrides.max_replications) target.max_replications = *overrides.max_replications;
  for (const Scenario& s : scenarios)
    require_reported(target.kpi, s, "--precision");
  return target;
}

FinishedRun start_run(Scenario scenario, const RunOverrides& overrides) {
  FinishedRun run;
  run.info.scenario = scenario.name;
  run.info.scenario_sha256 = sha256_hex(to_yaml(scenario));
  run.info.seed = scenario.simulation.seed;
  run.info.threads = overrides.threads.value_or(default_threads());
  run.info.processes = overrides.group != nullptr ? overrides.group->size() : 1;
  run.info.version = version();
  run.model = std::make_unique<Model>(std::move(scenario));
  return run;
}

void extend_run(FinishedRun& run, std::size_t count, const RunOverrides& overrides,
                std::ostream& err, const std::string& label) {
  if (run.table && run.model->scenario().simulation.sampling == Sampling::lhs) {
    throw InputError(fmt::format(
        "{} uses sampling: lhs, whose design is fixed by the replication count, so it cannot "
        "grow block by block for --precision; use sampling random or sobol, or a fixed "
        "--replications",
        run.model->scenario().name));
  }
  RunSettings settings;
  settings.replications = count;
  settings.first_replication = run.table ? run.table->replications() : 0;
  settings.threads = run.info.threads;
  settings.group = overrides.group;
  settings.series_below = overrides.series_replications;
  settings.stop = &interrupt_flag();
  // Progress only where a person watches: stderr is a terminal and not --quiet.
  if (!overrides.quiet && ::isatty(STDERR_FILENO)) {
    const std::size_t before = settings.first_replication;
    settings.on_progress = [&err, &label, before](std::size_t done, std::size_t total) {
      fmt::print(err, "\r  {}{} / {} replications", label.empty() ? "" : label + ": ",
                 before + done, before + total);
      if (done == total) fmt::print(err, "\r{:70}\r", "");
      err.flush();
    };
  }
  OutcomeTable more = run_replications(*run.model, settings);
  if (run.table) {
    run.table->append(more);
  } else {
    run.table.emplace(std::move(more));
  }
  run.info.replications = run.table->replications();
  run.info.series_replications = run.table->series_replications();
}

void finish_run(FinishedRun& run, double wall_seconds) {
  run.kpis = summarize_kpis(*run.model, *run.table);
  run.info.correlations = achieved_correlations(*run.model, *run.table);
  run.info.wall_seconds = wall_seconds;
}

PrecisionResult grow_to_precision(const PrecisionTarget& target,
                                  const std::function<std::size_t()>& done,
                                  const std::function<void(std::size_t)>& extend,
                                  const std::function<double()>& measure) {
  double achieved = 0;
  do {
    extend(std::min(target.block, target.max_replications - done()));
    achieved = measure();
  } while (achieved > target.half_width && done() < target.max_replications);
  return PrecisionResult{info(target.kpi).name, target.half_width, achieved,
                         achieved <= target.half_width};
}

FinishedRun run_scenario(Scenario scenario, const RunOverrides& overrides, std::ostream& err,
                         const std::string& label) {
  const auto start = std::chrono::steady_clock::now();
  const std::optional<PrecisionTarget> target =
      precision_target(overrides, std::span<const Scenario>(&scenario, 1));
  const auto planned = static_cast<std::size_t>(scenario.simulation.replications);
  FinishedRun run = start_run(std::move(scenario), overrides);
  check_memory(*run.model, target ? target->max_replications : planned, 1,
               overrides.series_replications);
  if (!target) {
    extend_run(run, planned, overrides, err, label);
  } else {
    run.info.precision = grow_to_precision(
        *target, [&run] { return run.info.replications; },
        [&](std::size_t count) { extend_run(run, count, overrides, err, label); },
        [&run, &target] { return half_width(*run.table, target->kpi); });
  }
  throw_if_interrupted();
  finish_run(run, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return run;
}

std::string unique_folder(const std::string& name, std::set<std::string>& taken) {
  const std::string base = folder_name(name);
  std::string folder = base;
  for (int n = 2; taken.count(folder) > 0; ++n)
    folder = fmt::format("{}-{}", base, n);
  taken.insert(folder);
  return folder;
}

std::string precision_line(const RunInfo& info) {
  if (!info.precision) return "";
  const PrecisionResult& p = *info.precision;
  if (p.reached) {
    return fmt::format("precision: {} 95% half-width {:.4g} <= {:.4g} after {} replications", p.kpi,
                       p.achieved, p.target, info.replications);
  }
  return fmt::format(
      "precision NOT reached: {} 95% half-width {:.4g} > {:.4g} at the bound of {} replications "
      "(raise --max-replications)",
      p.kpi, p.achieved, p.target, info.replications);
}

void commit_results(StagedFolder& staged, const RunOverrides& overrides,
                    const std::string& subfolder) {
  if (overrides.report) {
    const std::filesystem::path folder =
        subfolder.empty() ? staged.staging() : staged.staging() / subfolder;
    staged.add({{"report.html", report_html(folder)}}, subfolder);
  }
  if (!subfolder.empty()) return;
  throw_if_interrupted();  // a signal while the results were summarised or written
  staged.commit();
}

void say_report_written(const RunOverrides& overrides, const std::filesystem::path& dir,
                        std::ostream& out) {
  if (overrides.report) fmt::print(out, "wrote {}\n", (dir / "report.html").string());
}

}  // namespace rollout::cli
