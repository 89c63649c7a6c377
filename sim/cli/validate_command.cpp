#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "rollout/loader/optimization_file.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/loader/scenario_schema.hpp"
#include "rollout/loader/sweep_file.hpp"

namespace rollout::cli {

int validate_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  std::size_t failed = 0;
  for (const std::string& file : files) {
    try {
      if (has_optimize_block(file)) {
        // An optimisation: its base scenario and each variable at both ends of its range.
        const OptimizationProblem problem = load_optimization(file);
        fmt::print(out,
                   "ok {} (an optimisation of {} variable{}; run it with 'rollout optimize {}')\n",
                   file, problem.variables.size(), problem.variables.size() == 1 ? "" : "s", file);
      } else if (has_sweep_block(file)) {
        // A sweep: its base scenario and every combination, each validated like a scenario.
        const SweepPlan sweep = load_sweep(file);
        fmt::print(out, "ok {} (a sweep of {} combinations; run it with 'rollout sweep {}')\n",
                   file, sweep.scenarios.size(), file);
      } else {
        load_scenario(file);
        fmt::print(out, "ok {}\n", file);
      }
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

RegisteredCommand register_validate_command(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto* command = app.add_subcommand(
      "validate",
      "Check scenario, sweep and optimisation files; print 'ok FILE' for each valid one");
  command->add_option("files", *files, "Scenario, sweep or optimisation files (YAML)")->required();
  return {command, [files](const CommandContext& context) {
            return validate_command(*files, context.out, context.err);
          }};
}

// The JSON Schema of the scenario format (or of a sweep or optimisation file of its own),
// on standard output: editors read it through yaml-language-server (docs/scenarios.md).
RegisteredCommand register_schema_command(CLI::App& app) {
  auto document = std::make_shared<std::string>("scenario");
  auto* command = app.add_subcommand(
      "schema", "Print the JSON Schema of scenario files, for editors (docs/scenarios.md)");
  command
      ->add_option("--for", *document,
                   "Which file: scenario (default), or a sweep or optimize file of its own")
      ->check(CLI::IsMember({"scenario", "sweep", "optimize"}));
  return {command, [document](const CommandContext& context) {
            const SchemaDocument which = *document == "sweep"      ? SchemaDocument::sweep
                                         : *document == "optimize" ? SchemaDocument::optimize
                                                                   : SchemaDocument::scenario;
            context.out << scenario_json_schema(which);
            return kExitOk;
          }};
}

}  // namespace rollout::cli
