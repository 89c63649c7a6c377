#include "rollout/results/csv_writer.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <array>

#include "rollout/common/error.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {

CsvWriter::CsvWriter(const std::vector<std::string>& header) : columns_(header.size()) {
  if (header.empty()) throw InternalError("a CSV file without columns");
  for (const std::string& name : header)
    text(name);
  end_row();
}

CsvWriter CsvWriter::rows_only(std::size_t columns) {
  if (columns == 0) throw InternalError("a CSV file without columns");
  CsvWriter writer;
  writer.columns_ = columns;
  return writer;
}

void CsvWriter::separate() {
  if (cells_++ > 0) out_ += ',';
}

CsvWriter& CsvWriter::text(const std::string& cell) {
  separate();
  append_csv_text(out_, cell);
  return *this;
}

CsvWriter& CsvWriter::number(double cell) {
  separate();
  append_csv_number(out_, cell);
  return *this;
}

CsvWriter& CsvWriter::count(std::size_t cell) {
  separate();
  std::array<char, 24> digits;  // a 64-bit count has at most 20
  out_.append(digits.data(), fmt::format_to(digits.data(), FMT_COMPILE("{}"), cell));
  return *this;
}

CsvWriter& CsvWriter::blank(std::size_t cells) {
  for (std::size_t i = 0; i < cells; ++i)
    separate();
  return *this;
}

void CsvWriter::reserve(std::size_t bytes) {
  out_.reserve(bytes);
}

void CsvWriter::end_row() {
  if (cells_ != columns_) {
    throw InternalError(
        fmt::format("a CSV row of {} cells under a header of {}", cells_, columns_));
  }
  out_ += '\n';
  cells_ = 0;
}

std::string CsvWriter::finish() {
  if (cells_ != 0) throw InternalError("a CSV row left unfinished");
  return std::move(out_);
}

}  // namespace rollout
