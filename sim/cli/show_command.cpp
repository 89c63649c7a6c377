#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/loader/scenario_writer.hpp"

namespace rollout::cli {

int show_command(const std::string& file, std::ostream& out) {
  out << "# " << file << ", resolved: extends merged, defaults filled in, regions inline\n"
      << to_yaml(load_scenario(file));
  return kExitOk;
}

RegisteredCommand register_show_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto* command = app.add_subcommand(
      "show", "Print the fully resolved scenario (extends and defaults applied)");
  command->add_option("file", *file, "Scenario file (YAML)")->required();
  return {command,
          [file](const CommandContext& context) { return show_command(*file, context.out); }};
}

}  // namespace rollout::cli
