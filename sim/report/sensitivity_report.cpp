// The report of `rollout sensitivity`: per KPI a tornado chart and the ranked table, then
// the ordinary run the measures came from.
#include <fmt/format.h>
#include <cmath>

#include "report/sections.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::report {
namespace {

constexpr std::size_t kTornadoBars = 10;

std::string measure(const nlohmann::ordered_json& object, const std::string& key,
                    const char* format) {
  const double v = number_or_nan(object, key);
  return std::isnan(v) ? "" : fmt::format(fmt::runtime(format), v);
}

std::string index_with_interval(const nlohmann::ordered_json& sobol, const std::string& key) {
  const double v = number_or_nan(sobol, key);
  if (std::isnan(v)) return "";
  const auto& ci = sobol.value(key + "_ci", nlohmann::ordered_json::array());
  if (ci.size() != 2 || !ci[0].is_number() || !ci[1].is_number()) return fmt::format("{:.2f}", v);
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", v, ci[0].get<double>(), ci[1].get<double>());
}

void write_kpi_sensitivity(Page& page, const std::string& name, const nlohmann::ordered_json& entry,
                           const LabelNames& names, const SummaryFile& summary) {
  const auto kpi = kpi_named(name);
  if (!kpi) return;
  // One decimal of a percent is enough beside a tornado bar, for shares too.
  const bool fraction = is_fraction_kpi(*kpi);
  auto value = [&](double v) {
    return fraction ? fmt::format("{:.1f}%", 100 * v) : format_kpi_value(*kpi, v);
  };
  page.heading(3, kpi_label(name, names), "sensitivity-" + name);
  const double r2 = number_or_nan(entry, "rank_regression_r2");
  if (!std::isnan(r2))
    page.note(
        fmt::format("Rank regression on all inputs explains {:.0f}% of the variance of the "
                    "ranks (R²).",
                    100 * r2));
  if (entry.contains("note")) page.note(entry["note"].get<std::string>());

  const auto& inputs = entry.at("inputs");
  if (entry.contains("tornado_base")) {
    svg::Tornado tornado;
    tornado.id = "tornado-" + name;
    tornado.title = fmt::format("Tornado: {} (mean)", kpi_label(name, names));
    tornado.x_label = fraction ? fmt::format("{} (mean, %)", kpi_label(name, names))
                               : fmt::format("{} (mean)", kpi_label(name, names));
    tornado.scale = fraction ? svg::Scale::percent : svg::Scale::count;
    tornado.base = number_or_nan(entry["tornado_base"], "mean");
    // The KPI's own spread sets the scale: a swing of 1% of a share must not fill the width.
    if (const KpiRecord* own = summary.find(name)) {
      tornado.outcome_p5 = own->statistic("p5");
      tornado.outcome_p95 = own->statistic("p95");
    }
    for (const auto& input : inputs) {
      if (!input.contains("tornado") || tornado.bars.size() == kTornadoBars) continue;
      const auto& t = input["tornado"];
      tornado.bars.push_back({input.at("input").get<std::string>(), number_or_nan(t, "mean_low"),
                              number_or_nan(t, "mean_high"),
                              fmt::format("{:.3g}", number_or_nan(t, "input_low")),
                              fmt::format("{:.3g}", number_or_nan(t, "input_high"))});
    }
    if (!tornado.bars.empty()) page.chart(svg::render(tornado));
  }

  Table t;
  t.id = "sensitivity-" + name;
  t.header = {"rank",        "input", "Spearman",       "SRRC",    "mean at P10",
              "mean at P90", "swing", "first-order S1", "total ST"};
  t.numeric = {true, false, true, true, true, true, true, true, true};
  for (const auto& input : inputs) {
    std::vector<std::string> row{
        measure(input, "rank", "{:.0f}"), input.at("input").get<std::string>(),
        measure(input, "spearman", "{:+.2f}"), measure(input, "srrc", "{:+.2f}")};
    if (input.contains("tornado")) {
      const auto& tor = input["tornado"];
      row.push_back(value(number_or_nan(tor, "mean_low")));
      row.push_back(value(number_or_nan(tor, "mean_high")));
      row.push_back(value(number_or_nan(tor, "swing_mean")));
    } else {
      row.insert(row.end(), {"", "", ""});
    }
    const auto sobol = input.value("sobol", nlohmann::ordered_json::object());
    row.push_back(index_with_interval(sobol, "first"));
    row.push_back(index_with_interval(sobol, "total"));
    t.rows.push_back(row);
  }
  if (entry.contains("intrinsic_sobol")) {
    const auto& s = entry["intrinsic_sobol"];
    t.rows.push_back({"", "(intrinsic: the replication's own randomness)", "", "", "", "", "",
                      index_with_interval(s, "first"), index_with_interval(s, "total")});
  }
  page.table(t);
}

}  // namespace

void write_sensitivity_report(Page& page, const std::filesystem::path& dir) {
  const nlohmann::ordered_json doc = read_json(dir / "sensitivity.json");
  const RunFolder run = read_run_folder(dir);
  const nlohmann::ordered_json& info_run = doc.at("run");
  page.heading(1, fmt::format("Sensitivity: {}", info_run.value("scenario", std::string())));
  page.facts(
      {{"Replications", with_commas(number_or_nan(info_run, "replications"))},
       {"Seed", info_run.at("seed").dump()},
       {"Sampling design", info_run.value("sampling", std::string("random"))},
       {"Tornado replications", with_commas(number_or_nan(info_run, "tornado_replications"))},
       {"Sobol' rows", with_commas(number_or_nan(info_run, "sobol_rows"))},
       {"Design replications", with_commas(number_or_nan(info_run, "design_replications"))}});
  page.heading(2, "Which uncertainties drive each KPI", "sensitivity");
  page.note(
      "Inputs most important first. Spearman: rank correlation of input and KPI over the run. "
      "SRRC: standardised rank regression coefficient. Tornado: the KPI's mean with the input "
      "held at its 10th and at its 90th percentile, every other input as sampled, same "
      "replications. S1 and ST: first-order and total Sobol' indices with 95% bootstrap "
      "intervals (with --sobol).");
  for (const auto& [name, entry] : doc.at("kpis").items())
    write_kpi_sensitivity(page, name, entry, label_names_of(run), run.summary);

  page.heading(2, "The run behind it", "run");
  write_run_facts(page, run.summary);
  if (run.scenario) write_assumptions(page, *run.scenario);
  write_run_charts(page, run);
  write_kpi_table(page, run.summary, label_names_of(run), run.scenario ? &*run.scenario : nullptr);
}

}  // namespace rollout::report
