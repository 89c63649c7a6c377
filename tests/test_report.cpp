// The HTML report: chart helpers (ticks, number formats, calendar axes), the charts' SVG,
// and reports built from real results folders. tests/browser/ opens the same kinds of
// report in headless Chromium.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli_helpers.hpp"
#include "engine_helpers.hpp"
#include "rollout/analysis/discover_file.hpp"
#include "rollout/common/base64.hpp"
#include "rollout/common/sha256.hpp"
#include "rollout/loader/scenario_writer.hpp"
#include "rollout/report/report.hpp"
#include "rollout/report/svg_chart.hpp"
#include "rollout/results/number_format.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/results_folder.hpp"
#include "rollout/results/summary.hpp"

using namespace rollout;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// The d="..." of the first path with the given class, or "" if there is none.
// (A plain search rather than std::regex: g++ 12 warns inside <regex> under -O2 + ASan.)
std::string path_data(const std::string& svg_text, const std::string& css_class) {
  const std::string opening = "class=\"" + css_class + "\" d=\"";
  const auto start = svg_text.find(opening);
  if (start == std::string::npos) return "";
  const auto from = start + opening.size();
  return svg_text.substr(from, svg_text.find('"', from) - from);
}

// A fresh folder for one test's outputs.
std::filesystem::path fresh_folder(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rollout-test-report-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

// Runs `scenario` and writes its results folder into `dir`, as the run command does.
void write_run_folder(const std::filesystem::path& dir, const Scenario& scenario,
                      std::size_t replications) {
  const Model model(scenario);
  const OutcomeTable table = test::run(model, replications);
  RunInfo info;
  info.scenario = scenario.name;
  info.scenario_sha256 = sha256_hex(to_yaml(scenario));
  info.seed = scenario.simulation.seed;
  info.replications = replications;
  write_files_atomically(dir, run_output_files(model, table, summarize_kpis(model, table), info));
}

}  // namespace

TEST_CASE("nice_ticks cover the range with steps of 1, 2 or 5 times a power of ten") {
  for (auto entry : std::vector<std::pair<double, double>>{
           {0, 1}, {9871, 29883}, {0.0512, 0.2909}, {-0.13, 0.13}, {41.5, 142.5}, {3, 3}}) {
    auto lo = std::get<0>(entry);
    auto hi = std::get<1>(entry);
    CAPTURE(lo);
    CAPTURE(hi);
    const svg::Ticks t = svg::nice_ticks(lo, hi, 5);
    CHECK(t.lo <= lo);
    CHECK(t.hi >= hi);
    CHECK(t.at.size() >= 3);
    CHECK(t.at.size() <= 12);
    const double mantissa = t.step / std::pow(10, std::floor(std::log10(t.step)));
    CHECK((std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
           std::abs(mantissa - 5) < 1e-9));
    for (std::size_t i = 1; i < t.at.size(); ++i)
      CHECK(t.at[i] - t.at[i - 1] == doctest::Approx(t.step));
  }
  CHECK_THROWS_AS(svg::nice_ticks(0, std::nan(""), 5), InternalError);
}

TEST_CASE("axis and tooltip numbers read as people write them") {
  CHECK(svg::format_tick(25000, svg::Scale::count, 5000) == "25,000");
  CHECK(svg::format_tick(0.15, svg::Scale::percent, 0.05) == "15%");
  CHECK(svg::format_tick(0.125, svg::Scale::percent, 0.005) == "12.5%");
  CHECK(svg::format_tick(2.5e8, svg::Scale::count, 5e7) == "250 M");
  CHECK(svg::format_tick(0.5, svg::Scale::plain, 0.5) == "0.5");
  CHECK(svg::format_tick(-1e-17, svg::Scale::plain, 0.1) == "0.0");
  CHECK(svg::format_value(28146.2, svg::Scale::count) == "28,146");
  CHECK(svg::format_value(0.18874, svg::Scale::percent) == "18.9%");
  CHECK(svg::format_value(0.0432, svg::Scale::percent) == "4.32%");
  CHECK(svg::format_value(1.703e8, svg::Scale::count) == "170.3 M");
  CHECK(svg::format_value(std::nan(""), svg::Scale::count) == "–");
}

