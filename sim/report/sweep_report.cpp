// The report of `rollout sweep`: the trade-off between the two chosen KPIs with its Pareto
// front, and every combination's results.
#include <fmt/format.h>
#include <cmath>

#include "loader/csv_table.hpp"
#include "report/sections.hpp"
#include "rollout/analysis/sweep_result_file.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::report {
namespace {

svg::Scale scale_of(Kpi k) {
  if (is_fraction_kpi(k)) return svg::Scale::percent;
  return svg::Scale::count;
}

std::string kpi_text(Kpi k, double v) {
  return format_kpi_percent(k, v);
}

}  // namespace

void write_sweep_report(Page& page, const std::filesystem::path& dir) {
  const SweepResultFile about =
      parse_sweep_result_file(read_text(dir / "sweep.json"), (dir / "sweep.json").string());
  const LabelNames names = about.label_names();
  const NamedCsv csv = read_named_csv(dir / "sweep.csv");

  const std::vector<std::string>& levers = about.levers;
  const std::string& x_name = about.pareto_x.kpi;
  const std::string& y_name = about.pareto_y.kpi;
  const auto x_kpi = kpi_named(x_name), y_kpi = kpi_named(y_name);
  if (!x_kpi || !y_kpi)
    throw InputError(fmt::format("{}: unknown Pareto KPIs {}, {}", (dir / "sweep.json").string(),
                                 x_name, y_name));

  page.heading(1, fmt::format("Sweep: {}", about.sweep));
  page.facts({{"Levers", fmt::format("{}", fmt::join(levers, ", "))},
              {"Combinations", with_commas(static_cast<double>(about.combinations))},
              {"Replications each", with_commas(static_cast<double>(about.replications))},
              {"Seed", std::to_string(about.seed)},
              {"Trade-off", fmt::format("{} ({} is better) against {} ({} is better)",
                                        kpi_label(x_name, names), about.pareto_x.better,
                                        kpi_label(y_name, names), about.pareto_y.better)}});

  svg::Scatter scatter;
  scatter.id = "pareto";
  scatter.title = "Trade-off between the two chosen KPIs, one point per combination";
  scatter.x_label = kpi_label(x_name, names) + " (mean)";
  scatter.y_label = kpi_label(y_name, names) + " (mean)";
  scatter.x_scale = scale_of(*x_kpi);
  scatter.y_scale = scale_of(*y_kpi);
  scatter.label_every_point = true;
  const std::size_t x_col = csv.column(x_name + ".mean"), y_col = csv.column(y_name + ".mean");
  const std::size_t pareto_col = csv.column("pareto");

  Table t;
  t.id = "combinations";
  t.caption =
      "Every combination (means over replications); bold rows are Pareto-efficient, allowing "
      "for noise.";
  t.header = {"#"};
  t.numeric = {true};
  for (const std::string& lever : levers) {
    t.header.push_back(lever);
    t.numeric.push_back(false);
  }
  const std::vector<Kpi> shown = sweep_shown_kpis(*x_kpi, *y_kpi);
  for (Kpi k : shown) {
    t.header.push_back(kpi_label(info(k).name, names));
    t.numeric.push_back(true);
  }
  for (const auto& row : csv.rows) {
    const std::string combination = row[csv.column("combination")].text;
    std::vector<std::string> settings;
    std::vector<std::string> cells{combination};
    for (const std::string& lever : levers) {
      settings.push_back(fmt::format("{} = {}", lever, row[csv.column(lever)].text));
      cells.push_back(row[csv.column(lever)].text);
    }
    for (Kpi k : shown)
      cells.push_back(
          kpi_text(k, cell_number(row[csv.column(std::string(info(k).name) + ".mean")].text)));
    const bool efficient = row[pareto_col].text == "1";
    const double x = cell_number(row[x_col].text), y = cell_number(row[y_col].text);
    std::vector<std::string> values;
    for (const std::string& lever : levers)
      values.push_back(row[csv.column(lever)].text);
    scatter.points.push_back(
        {x, y, fmt::format("{}", fmt::join(values, " · ")),
         fmt::format("#{}: {}\n{}: {}\n{}: {}{}", combination, fmt::join(settings, ", "),
                     kpi_label(x_name, names), kpi_text(*x_kpi, x), kpi_label(y_name, names),
                     kpi_text(*y_kpi, y), efficient ? "\nPareto-efficient" : ""),
         efficient});
    t.rows.push_back(cells);
    t.emphasised_rows.push_back(efficient);
  }
  page.heading(2, "Trade-off and Pareto front", "pareto");
  page.note(fmt::format(
      "Each point is one combination of levers, labelled with their values ({}) where the "
      "label fits. Pareto-efficient combinations are joined by the dashed front: no other is "
      "better on one KPI by more than the runs' noise (1.96 standard errors of the "
      "difference) and worse on neither by more than it.",
      fmt::join(levers, " · ")));
  page.chart(svg::render(scatter));
  page.heading(2, "Combinations", "combinations");
  page.table(t);
}

}  // namespace rollout::report
