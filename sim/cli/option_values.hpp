#pragma once
// Command-line values as people write them, and parse errors that say what to type instead
// (docs/cli.md, "Numbers and mistakes").

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace rollout::cli {

// A CLI11 transform for counts: accepts 10000, 10,000, 10_000 and 1e4 (exactly a whole number),
// rewrites them as plain digits, and checks min <= value <= max. Anything else is refused as
// "not a whole number", a whole number outside the bounds as out of range.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// Gives every argument that would show CLI11's type jargon in --help (TEXT, UINT, FLOAT)
// a name that says what to type (FILE, DIR, KPI=HALFWIDTH, CONDITION, SHARE, N), from one
// table; called once all commands are registered.
void name_option_values(CLI::App& app);

// The message for a parse error: an unknown command or option with the closest known one
// ("unknown command 'rn'; did you mean 'run'?"), and which --help to read.
std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& error, int argc,
                                char** argv);

}  // namespace rollout::cli
