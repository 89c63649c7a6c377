#include "report/report_page.hpp"

#include <fmt/format.h>

#include "rollout/common/base64.hpp"
#include "rollout/common/version.hpp"
#include "rollout/report/svg_chart.hpp"

namespace rollout::report {
namespace {

using svg::escape;

// System fonts only: a report must not fetch anything.
constexpr const char* kFonts =
    "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

constexpr const char* kPageStyle = R"css(
:root { color-scheme: light; }
body { color: #1d1d1f; background: #fff; margin: 0; line-height: 1.45; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3rem; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05rem; margin: 1.4em 0 0.4em; }
p.subtitle { color: #555; margin-top: 0; }
p.note { color: #555; font-size: 0.88rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; font-size: 0.92rem; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; font-size: 0.86rem; margin: 0.6em 0 1.2em; width: 100%; }
caption { text-align: left; color: #555; padding-bottom: 4px; caption-side: top; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
th { text-align: left; background: #f5f5f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
div.table-wrap { overflow-x: auto; }
tr.emph td { font-weight: 600; }
tr.group td { font-weight: 600; background: #fafafa; padding-top: 10px; }
figure.chart { margin: 0.8em 0 1.4em; }
figure.chart svg { width: 100%; height: auto; display: block; font-family: inherit; }
a.save-svg { font-size: 0.8rem; color: #0060a0; }
footer { margin-top: 3em; color: #777; font-size: 0.8rem; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure.chart, table, dl.facts { break-inside: avoid; }
  svg .hover { display: none; }
  a.save-svg { display: none; }
}
)css";

// The charts' own rules: in the page, and inside each chart saved on its own as SVG.
constexpr const char* kChartStyle = R"css(
svg .chart-title { font-size: 16px; font-weight: 600; fill: #1d1d1f; }
svg .tick, svg .bar-note { font-size: 11.5px; fill: #444; }
svg .bar-note { fill: #666; font-size: 10.5px; }
svg .bar-note.inside { fill: #fff; }
svg .axis-title { font-size: 12.5px; fill: #333; }
svg .legend { font-size: 12px; fill: #333; }
svg .point-label { font-size: 11px; fill: #333; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .axis { stroke: #888; stroke-width: 1; }
svg .median { fill: none; stroke-width: 2.2; }
svg .band-edge { fill: none; stroke-width: 1; stroke-dasharray: 3 3; }
svg .front { fill: none; stroke-width: 1.8; stroke-dasharray: 5 3; }
svg .trajectory { fill: none; stroke-width: 1.2; }
svg .tile-name { font-size: 10px; }
svg .tile-value { font-size: 10.5px; font-weight: 600; }
svg .reference { stroke: #b00020; stroke-width: 1.4; stroke-dasharray: 6 4; }
svg .reference-label { font-size: 11.5px; fill: #b00020; }
svg .base { stroke: #333; stroke-width: 1.5; }
svg .marker { stroke: #333; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg .marker.emphasised { stroke: #b00020; stroke-width: 1.4; stroke-dasharray: 6 4; }
svg .marker-label { font-size: 11px; fill: #333; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .hover { fill: transparent; }
svg .hover:hover { fill: rgba(0, 0, 0, 0.05); }
)css";

// A chart's <svg> as a file of its own: its styles and fonts inside, on a white background.
std::string standalone_svg(const std::string& figure) {
  const auto begin = figure.find("<svg");
  const auto end = figure.rfind("</svg>");
  if (begin == std::string::npos || end == std::string::npos) return "";
  std::string svg = figure.substr(begin, end + 6 - begin);
  const auto open_end = svg.find('>');
  svg.insert(open_end + 1, fmt::format("<style>svg {{ font-family: {}; }}{}</style>"
                                       "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
                                       kFonts, kChartStyle));
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
}

std::string chart_id(const std::string& figure) {
  const std::string key = "data-chart=\"";
  const auto at = figure.find(key);
  if (at == std::string::npos) return "chart";
  const auto end = figure.find('"', at + key.size());
  return figure.substr(at + key.size(), end - at - key.size());
}

}  // namespace

Page::Page(std::string title) : title_(std::move(title)) {}

void Page::heading(int level, const std::string& text, const std::string& anchor) {
  if (level == 1 && !titled_) {
    title_ += ": " + text;
    titled_ = true;
  }
  body_ += anchor.empty()
               ? fmt::format("<h{0}>{1}</h{0}>\n", level, escape(text))
               : fmt::format("<h{0} id=\"{2}\">{1}</h{0}>\n", level, escape(text), escape(anchor));
}

void Page::paragraph(const std::string& text) {
  body_ += fmt::format("<p>{}</p>\n", escape(text));
}

void Page::note(const std::string& text) {
  body_ += fmt::format("<p class=\"note\">{}</p>\n", escape(text));
}

void Page::facts(const std::vector<std::pair<std::string, std::string>>& items) {
  body_ += "<dl class=\"facts\">";
  for (const auto& [term, description] : items)
    body_ += fmt::format("<dt>{}</dt><dd>{}</dd>", escape(term), escape(description));
  body_ += "</dl>\n";
}

void Page::table(const Table& t) {
  auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
  body_ += "<div class=\"table-wrap\">";
  body_ += t.id.empty() ? "<table>" : fmt::format("<table data-table=\"{}\">", escape(t.id));
  if (!t.caption.empty()) body_ += fmt::format("<caption>{}</caption>", escape(t.caption));
  body_ += "<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c)
    body_ += fmt::format("<th{}>{}</th>", numeric(c) ? " class=\"num\"" : "", escape(t.header[c]));
  body_ += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool emphasised = r < t.emphasised_rows.size() && t.emphasised_rows[r];
    if (t.rows[r].size() == 1 && t.header.size() > 1) {  // a group heading across the table
      body_ += fmt::format("<tr class=\"group\"><td colspan=\"{}\">{}</td></tr>", t.header.size(),
                           escape(t.rows[r][0]));
      continue;
    }
    body_ += emphasised ? "<tr class=\"emph\">" : "<tr>";
    for (std::size_t c = 0; c < t.rows[r].size(); ++c)
      body_ +=
          fmt::format("<td{}>{}</td>", numeric(c) ? " class=\"num\"" : "", escape(t.rows[r][c]));
    body_ += "</tr>";
  }
  body_ += "</tbody></table></div>\n";
}

void Page::chart(const std::string& svg_figure) {
  // A link that saves the chart as an SVG file, for slides: a data URI, no script.
  const std::string svg = standalone_svg(svg_figure);
  const auto close = svg_figure.rfind("</figure>");
  if (svg.empty() || close == std::string::npos) {
    body_ += svg_figure;
    return;
  }
  const std::string id = chart_id(svg_figure);
  body_ += svg_figure.substr(0, close);
  body_ += fmt::format(
      "<figcaption><a class=\"save-svg\" download=\"{0}.svg\" "
      "href=\"data:image/svg+xml;base64,{1}\">Save this chart as SVG ({0}.svg)</a></figcaption>",
      escape(id), base64(svg));
  body_ += svg_figure.substr(close);
}

void Page::open_section(const std::string& kind) {
  body_ += fmt::format("<section data-section=\"{}\">\n", escape(kind));
}

void Page::close_section() {
  body_ += "</section>\n";
}

std::string Page::finish() {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n<main>\n{2}"
      "<footer>Written by rollout {3}. Self-contained: no script, no network request; "
      "hover over a chart for its values.</footer>\n</main>\n</body>\n</html>\n",
      escape(title_),
      fmt::format("body {{ font-family: {}; }}{}{}", kFonts, kPageStyle, kChartStyle), body_,
      escape(version()));
}

}  // namespace rollout::report
