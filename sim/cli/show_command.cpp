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

}  // namespace rollout::cli
