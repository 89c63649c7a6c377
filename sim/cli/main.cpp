// The rollout command line: parses arguments, calls the library, maps errors to exit
// statuses. Every error is caught here, once.

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <limits>
#include <memory>
#include <new>
#include <sstream>

#include "cli/commands.hpp"
#include "rollout/common/error.hpp"
#include "rollout/common/version.hpp"
#include "rollout/run/process_group.hpp"

namespace {

// The options every running command takes.
void add_run_options(CLI::App& command, rollout::cli::RunOverrides& overrides) {
  command
      .add_option("--replications,-n", overrides.replications,
                  "Number of replications (default: the scenario's)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  // Read as text and converted exactly: CLI11 turns "-1" and 2^64 into 2^64 - 1.
  command
      .add_option_function<std::string>(
          "--seed",
          [&overrides](const std::string& text) {
            std::uint64_t seed = 0;
            const char* end = text.data() + text.size();
            const auto [stop, ec] = std::from_chars(text.data(), end, seed);
            if (ec != std::errc() || stop != end)
              throw CLI::ValidationError(
                  "--seed",
                  fmt::format("'{}' is not a whole number from 0 to {}", rollout::excerpt(text),
                              std::numeric_limits<std::uint64_t>::max()));
            overrides.seed = seed;
          },
          "Random seed, a whole number from 0 to 2^64 - 1 (default: the scenario's)")
      ->type_name("SEED");
  command.add_option("--threads,-j", overrides.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  command.add_flag("--quiet,-q", overrides.quiet, "No progress display");
  command.add_flag("--report", overrides.report,
                   "Also write report.html, a self-contained HTML report, into the output folder");
  command.add_option(
      "--precision", overrides.precision,
      "Add replications in blocks of 1,000 until the KPI's 95% half-width is below this, e.g. "
      "target_by_deadline=0.01");
  command
      .add_option("--max-replications", overrides.max_replications,
                  "Bound on replications with --precision (default 100,000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  command
      .add_option("--series-replications", overrides.series_replications,
                  "Series over time (series.csv, regions.csv, region_series.csv) from the first N "
                  "replications; "
                  "KPIs always from all (default 100,000: bounds memory in runs of millions)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
}

// Under mpirun every process runs the command; rank 0 alone prints (and writes files).
struct Streams {
  std::ostream& out;
  std::ostream& err;
};

int run_main(int argc, char** argv, const rollout::ProcessGroup* group, Streams io);

}  // namespace

int main(int argc, char** argv) {
  using namespace rollout;
  // Past a file-size limit (ulimit -f) the kernel would kill us without a word; ignored,
  // the write fails with EFBIG and the writer reports it like any failed write.
  std::signal(SIGXFSZ, SIG_IGN);
  std::unique_ptr<ProcessGroup> group;
  try {
    group = join_mpi_job_if_launched(argc, argv);
  } catch (const InputError& e) {
    std::cerr << "rollout: " << e.what() << '\n';
    return cli::kExitInput;
  }
  if (group == nullptr || group->rank() == 0)
    return run_main(argc, argv, group.get(), Streams{std::cout, std::cerr});
  std::ostringstream discarded_out, discarded_err;
  return run_main(argc, argv, group.get(), Streams{discarded_out, discarded_err});
}

namespace {

int run_main(int argc, char** argv, const rollout::ProcessGroup* group, Streams io) {
  using namespace rollout;
  std::ostream& out = io.out;
  std::ostream& err = io.err;
  CLI::App app{"rollout: Monte Carlo simulation of retail-network expansion"};
  app.set_version_flag("--version", "rollout " + version());
  app.require_subcommand(1);

  cli::RunOptions run_options;
  auto* run =
      app.add_subcommand("run", "Run a scenario's Monte Carlo replications and write the results");
  run->add_option("scenario", run_options.scenario, "Scenario file (YAML)")->required();
  add_run_options(*run, run_options.overrides);
  run->add_option("--out,-o", run_options.out, "Output folder (default: results/<scenario name>)");

  cli::CompareOptions compare_options;
  auto* compare = app.add_subcommand(
      "compare", "Run scenarios with common random numbers; compare each with the first");
  compare
      ->add_option("scenarios", compare_options.scenarios,
                   "Scenario files; the first is the reference")
      ->required()
      ->expected(2, -1);
  add_run_options(*compare, compare_options.overrides);
  compare->add_option("--out,-o", compare_options.out,
                      "Output folder (default: results/compare-<first name>)");

  cli::SweepOptions sweep_options;
  auto* sweep = app.add_subcommand(
      "sweep", "Run every combination of lever values with common random numbers");
  sweep->add_option("file", sweep_options.file, "A sweep file, or a scenario with a sweep: block")
      ->required();
  add_run_options(*sweep, sweep_options.overrides);
  sweep->add_option("--out,-o", sweep_options.out,
                    "Output folder (default: results/sweep-<scenario name>)");

  cli::BatchOptions batch_options;
  auto* batch = app.add_subcommand(
      "batch", "Run many scenarios, each into its own folder, indexed in batch.csv");
  batch->add_option("scenarios", batch_options.scenarios, "Scenario files")->required();
  add_run_options(*batch, batch_options.overrides);
  batch->add_option("--out,-o", batch_options.out, "Output folder")->required();

  cli::SensitivityCommandOptions sensitivity_options;
  auto* sensitivity = app.add_subcommand(
      "sensitivity",
      "Which uncertain inputs drive the KPIs: rank measures, tornado, Sobol' indices");
  sensitivity->add_option("scenario", sensitivity_options.scenario, "Scenario file (YAML)")
      ->required();
  add_run_options(*sensitivity, sensitivity_options.overrides);
  sensitivity->add_option("--out,-o", sensitivity_options.out,
                          "Output folder (default: results/sensitivity-<scenario name>)");
  sensitivity
      ->add_option("--kpis", sensitivity_options.kpis,
                   "KPIs to analyse, comma-separated, or 'all' (default: target_by_deadline, "
                   "stores_end, offline_mix_end, market_share_end, units_per_store_end, "
                   "global_share_end)")
      ->delimiter(',');
  sensitivity->add_flag("--no-tornado", sensitivity_options.no_tornado,
                        "Skip the tornado (two runs per uncertain input)");
  sensitivity
      ->add_option("--tornado-replications", sensitivity_options.tornado_replications,
                   "Replications per tornado bar end (default 1,000)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{10'000'000}));
  sensitivity
      ->add_option("--sobol", sensitivity_options.sobol_rows,
                   "Sobol' indices from a Saltelli design of N rows: N x (inputs + 3) replications")
      ->check(CLI::Range(std::size_t{10}, std::size_t{10'000'000}));
  sensitivity
      ->add_option("--bootstrap", sensitivity_options.bootstrap,
                   "Bootstrap resamples for the Sobol' intervals (default 500)")
      ->check(CLI::Range(std::size_t{10}, std::size_t{100'000}));
  sensitivity
      ->add_option("--top", sensitivity_options.top,
                   "Inputs shown per KPI (default 10; files have all)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));

  cli::DiscoverOptions discover_options;
  auto* discover = app.add_subcommand(
      "discover", "Scenario discovery (PRIM): input ranges where a KPI condition concentrates");
  discover->add_option("scenario", discover_options.scenario, "Scenario file (YAML)")->required();
  add_run_options(*discover, discover_options.overrides);
  discover->add_option("--out,-o", discover_options.out,
                       "Output folder (default: results/discover-<scenario name>)");
  discover
      ->add_option("--when", discover_options.when,
                   "The condition, e.g. 'target_by_deadline == 0' or 'global_rank_end > 2'")
      ->required();
  discover->add_option("--kpi", discover_options.kpi,
                       "The KPI, when --when gives only the comparison ('< 0.5')");
  discover
      ->add_option("--peel", discover_options.peel,
                   "Share of the box's replications peeled per step (default 0.05)")
      ->check(CLI::Range(0.001, 0.49));
  discover
      ->add_option("--min-support", discover_options.min_support,
                   "Stop before a box holds less than this share of replications (default 0.05)")
      ->check(CLI::Range(0.001, 0.999));
  discover->add_option("--box", discover_options.box,
                       "The box of the trajectory to describe (default: the densest box that "
                       "still holds half of the replications meeting the condition)");

  std::vector<std::string> validate_files;
  auto* validate =
      app.add_subcommand("validate", "Check scenario files; print 'ok FILE' for each valid one");
  validate->add_option("files", validate_files, "Scenario files (YAML)")->required();

  std::string show_file;
  auto* show = app.add_subcommand(
      "show", "Print the fully resolved scenario (extends and defaults applied)");
  show->add_option("file", show_file, "Scenario file (YAML)")->required();

  std::string report_dir;
  auto* report = app.add_subcommand(
      "report",
      "Write report.html (self-contained HTML) from a run, compare, sweep or sensitivity folder");
  report->add_option("folder", report_dir, "Results folder")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, out, err);
    err << "rollout: " << e.what() << "\nRun 'rollout --help' for usage.\n";
    return cli::kExitInput;
  }

  const bool writes = group == nullptr || group->rank() == 0;
  for (cli::RunOverrides* o :
       {&run_options.overrides, &compare_options.overrides, &sweep_options.overrides,
        &batch_options.overrides, &sensitivity_options.overrides, &discover_options.overrides}) {
    o->group = group;
    o->writes = writes;
  }
  // A failure only one process can have (a bug, memory) must end the whole MPI job, or
  // the others would wait for it forever; bad input and interrupts reach every process.
  auto fail_alone = [group, writes, &err](int code, const char* what) {
    if (group == nullptr || group->size() == 1) return code;
    if (!writes) std::cerr << fmt::format("rollout (process {}): {}\n", group->rank(), what);
    err.flush();
    group->abort(code);
    return code;  // not reached: abort ends the process
  };
  try {
    if (*run) return cli::run_command(run_options, out, err);
    if (*compare) return cli::compare_command(compare_options, out, err);
    if (*sweep) return cli::sweep_command(sweep_options, out, err);
    if (*batch) return cli::batch_command(batch_options, out, err);
    if (*sensitivity) return cli::sensitivity_command(sensitivity_options, out, err);
    if (*discover) return cli::discover_command(discover_options, out, err);
    if (*validate) return cli::validate_command(validate_files, out, err);
    if (*show) return cli::show_command(show_file, out);
    if (*report) return cli::report_command(report_dir, out);
    return cli::kExitInput;
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      err << d.to_string() << '\n';
    err << fmt::format("rollout: {} problem{} found\n", e.diagnostics().size(),
                       e.diagnostics().size() == 1 ? "" : "s");
    return cli::kExitInput;
  } catch (const Interrupted& e) {
    err << fmt::format("\nrollout: interrupted by {}; no results were written\n",
                       e.signal_number() == SIGTERM ? "SIGTERM" : "SIGINT");
    return 128 + e.signal_number();
  } catch (const InternalError& e) {
    err << "rollout: internal error (please report it): " << e.what() << '\n';
    return fail_alone(cli::kExitInternal, e.what());
  } catch (const std::bad_alloc&) {
    // check_memory refuses what would not fit before anything runs; this is what it
    // cannot foresee (another process's use, the output files' texts).
    const char* message =
        "out of memory: this run needs more than the process may use; run fewer replications, "
        "keep series for fewer (--series-replications), or raise the limit (ulimit -v)";
    err << "rollout: " << message << '\n';
    return fail_alone(cli::kExitInternal, message);
  } catch (const std::exception& e) {
    err << "rollout: " << e.what() << '\n';
    return fail_alone(cli::kExitInternal, e.what());
  }
}

}  // namespace
