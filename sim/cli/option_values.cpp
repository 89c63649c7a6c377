#include "cli/option_values.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>
#include <vector>

#include "common/text_similarity.hpp"

namespace rollout::cli {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Plain digits for a whole number written with thousands separators (1,000 or 1_000, groups of
// three after a first group of one to three digits) or in scientific notation (1e4, 2.5e3,
// exactly whole), or "" when the text is not exactly a whole number. Character checks rather
// than std::regex: g++ 12 warns inside <regex> under the sanitizers, which CI builds with
// warnings as errors.
std::string plain_digits(const std::string& text) {
  if (all_digits(text)) return text;
  for (const char separator : {',', '_'}) {
    const std::size_t first = text.find(separator);
    if (first == std::string::npos || first == 0 || first > 3) continue;
    std::string out = text.substr(0, first);
    if (!all_digits(out)) return "";
    for (std::size_t at = first; at < text.size(); at += 4) {
      if (text[at] != separator || at + 4 > text.size()) return "";
      const std::string_view group = std::string_view(text).substr(at + 1, 3);
      if (!all_digits(group)) return "";
      out += group;
    }
    return out;
  }
  const std::size_t e = text.find_first_of("eE");
  if (e == std::string::npos) return "";
  const std::string_view mantissa = std::string_view(text).substr(0, e);
  std::string_view exponent = std::string_view(text).substr(e + 1);
  if (!exponent.empty() && exponent[0] == '+') exponent.remove_prefix(1);
  const std::size_t point = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, point);
  std::string fraction(point == std::string_view::npos ? "" : mantissa.substr(point + 1));
  if (!all_digits(whole) || (!fraction.empty() && !all_digits(fraction)) || !all_digits(exponent) ||
      exponent.size() > 2)
    return "";
  // m.f e x is whole when the exponent covers the fraction's significant digits.
  while (!fraction.empty() && fraction.back() == '0')
    fraction.pop_back();
  const auto shift = static_cast<std::size_t>(std::stoi(std::string(exponent)));
  if (shift < fraction.size()) return "";
  std::string out = std::string(whole) + fraction + std::string(shift - fraction.size(), '0');
  out.erase(0, std::min(out.find_first_not_of('0'), out.size() - 1));
  return out;
}

}  // namespace

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = fmt::format("{} to {}", fmt::group_digits(min), fmt::group_digits(max));
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        const std::string digits = plain_digits(text);  // digits only, or ""
        if (digits.empty())
          return fmt::format("'{}' is not a whole number (write e.g. 10000, 10,000 or 1e4)", text);
        // Only a value past 2^64 - 1 can fail to convert.
        std::uint64_t value = 0;
        const auto [stop, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || value < min || value > max)
          return fmt::format("{} is outside {}", text, range);
        text = digits;
        return "";
      },
      fmt::format("whole number, {}", range));
}

std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& error, int argc,
                                char** argv) {
  const CLI::App* command = nullptr;
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
    if (sub->parsed()) command = sub;
  }
  if (command == nullptr) {
    // The first word that is not an option names the command.
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      if (word.empty() || word[0] == '-') continue;
      const std::optional<std::string> near = closest_match(word, commands);
      return fmt::format("unknown command '{}'{}\nRun 'rollout --help' for the commands.", word,
                         near ? fmt::format("; did you mean '{}'?", *near) : "");
    }
    return fmt::format("{}\nRun 'rollout --help' for usage.", error.what());
  }
  const std::string help =
      fmt::format("Run 'rollout {} --help' for its options.", command->get_name());
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    std::vector<std::string> names;
    for (const CLI::Option* option : command->get_options()) {
      for (const std::string& name : option->get_lnames())
        names.push_back("--" + name);
      for (const std::string& name : option->get_snames())
        names.push_back("-" + name);
    }
    for (const std::string& extra : command->remaining()) {
      if (extra.size() < 2 || extra[0] != '-') continue;
      const std::string flag = extra.substr(0, extra.find('='));
      const std::optional<std::string> near = closest_match(flag, names);
      return fmt::format("unknown option '{}' for 'rollout {}'{}\n{}", flag, command->get_name(),
                         near ? fmt::format("; did you mean '{}'?", *near) : "", help);
    }
  }
  return fmt::format("{}\n{}", error.what(), help);
}

void name_option_values(CLI::App& app) {
  // By the argument's name: positionals and options alike, across commands.
  static const std::map<std::string, std::string, std::less<>> names{
      {"scenario", "FILE"},       {"scenarios", "FILE"},
      {"file", "FILE"},           {"files", "FILE"},
      {"folder", "DIR"},          {"--out", "DIR"},
      {"--observed", "FILE"},     {"--precision", "KPI=HALFWIDTH"},
      {"--when", "CONDITION"},    {"--kpi", "KPI"},
      {"--kpis", "KPI"},          {"--peel", "SHARE"},
      {"--min-support", "SHARE"}, {"--box", "N"}};
  for (CLI::App* command : app.get_subcommands({})) {
    for (CLI::Option* option : command->get_options()) {
      const auto found = names.find(option->get_name());
      if (found != names.end()) option->type_name(found->second);
    }
  }
}

}  // namespace rollout::cli
