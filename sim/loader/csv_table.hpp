#pragma once
// A small CSV reader (RFC 4180: commas, double quotes, "" inside quotes) that keeps the
// line and column of every field. Debian's libcsv parses CSV but reports no positions,
// and error messages must point at the offending cell, so this is written here.

#include <optional>
#include <string>
#include <vector>

#include "loader/diagnostics.hpp"

namespace rollout::loader {

struct CsvField {
  std::string text;
  int line = 0;
  int column = 0;
};

struct CsvTable {
  std::string file;
  std::vector<CsvField> header;
  std::vector<std::vector<CsvField>> rows;
};

// Parses CSV text; problems (unterminated quote, ragged rows) go to `diagnostics`.
std::optional<CsvTable> parse_csv(const std::string& text, const std::string& file,
                                  Diagnostics& diagnostics);

}  // namespace rollout::loader