TEST_CASE("calendar axes label months and quarters by their dates") {
  std::vector<std::string> months;
  for (int i = 0; i < 36; ++i) {
    const int m = 10 + i;  // from 2021-11
    months.push_back(fmt::format("{}-{:02}", 2021 + m / 12, m % 12 + 1));
  }
  const svg::PeriodAxis axis = svg::monthly_axis(months);
  CHECK(axis.labels.front() == "Nov 2021");
  CHECK(axis.labels.back() == "Oct 2024");
  CHECK(axis.tick_labels == std::vector<std::string>{"Jan 2022", "Jul 2022", "Jan 2023", "Jul 2023",
                                                     "Jan 2024", "Jul 2024"});
  CHECK(axis.ticks.front() == 2);
  CHECK_THROWS_AS(svg::monthly_axis({"2021-13"}), InternalError);

  // Nine quarters: every second one ticked, so that at most eight labels show.
  std::vector<std::string> nine;
  for (int q = 0; q < 9; ++q)
    nine.push_back(fmt::format("{} Q{}", 2022 + q / 4, q % 4 + 1));
  const svg::PeriodAxis quarters = svg::quarterly_axis(nine);
  CHECK(quarters.labels == nine);
  CHECK(quarters.tick_labels ==
        std::vector<std::string>{"2022 Q1", "2022 Q3", "2023 Q1", "2023 Q3", "2024 Q1"});
}

TEST_CASE("a fan chart draws its bands, median, reference line and a tooltip per period") {
  svg::FanChart chart;
  chart.id = "stores";
  chart.title = "Stores <&> more";
  chart.y_label = "stores";
  chart.scale = svg::Scale::count;
  chart.x = svg::monthly_axis({"2022-01", "2022-02", "2022-03", "2022-04"});
  const double nan = std::nan("");
  chart.series = {{"", "#0072B2", {{"P5–P95", {1, 2, nan, 4}, {3, 4, nan, 6}}}, {2, 3, nan, 5}}};
  chart.references = {{7, "target 7"}};
  const std::string svg_text = svg::render(chart);
  CHECK(svg_text.find("data-chart=\"stores\"") != std::string::npos);
  CHECK(svg_text.find("Stores &lt;&amp;&gt; more") != std::string::npos);  // escaped
  CHECK(count(svg_text, "class=\"band\"") == 1);
  // The missing third month splits the band into two shapes and the median into two lines.
  const std::string band_path = path_data(svg_text, "band");
  REQUIRE(!band_path.empty());
  CHECK(count(band_path, "Z") == 2);
  const std::string median_path = path_data(svg_text, "median");
  REQUIRE(!median_path.empty());
  CHECK(count(median_path, "M") == 2);
  CHECK(count(svg_text, "class=\"hover\"") == 4);
  CHECK(svg_text.find("target 7") != std::string::npos);
  CHECK(svg_text.find("Feb 2022\nmedian: 3; P5–P95 2 to 4") != std::string::npos);

  chart.series[0].median.pop_back();
  CHECK_THROWS_AS(svg::render(chart), InternalError);
}

TEST_CASE("stacked bars, scatter and tornado draw one mark per value") {
  svg::StackedBars bars;
  bars.id = "rank";
  bars.x = svg::quarterly_axis({"2022 Q1", "2022 Q2"});
  bars.stacks = {{"rank 1", "#000", {0.25, 0.5}}, {"rank 2", "#111", {0.75, 0.0}}};
  CHECK(count(svg::render(bars), "class=\"bar\"") == 3);  // the zero share draws nothing

  svg::Scatter scatter;
  scatter.id = "pareto";
  scatter.points = {{0, 1, "#0", "a", true}, {1, 0, "#1", "b", true}, {0.2, 0.2, "#2", "c", false}};
  const std::string scatter_svg = svg::render(scatter);
  CHECK(count(scatter_svg, "class=\"point\"") == 3);
  CHECK(count(scatter_svg, "class=\"front\"") == 1);
  CHECK(count(scatter_svg, "class=\"point-label\"") == 2);

  svg::Tornado tornado;
  tornado.id = "t";
  tornado.base = 0.5;
  tornado.bars = {{"x", 0.1, 0.9, "1", "2"}, {"y", 0.6, 0.4, "3", "4"}};
  const std::string tornado_svg = svg::render(tornado);
  CHECK(count(tornado_svg, "class=\"bar\"") == 4);
  CHECK(count(tornado_svg, "class=\"base\"") == 1);
}

