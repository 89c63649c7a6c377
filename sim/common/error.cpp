#include "rollout/common/error.hpp"

#include <fmt/format.h>

namespace rollout {

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  const std::size_t line_end = text.find_first_of("\r\n");
  bool cut = line_end != std::string_view::npos;
  std::string_view shown = text.substr(0, line_end);
  if (shown.size() > max_bytes) {
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(shown[end]) & 0xC0) == 0x80)
      --end;  // shown[end] would continue the character before it
    shown = shown.substr(0, end);
    cut = true;
  }
  return cut ? std::string(shown) + "..." : std::string(shown);
}

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
