#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "rollout/report/report.hpp"

namespace rollout::cli {

int report_command(const std::filesystem::path& dir, std::ostream& out) {
  const ReportKind kind = detect_report_kind(dir);
  fmt::print(out, "wrote {} ({} report)\n", write_report(dir).string(), to_string(kind));
  return kExitOk;
}

RegisteredCommand register_report_command(CLI::App& app) {
  auto folder = std::make_shared<std::string>();
  auto* command = app.add_subcommand(
      "report",
      "Write report.html (self-contained HTML) from a run, compare, sweep or sensitivity folder");
  command->add_option("folder", *folder, "Results folder")->required();
  return {command,
          [folder](const CommandContext& context) { return report_command(*folder, context.out); }};
}

}  // namespace rollout::cli