TEST_CASE("histogram bins: round edges, every finite value counted once, NaN left out") {
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i)
    values.push_back(23000 + 7.3 * i);  // 23,000 to 30,292.7
  values.push_back(std::nan(""));
  const auto bins = svg::histogram_bins(values, 30);
  REQUIRE(bins.size() == 15);  // 23,000 to 30,500
  const double width = bins[0].hi - bins[0].lo;
  CHECK(width == 500);  // (30,292.7 - 23,000) / 30 = 243, rounded up to 5 times 100
  CHECK(bins.front().lo == 23000);
  CHECK(bins.back().hi > 30292.7);
  double total = 0;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    CHECK(bins[i].hi - bins[i].lo == doctest::Approx(width));
    if (i > 0) CHECK(bins[i].lo == doctest::Approx(bins[i - 1].hi));
    total += bins[i].share;
  }
  CHECK(total == doctest::Approx(1));
  // 23,000 + 7.3 i < 23,500 for i = 0..68: 69 of the 1,000 finite values.
  CHECK(bins[0].share == doctest::Approx(0.069));

  const auto constant = svg::histogram_bins({5, 5, 5});
  REQUIRE(!constant.empty());
  double constant_total = 0;
  for (const auto& b : constant) {
    if (b.share > 0) CHECK((b.lo <= 5 && 5 < b.hi));
    constant_total += b.share;
  }
  CHECK(constant_total == doctest::Approx(1));
  CHECK(svg::histogram_bins({std::nan("")}).empty());

  svg::Histogram chart;
  chart.id = "h";
  chart.bins = bins;
  chart.markers = {{24000, "P5 24,000", false}, {29000, "median", false}, {30000, "target", true}};
  const std::string svg_text = svg::render(chart);
  std::size_t filled = 0;
  for (const auto& b : bins)
    filled += b.share > 0 ? 1 : 0;
  CHECK(count(svg_text, "class=\"bar\"") == filled);
  CHECK(count(svg_text, "class=\"marker\"") == 2);
  CHECK(count(svg_text, "class=\"marker emphasised\"") == 1);
}

TEST_CASE("a scatter's labels never cover each other, and an isolated point keeps its label") {
  svg::Scatter scatter;
  scatter.id = "crowded";
  scatter.label_every_point = true;
  for (int i = 0; i < 30; ++i)  // a crowd: most labels have no free spot
    scatter.points.push_back(
        {0.5 + 0.001 * (i % 6), 10 + 0.01 * (i / 6), fmt::format("plan {}", i), "", i == 0});
  scatter.points.push_back({0.9, 20, "alone", "", false});
  scatter.points.push_back({0.1, 0, "corner", "", false});
  const std::string svg_text = svg::render(scatter);
  struct Placed {
    double x, y;
    std::string text;
  };
  std::vector<Placed> labels;
  const std::string opening = "<text class=\"point-label\" x=\"";
  for (auto at = svg_text.find(opening); at != std::string::npos;
       at = svg_text.find(opening, at + 1)) {
    Placed p{};
    std::istringstream in(svg_text.substr(at + opening.size()));
    char quote = 0;
    in >> p.x >> quote;
    in.ignore(4);  // ` y="`
    in >> p.y;
    const auto text_at = svg_text.find('>', at) + 1;
    p.text = svg_text.substr(text_at, svg_text.find('<', text_at) - text_at);
    labels.push_back(p);
  }
  REQUIRE(labels.size() >= 3);
  CHECK(labels.size() < 32);               // the crowd could not all be labelled
  CHECK(labels.front().text == "plan 0");  // the highlighted point is placed first
  bool alone = false, corner = false;
  for (const Placed& p : labels) {
    alone = alone || p.text == "alone";
    corner = corner || p.text == "corner";
  }
  CHECK(alone);
  CHECK(corner);
  // 11 px text is under 6.1 px a letter and 12 px tall: no two boxes may meet.
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (std::size_t j = i + 1; j < labels.size(); ++j) {
      const Placed &a = labels[i], &b = labels[j];
      const bool apart = a.x + 6.1 * static_cast<double>(a.text.size()) <= b.x ||
                         b.x + 6.1 * static_cast<double>(b.text.size()) <= a.x || a.y + 12 <= b.y ||
                         b.y + 12 <= a.y;
      CHECK_MESSAGE(apart, a.text << " covers " << b.text);
    }
}

