#pragma once
// Every CSV file rollout writes is built through this one writer (docs/outputs.md): text
// cells quoted and neutralised by csv_text(), numbers by csv_number(), and every row
// checked against the header's width, so a column added to the header but not to the
// rows (or the reverse) is a failed test, not a shifted file.

#include <cstddef>
#include <string>
#include <vector>

namespace rollout {

class CsvWriter {
 public:
  // The header's cells, as text (quoted where needed).
  explicit CsvWriter(const std::vector<std::string>& header);
  // Rows of `columns` cells without a header: a part of a file that other threads write, its
  // text joined after the part that has the header.
  static CsvWriter rows_only(std::size_t columns);

  CsvWriter& text(const std::string& cell);  // csv_text(cell)
  CsvWriter& number(double cell);            // csv_number(cell): empty when missing
  CsvWriter& count(std::size_t cell);        // a whole number
  CsvWriter& blank(std::size_t cells = 1);   // empty cells
  void reserve(std::size_t bytes);           // room for the text to come
  // Ends the row; throws InternalError unless it has exactly the header's cells.
  void end_row();
  // The whole text; throws InternalError if a row was left open.
  std::string finish();

 private:
  CsvWriter() = default;
  void separate();
  std::string out_;
  std::size_t columns_ = 0;
  std::size_t cells_ = 0;  // in the row being written
};

}  // namespace rollout
