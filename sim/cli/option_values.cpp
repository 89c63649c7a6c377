#include "cli/option_values.hpp"

#include <fmt/format.h>
#include <charconv>
#include <regex>
#include <vector>

#include "common/text_similarity.hpp"

namespace rollout::cli {
namespace {

// Plain digits for a whole number written with thousands separators or in scientific
// notation, or "" when the text is not exactly a whole number.
std::string plain_digits(const std::string& text) {
  static const std::regex digits("[0-9]+");
  static const std::regex grouped("[0-9]{1,3}(([,_])[0-9]{3})(\\2[0-9]{3})*");
  static const std::regex scientific("([0-9]+)(?:\\.([0-9]*))?[eE]\\+?([0-9]{1,2})");
  std::smatch match;
  if (std::regex_match(text, digits)) return text;
  if (std::regex_match(text, grouped)) {
    std::string out;
    for (char c : text)
      if (c != ',' && c != '_') out += c;
    return out;
  }
  if (std::regex_match(text, match, scientific)) {
    // m.f e x is whole when the exponent covers the fraction's significant digits.
    std::string fraction = match[2].str();
    while (!fraction.empty() && fraction.back() == '0')
      fraction.pop_back();
    const int exponent = std::stoi(match[3].str());
    if (exponent < static_cast<int>(fraction.size())) return "";
    std::string out = match[1].str() + fraction +
                      std::string(static_cast<std::size_t>(exponent) - fraction.size(), '0');
    out.erase(0, std::min(out.find_first_not_of('0'), out.size() - 1));
    return out;
  }
  return "";
}

}  // namespace

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = fmt::format("{} to {}", fmt::group_digits(min), fmt::group_digits(max));
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        const std::string digits = plain_digits(text);
        std::uint64_t value = 0;
        const char* end = digits.data() + digits.size();
        const auto [stop, ec] = std::from_chars(digits.data(), end, value);
        if (digits.empty() || (ec != std::errc() && ec != std::errc::result_out_of_range) ||
            stop != end)
          return fmt::format("'{}' is not a whole number (write e.g. 10000, 10,000 or 1e4)", text);
        if (ec == std::errc::result_out_of_range || value < min || value > max)
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

}  // namespace rollout::cli
