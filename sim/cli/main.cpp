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
#include <string>

#include "cli/commands.hpp"
#include "cli/cpu_check.hpp"
#include "cli/interrupt.hpp"
#include "cli/option_values.hpp"
#include "rollout/common/error.hpp"
#include "rollout/common/version.hpp"
#include "rollout/run/process_group.hpp"

namespace {

// Under mpirun every process runs the command; rank 0 alone prints (and writes files).
struct Streams {
  std::ostream& out;
  std::ostream& err;
};

int run_main(int argc, char** argv, const rollout::ProcessGroup* group, Streams io);

// The command as typed, for the catalogue: arguments joined by spaces, each one that a
// shell would split or expand in single quotes.
std::string command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = i == 0 ? "rollout" : argv[i];
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789-_./=:,@+%") == std::string::npos;
    std::string quoted = "'";
    for (const char c : arg)
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += (i == 0 ? "" : " ") + (plain ? arg : quoted + "'");
  }
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rollout;
  if (const char* missing = cli::missing_instruction_set()) {
    std::cerr << "rollout: this processor lacks " << missing
              << ", which this build of rollout uses; rebuild with -DROLLOUT_ARCH=x86-64-v3 "
                 "(the default, for AVX2 without AVX-512) or x86-64 (for neither; "
                 "docs/design.md)\n";
    return cli::kExitInternal;
  }
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
  // Each command registers its own options (docs/cli.md); in the order --help lists them.
  const std::vector<cli::RegisteredCommand> commands{
      cli::register_run_command(app),         cli::register_compare_command(app),
      cli::register_sweep_command(app),       cli::register_batch_command(app),
      cli::register_sensitivity_command(app), cli::register_discover_command(app),
      cli::register_validate_command(app),    cli::register_schema_command(app),
      cli::register_show_command(app),        cli::register_report_command(app),
      cli::register_runs_command(app),        cli::register_backtest_command(app),
      cli::register_optimize_command(app)};
  cli::name_option_values(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, out, err);
    err << "rollout: " << cli::explain_parse_error(app, e, argc, argv) << '\n';
    return cli::kExitInput;
  }

  const bool writes = group == nullptr || group->rank() == 0;
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
    const cli::CommandContext context{out, err, group, writes, command_line(argc, argv)};
    for (const cli::RegisteredCommand& command : commands)
      if (command.subcommand->parsed()) return command.run(context);
    return cli::kExitInput;
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      err << d.to_string() << '\n';
    err << fmt::format("rollout: {} problem{} found\n", e.diagnostics().size(),
                       e.diagnostics().size() == 1 ? "" : "s");
    return cli::kExitInput;
  } catch (const Interrupted& e) {
    const std::optional<double> latency = cli::milliseconds_since_signal();
    err << fmt::format(
        "\nrollout: interrupted by {}; no results were written{}\n",
        e.signal_number() == SIGTERM ? "SIGTERM" : "SIGINT",
        latency ? fmt::format(" (stopped {:.0f} ms after the signal)", *latency) : std::string());
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
