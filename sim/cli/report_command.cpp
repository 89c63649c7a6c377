#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

#include "cli/commands.hpp"
#include "rollout/report/report.hpp"

namespace rollout::cli {

int report_command(const std::filesystem::path& dir, std::ostream& out) {
  const ReportKind kind = detect_report_kind(dir);
  fmt::print(out, "wrote {} ({} report)\n", write_report(dir).string(), to_string(kind));
  return kExitOk;
}

}  // namespace rollout::cli
