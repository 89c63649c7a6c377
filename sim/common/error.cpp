#include "rollout/common/error.hpp"

#include <fmt/format.h>

namespace rollout {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out = where.line > 0 ? fmt::format("{}:{}:{}: ", where.file, where.line, where.column)
                         : fmt::format("{}: ", where.file);
  }
  if (!path.empty()) out += path + ": ";
  return out + message;
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.to_string();
  }
  return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(const std::string& message) : std::runtime_error(message) {
  Diagnostic d;
  d.message = message;
  diagnostics_.push_back(std::move(d));
}

}  // namespace rollout
