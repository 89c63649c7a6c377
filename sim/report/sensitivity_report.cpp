// The report of `rollout sensitivity`: per KPI a tornado chart and the ranked table, then
// the ordinary run the measures came from.
#include <fmt/format.h>
#include <cmath>

#include "report/sections.hpp"
#include "rollout/analysis/sensitivity_outputs.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::report {
namespace {

constexpr std::size_t kTornadoBars = 10;

// "0.42 [0.38, 0.47]": a Sobol' index with its bootstrap interval; "" without one.
std::string index_with_interval(const std::optional<SobolIndex>& sobol, bool total) {
  if (!sobol) return "";
  const double v = total ? sobol->total : sobol->first;
  if (std::isnan(v)) return "";
  const double lo = total ? sobol->total_lo : sobol->first_lo;
  const double hi = total ? sobol->total_hi : sobol->first_hi;
  if (std::isnan(lo) || std::isnan(hi)) return fmt::format("{:.2f}", v);
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", v, lo, hi);
}

std::string signed_measure(double v) {
  return std::isnan(v) ? "" : fmt::format("{:+.2f}", v);
}

void write_kpi_sensitivity(Page& page, const std::string& name, const KpiSensitivityRecord& entry,
                           const LabelNames& names, const SummaryFile& summary) {
  const auto kpi = kpi_named(name);
  if (!kpi) return;
  // One decimal of a percent is enough beside a tornado bar, for shares too.
  const bool fraction = is_fraction_kpi(*kpi);
  auto value = [&](double v) {
    return fraction ? fmt::format("{:.1f}%", 100 * v) : format_kpi_value(*kpi, v);
  };
  page.heading(3, kpi_label(name, names), "sensitivity-" + name);
  const double r2 = entry.rank_regression_r2;
  if (!std::isnan(r2))
    page.note(
        fmt::format("Rank regression on all inputs explains {:.0f}% of the variance of the "
                    "ranks (R²).",
                    100 * r2));
  if (!entry.note.empty()) page.note(entry.note);

  if (entry.tornado_base) {
    svg::Tornado tornado;
    tornado.id = "tornado-" + name;
    tornado.title = fmt::format("Tornado: {} (mean)", kpi_label(name, names));
    tornado.x_label = fraction ? fmt::format("{} (mean, %)", kpi_label(name, names))
                               : fmt::format("{} (mean)", kpi_label(name, names));
    tornado.scale = fraction ? svg::Scale::percent : svg::Scale::count;
    tornado.base = entry.tornado_base->first;
    // The KPI's own spread sets the scale: a swing of 1% of a share must not fill the width.
    if (const KpiRecord* own = summary.find(name)) {
      tornado.outcome_p5 = own->statistic("p5");
      tornado.outcome_p95 = own->statistic("p95");
    }
    for (const InputSensitivityRecord& input : entry.inputs) {
      if (!input.tornado || tornado.bars.size() == kTornadoBars) continue;
      const TornadoBar& t = *input.tornado;
      tornado.bars.push_back({input.input, t.mean_low, t.mean_high,
                              fmt::format("{:.3g}", t.input_low),
                              fmt::format("{:.3g}", t.input_high)});
    }
    if (!tornado.bars.empty()) page.chart(svg::render(tornado));
  }

  Table t;
  t.id = "sensitivity-" + name;
  t.header = {"rank",        "input", "Spearman",       "SRRC",    "mean at P10",
              "mean at P90", "swing", "first-order S1", "total ST"};
  t.numeric = {true, false, true, true, true, true, true, true, true};
  for (const InputSensitivityRecord& input : entry.inputs) {
    std::vector<std::string> row{std::to_string(input.rank), input.input,
                                 signed_measure(input.spearman), signed_measure(input.srrc)};
    if (input.tornado) {
      row.push_back(value(input.tornado->mean_low));
      row.push_back(value(input.tornado->mean_high));
      row.push_back(value(input.tornado->swing_mean()));
    } else {
      row.insert(row.end(), {"", "", ""});
    }
    row.push_back(index_with_interval(input.sobol, false));
    row.push_back(index_with_interval(input.sobol, true));
    t.rows.push_back(row);
  }
  if (entry.intrinsic_sobol) {
    t.rows.push_back({"", "(intrinsic: the replication's own randomness)", "", "", "", "", "",
                      index_with_interval(entry.intrinsic_sobol, false),
                      index_with_interval(entry.intrinsic_sobol, true)});
  }
  page.table(t);
}

}  // namespace

void write_sensitivity_report(Page& page, const std::filesystem::path& dir) {
  const SensitivityFile doc = parse_sensitivity_file(read_text(dir / "sensitivity.json"),
                                                     (dir / "sensitivity.json").string());
  const RunFolder run = read_run_folder(dir);
  const auto count = [](std::uint64_t n) { return with_commas(static_cast<double>(n)); };
  page.heading(1, fmt::format("Sensitivity: {}", doc.scenario));
  page.facts({{"Replications", count(doc.replications)},
              {"Seed", std::to_string(doc.seed)},
              {"Sampling design", doc.sampling},
              {"Tornado replications", count(doc.tornado_replications)},
              {"Sobol' rows", count(doc.sobol_rows)},
              {"Design replications", count(doc.design_replications)}});
  page.heading(2, "Which uncertainties drive each KPI", "sensitivity");
  page.note(
      "Inputs most important first. Spearman: rank correlation of input and KPI over the run. "
      "SRRC: standardised rank regression coefficient. Tornado: the KPI's mean with the input "
      "held at its 10th and at its 90th percentile, every other input as sampled, same "
      "replications. S1 and ST: first-order and total Sobol' indices with 95% bootstrap "
      "intervals (with --sobol).");
  for (const auto& [name, entry] : doc.kpis)
    write_kpi_sensitivity(page, name, entry, label_names_of(run), run.summary);

  page.heading(2, "The run behind it", "run");
  write_run_facts(page, run.summary);
  if (run.scenario) write_assumptions(page, *run.scenario);
  write_run_charts(page, run);
  write_kpi_table(page, run.summary, label_names_of(run), run.scenario ? &*run.scenario : nullptr);
}

}  // namespace rollout::report