TEST_CASE("a tile map draws one tile per region, shaded by its value, long names on two lines") {
  svg::TileMap map;
  map.id = "m";
  map.value_label = "median stores";
  map.tiles = {{0, 0, "North", 10, "North: 10"},
               {0, 1, "South", 30, "South: 30"},
               {1, 0, "Jammu Kashmir and Ladakh", std::nan(""), "no data"}};
  const std::string svg_text = svg::render(map);
  CHECK(count(svg_text, "<g class=\"tile\">") == 3);
  CHECK(count(svg_text, "class=\"tile-value\"") == 3);
  CHECK(svg_text.find(">no value<") != std::string::npos);
  // The lowest value is the lightest shade, the highest the darkest.
  CHECK(svg_text.find("fill=\"#e8f1fa\"/><text class=\"tile-name\" x=\"58.0\"") !=
        std::string::npos);
  CHECK(svg_text.find("fill=\"#08306b\"/>") != std::string::npos);
  CHECK(svg_text.find(">Jammu Kashmir</text>") != std::string::npos);
  CHECK(svg_text.find(">and Ladakh</text>") != std::string::npos);
}

TEST_CASE("numbers as people read them: pp for share differences, digits kept when small") {
  CHECK(format_kpi_difference(Kpi::market_share_end, 0.0022) == "+0.22 pp");
  CHECK(format_kpi_error(Kpi::market_share_end, 0.0042) == "0.42 pp");
  CHECK(format_kpi_error(Kpi::market_units_total, 4300) == "0.0043 M");
  CHECK(format_kpi_difference(Kpi::global_units_total, -12345) == "-0.0123 M");
  CHECK(format_kpi_difference(Kpi::global_units_total, 2.5e6) == "+2.5 M");
  CHECK(format_kpi_value(Kpi::npv, 5.156e9) == "5,156 M");
  CHECK(format_kpi_difference(Kpi::npv, 45000) == "+0.045 M");
}

TEST_CASE("base64 as RFC 4648 section 10 encodes its test vectors") {
  CHECK(base64("").empty());
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
}

TEST_CASE("a run's report: scenario.yaml matches the run's hash, charts and tables present") {
  const auto dir = fresh_folder("run");
  const Scenario scenario = load_scenario(test::source("tests/data/valid/minimal.yaml"));
  write_run_folder(dir, scenario, 50);
  CHECK(sha256_hex(test::read_file(dir / "scenario.yaml")) == sha256_hex(to_yaml(scenario)));

  CHECK(detect_report_kind(dir) == ReportKind::run);
  const std::string html = report_html(dir);
  for (std::string chart :
       {"stores", "offline-mix", "market-share", "units-per-store", "global-share", "global-rank",
        "distribution-stores_end", "distribution-market_share_end"})
    CHECK_MESSAGE(html.find(fmt::format("data-chart=\"{}\"", chart)) != std::string::npos, chart);
  for (std::string t : {"levers", "kpis"})
    CHECK_MESSAGE(html.find(fmt::format("data-table=\"{}\"", t)) != std::string::npos, t);
  // Ranks by their chances (1st, 2nd, 3rd, then the rest), in the table, not as a mean.
  const std::string kpis = html.substr(html.find("data-table=\"kpis\""));
  // (Two ranked brands here: first and second, nothing lower.)
  const auto first = kpis.find("<td class=\"num\">1st ");
  REQUIRE(first != std::string::npos);
  const std::string cell = kpis.substr(first, kpis.find("</td>", first) - first);
  CHECK(cell.find(", 2nd ") != std::string::npos);
  CHECK(cell.find("3rd") == std::string::npos);
  const bool uncertain = !uncertain_inputs(scenario).empty();
  const bool inputs_table = html.find("data-table=\"uncertain-inputs\"") != std::string::npos;
  const bool all_fixed_note = html.find("Every input is fixed") != std::string::npos;
  CHECK(inputs_table == uncertain);
  CHECK(all_fixed_note == !uncertain);
  // Self-contained: no script, nothing linked or fetched.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  // The only links are the charts' own SVG files, as data URIs: one per chart.
  const std::string save = "href=\"data:image/svg+xml;base64,";
  CHECK(count(html, "href=") == count(html, save));
  CHECK(count(html, save) == count(html, "<figure class=\"chart\""));
  // Each is an SVG file of its own (XML declaration, then the chart with its styles inside).
  const std::string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg";
  CHECK(html.find(save + base64(declaration.substr(0, 42))) != std::string::npos);

  const auto written = write_report(dir);
  CHECK(test::read_file(written) == html);
  std::filesystem::remove_all(dir);
}

