#include <fmt/ostream.h>
#include <ostream>

#include "cli/commands.hpp"
#include "rollout/loader/scenario_loader.hpp"

namespace rollout::cli {

int validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  std::size_t failed = 0;
  for (const std::string& file : files) {
    try {
      load_scenario(file);
      fmt::print(out, "ok {}\n", file);
    } catch (const InputError& e) {
      ++failed;
      for (const Diagnostic& d : e.diagnostics())
        fmt::print(err, "{}\n", d.to_string());
      fmt::print(err, "{}: {} problem{}\n", file, e.diagnostics().size(),
                 e.diagnostics().size() == 1 ? "" : "s");
    }
  }
  if (failed > 0 && files.size() > 1)
    fmt::print(err, "{} of {} files have problems\n", failed, files.size());
  return failed == 0 ? kExitOk : kExitInput;
}

}  // namespace rollout::cli
