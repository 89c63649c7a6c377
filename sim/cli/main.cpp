// The rollout command line: parses arguments, calls the library, maps errors to exit
// statuses. Every error is caught here, once.

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "rollout/error.hpp"
#include "rollout/version.hpp"

int main(int argc, char** argv) {
  using namespace rollout;
  CLI::App app{"rollout: Monte Carlo simulation of retail-network expansion"};
  app.set_version_flag("--version", "rollout " + version());
  app.require_subcommand(1);

  std::vector<std::string> validate_files;
  auto* validate =
      app.add_subcommand("validate", "Check scenario files; print 'ok FILE' for each valid one");
  validate->add_option("files", validate_files, "Scenario files (YAML)")->required();

  std::string show_file;
  auto* show = app.add_subcommand(
      "show", "Print the fully resolved scenario (extends and defaults applied)");
  show->add_option("file", show_file, "Scenario file (YAML)")->required();

  cli::RunOptions run_options;
  auto* run =
      app.add_subcommand("run", "Run a scenario's Monte Carlo replications and write the results");
  run->add_option("scenario", run_options.scenario, "Scenario file (YAML)")->required();
  run->add_option("--replications,-n", run_options.replications,
                  "Number of replications (default: the scenario's)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  run->add_option("--seed", run_options.seed, "Random seed (default: the scenario's)");
  run->add_option("--threads,-j", run_options.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  run->add_option("--out,-o", run_options.out, "Output folder (default: results/<scenario name>)");
  run->add_flag("--quiet,-q", run_options.quiet, "No progress display");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "rollout: " << e.what() << "\nRun 'rollout --help' for usage.\n";
    return cli::kExitInput;
  }

  try {
    if (*validate) return cli::validate_command(validate_files, std::cout, std::cerr);
    if (*show) return cli::show_command(show_file, std::cout);
    if (*run) return cli::run_command(run_options, std::cout, std::cerr);
    return cli::kExitInput;
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      std::cerr << d.to_string() << '\n';
    std::cerr << fmt::format("rollout: {} problem{} found\n", e.diagnostics().size(),
                             e.diagnostics().size() == 1 ? "" : "s");
    return cli::kExitInput;
  } catch (const InternalError& e) {
    std::cerr << "rollout: internal error (please report it): " << e.what() << '\n';
    return cli::kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "rollout: " << e.what() << '\n';
    return cli::kExitInternal;
  }
}