TEST_CASE("report refuses what is not a results folder, naming the file") {
  const auto dir = fresh_folder("empty");
  std::filesystem::create_directories(dir);
  CHECK_THROWS_WITH_AS(detect_report_kind(dir), doctest::Contains("not a rollout results folder"),
                       InputError);
  CHECK_THROWS_WITH_AS(detect_report_kind(dir / "missing"), doctest::Contains("no such folder"),
                       InputError);
  std::ofstream(dir / "summary.json") << "{\"run\": {}, \"kpis\": {}}";
  CHECK_THROWS_WITH_AS(report_html(dir),
                       doctest::Contains("summary.json: not what this version of rollout writes "
                                         "([json.exception.out_of_range.403] key 'scenario' not "
                                         "found)"),
                       InputError);
  std::ofstream(dir / "summary.json") << summary_file_text(SummaryFile{});
  CHECK_THROWS_WITH_AS(report_html(dir), doctest::Contains("series.csv"), InputError);
  std::ofstream(dir / "series.csv") << "metric,period,date,stat,value\nstores,0,2022-01,mean,x\n";
  CHECK_THROWS_WITH_AS(report_html(dir), doctest::Contains("series.csv:2:23: 'x' is not a number"),
                       InputError);
  std::ofstream(dir / "summary.json") << "{";
  CHECK_THROWS_WITH_AS(report_html(dir), doctest::Contains("summary.json: not valid JSON"),
                       InputError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rollout report and --report write report.html for compare and sweep folders") {
  const auto dir = fresh_folder("cli");
  const std::string compare_dir = (dir / "compare").string();
  auto r = test::run_cli(
      "compare tests/data/valid/minimal.yaml tests/data/valid/small-lhs.yaml -n 30 -q --report "
      "--out '" +
      compare_dir + "'");
  REQUIRE_MESSAGE(r.status == 0, r.out);
  const std::string compare_html = test::read_file(dir / "compare" / "report.html");
  CHECK(compare_html.find("data-table=\"differences\"") != std::string::npos);
  CHECK(count(compare_html, "class=\"median\"") >= 2 * 5);  // two scenarios on five charts
  // Pairing's variance reduction explains the method: its own table, not a column of results.
  CHECK(compare_html.find("data-table=\"variance-reduction\"") != std::string::npos);
  CHECK(compare_html.find("<th class=\"num\">VRF</th>") == std::string::npos);
  // Differences of shares are in percentage points.
  CHECK(compare_html.find(" pp ± ") != std::string::npos);
  // The answer first (each plan's chance of its target), and the paired differences over time
  // drawn from differences.csv.
  CHECK(compare_html.find("id=\"answer\"") < compare_html.find("id=\"levers\""));
  CHECK(count(compare_html, "chance (95% interval") == 2);
  CHECK(std::filesystem::exists(dir / "compare" / "differences.csv"));
  for (std::string chart : {"difference-stores", "difference-market-share"})
    CHECK_MESSAGE(compare_html.find(fmt::format("data-chart=\"{}\"", chart)) != std::string::npos,
                  chart);
  CHECK(compare_html.find("minus minimal") != std::string::npos);
  CHECK(compare_html.find("<td class=\"num\">1st ") != std::string::npos);
  // The month the target is reached reads as calendar months, its differences in months.
  const std::string months_row =
      compare_html.substr(compare_html.find("Month the target is reached"),
                          compare_html.find("Target reached by the deadline") -
                              compare_html.find("Month the target is reached"));
  CHECK(months_row.find(" (month ") != std::string::npos);
  CHECK(months_row.find(" months</td>") != std::string::npos);
  // Two plans after the first with one name cannot be told apart in differences.csv: no
  // blended chart, a note that says why.
  const std::string twins_dir = (dir / "twins").string();
  r = test::run_cli(
      "compare tests/data/valid/minimal.yaml tests/data/valid/small-lhs.yaml "
      "tests/data/valid/small-lhs.yaml -n 20 -q --report --no-catalog --out '" +
      twins_dir + "'");
  REQUIRE_MESSAGE(r.status == 0, r.out);
  const std::string twins_html = test::read_file(dir / "twins" / "report.html");
  CHECK(twins_html.find("data-chart=\"difference-stores\"") == std::string::npos);
  CHECK(twins_html.find("two of the compared plans share a scenario name") != std::string::npos);

  const std::string sweep_dir = (dir / "sweep").string();
  r = test::run_cli("sweep tests/data/valid/with-sweep.yaml -n 20 -q --out '" + sweep_dir + "'");
  REQUIRE_MESSAGE(r.status == 0, r.out);
  r = test::run_cli("report '" + sweep_dir + "'");
  CHECK(r.status == 0);
  CHECK(r.out.find("(sweep report)") != std::string::npos);
  const std::string sweep_html = test::read_file(dir / "sweep" / "report.html");
  CHECK(sweep_html.find("data-chart=\"pareto\"") != std::string::npos);
  CHECK(sweep_html.find("data-table=\"combinations\"") != std::string::npos);

  r = test::run_cli("report '" + (dir / "nowhere").string() + "'");
  CHECK(r.status == 2);
  CHECK(r.out.find("no such folder") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a discover folder's report: the PRIM trajectory and the chosen box, after the answer") {
  const auto dir = fresh_folder("discover");
  const auto r = test::run_cli(
      "discover scenarios/china-30k.yaml -n 400 --when 'target_by_deadline == 0' -q --report "
      "--no-catalog --out '" +
      dir.string() + "'");
  REQUIRE_MESSAGE(r.status == 0, r.out);
  const std::string html = test::read_file(dir / "report.html");
  CHECK(html.find("id=\"answer\"") < html.find("id=\"discovery\""));
  CHECK(html.find("data-chart=\"prim-trajectory\"") != std::string::npos);
  CHECK(html.find("data-table=\"discover-box\"") != std::string::npos);
  // discover.json reads back as written, field for field, and one point per box is drawn.
  const std::string json = test::read_file(dir / "discover.json");
  const DiscoverFile file = parse_discover_file(json, "discover.json");
  CHECK(discover_file_text(file) == json);
  const std::string chart = html.substr(html.find("data-chart=\"prim-trajectory\""));
  CHECK(count(chart.substr(0, chart.find("</figure>")), "class=\"point\"") ==
        file.trajectory.size());
  CHECK(html.find(fmt::format("box {}: holds", file.chosen_box)) != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a market named in the scenario titles the report, and no file of the run says China") {
  // Brands Acme (focal), Rival, Others in a market named Testland: every label uses those
  // names, and nothing the program writes names a country of its own accord.
  const auto dir = fresh_folder("named-market");
  const Scenario scenario = test::variant("tests/data/valid/minimal.yaml", R"(
name: testland
market: {name: Testland}
brands:
  Focal: ~
  Acme: {focal: true, market_share: 0.3, online_share: 0.4, initial_stores: 100,
         row_units_per_quarter: 1000}
)");
  CHECK(label(Monthly::market_share, scenario.label_names()) ==
        "Acme share of Testland phone sales");
  CHECK(label(Kpi::stores_end, scenario.label_names()) == "Acme stores at the end");
  write_run_folder(dir, scenario, 20);
  const std::string html = report_html(dir);
  CHECK(html.find("Acme share of Testland phone sales") != std::string::npos);
  CHECK(html.find("Acme stores open at month end") != std::string::npos);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string text = test::read_file(entry.path());
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    CHECK_MESSAGE(text.find("china") == std::string::npos, entry.path().filename().string());
  }
  std::string page = html;
  std::transform(page.begin(), page.end(), page.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  CHECK(page.find("china") == std::string::npos);
  CHECK(page.find("focal share") == std::string::npos);
}

TEST_CASE("the chance of the target by each month climbs to the share that ever reach it") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: when"));
  const OutcomeTable table = test::run(model, 300, 2);
  const std::vector<KpiResult> kpis = summarize_kpis(model, table);
  const KpiResult& when = kpis[static_cast<std::size_t>(Kpi::target_month)];
  REQUIRE(when.reached_by_month.size() == 36);
  std::size_t reached = 0, by_month_20 = 0;
  for (std::size_t i = 0; i < table.replications(); ++i) {
    const double t = table.kpi(i, Kpi::target_month);
    reached += std::isnan(t) ? 0 : 1;
    by_month_20 += t <= 20 ? 1 : 0;
  }
  CHECK(std::is_sorted(when.reached_by_month.begin(), when.reached_by_month.end()));
  CHECK(when.reached_by_month.back() == static_cast<double>(reached) / 300);
  CHECK(when.reached_by_month[20] == static_cast<double>(by_month_20) / 300);
  // The deadline is the horizon's end: reached by its last month is reached in time.
  CHECK(when.reached_by_month[35] ==
        kpis[static_cast<std::size_t>(Kpi::target_by_deadline)].proportion.proportion);
}
