#pragma once
// The HTML around the charts: one self-contained page (inline CSS, no script, no font or
// image fetched), readable on a laptop screen and printable.

#include <string>
#include <vector>

namespace rollout::report {

// A table of text cells (escaped when written). Numeric columns align right. A row of one
// cell is a group heading spanning the table.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;          // per column; missing entries: text
  std::vector<bool> emphasised_rows;  // per row; drawn bold (e.g. Pareto-efficient)
  std::string caption;
  std::string id;  // data-table attribute, for tests
};

class Page {
 public:
  explicit Page(std::string title);  // completed by the first level-1 heading
  void heading(int level, const std::string& text, const std::string& anchor = "");
  void paragraph(const std::string& text);  // plain text, escaped
  void note(const std::string& text);       // a smaller explanatory paragraph
  // A definition list of (term, description) pairs, e.g. run metadata.
  void facts(const std::vector<std::pair<std::string, std::string>>& items);
  void table(const Table& table);
  void chart(const std::string& svg_figure);  // a figure from rollout/svg_chart.hpp
  void open_section(const std::string& kind);
  void close_section();
  std::string finish();

 private:
  std::string title_;
  bool titled_ = false;  // the first level-1 heading completes the title
  std::string body_;
};

}  // namespace rollout::report
