#include "loader/csv_table.hpp"

#include <fmt/format.h>

namespace rollout::loader {

std::optional<CsvTable> parse_csv(const std::string& text, const std::string& file,
                                  Diagnostics& diagnostics) {
  std::vector<std::vector<CsvField>> records;
  std::vector<CsvField> record;
  CsvField field;
  int line = 1, column = 1;
  bool in_quotes = false, field_started = false;
  std::size_t i = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // UTF-8 byte-order mark
  auto end_field = [&] {
    record.push_back(field);
    field = CsvField{};
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line is not a record.
    if (!(record.size() == 1 && record[0].text.empty())) records.push_back(std::move(record));
    record.clear();
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (!field_started) {
      field.line = line;
      field.column = column;
      field_started = true;
    }
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.text += '"';
        ++i;
        column += 2;
        continue;
      }
      if (c == '"') {
        in_quotes = false;
      } else {
        field.text += c;
      }
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      continue;
    }
    if (c == '"' && field.text.empty()) {
      in_quotes = true;
      ++column;
    } else if (c == ',') {
      end_field();
      ++column;
    } else if (c == '\n') {
      end_record();
      ++line;
      column = 1;
    } else if (c == '\r') {
      ++column;  // CRLF line ends
    } else {
      field.text += c;
      ++column;
    }
  }
  if (in_quotes) {
    diagnostics.error({file, field.line, field.column}, "", "CSV: a quoted field is never closed");
    return std::nullopt;
  }
  if (field_started || !record.empty()) end_record();
  if (records.empty()) {
    diagnostics.error({file, 1, 1}, "",
                      "CSV: the file is empty, but needs a header row and one row per region");
    return std::nullopt;
  }
  CsvTable table{file, std::move(records.front()), {}};
  bool ok = true;
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      diagnostics.error({file, records[r].front().line, 1}, "",
                        fmt::format("CSV: row has {} fields, but the header has {}",
                                    records[r].size(), table.header.size()));
      ok = false;
    }
    table.rows.push_back(std::move(records[r]));
  }
  if (!ok) return std::nullopt;
  return table;
}

}  // namespace rollout::loader
