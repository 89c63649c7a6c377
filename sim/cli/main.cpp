// The rollout command line: parses arguments, calls the library, maps errors to exit
// statuses. Every error is caught here, once.

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "rollout/error.hpp"

int main(int argc, char** argv) {
  using namespace rollout;
  CLI::App app{"rollout: Monte Carlo simulation of retail-network expansion"};
  app.set_version_flag("--version", std::string("rollout ") + ROLLOUT_VERSION);
  app.require_subcommand(1);

  std::vector<std::string> validate_files;
  auto* validate =
      app.add_subcommand("validate", "Check scenario files; print 'ok FILE' for each valid one");
  validate->add_option("files", validate_files, "Scenario files (YAML)")->required();

  std::string show_file;
  auto* show = app.add_subcommand(
      "show", "Print the fully resolved scenario (extends and defaults applied)");
  show->add_option("file", show_file, "Scenario file (YAML)")->required();

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
