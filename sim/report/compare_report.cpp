// The report of `rollout compare`: levers side by side, the scenarios' fans overlaid, and
// the paired differences against the first scenario.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <set>

#include "report/sections.hpp"
#include "rollout/analysis/comparison_file.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::report {
namespace {

struct ComparedRun {
  std::string name;
  RunFolder run;
};

void write_levers_side_by_side(Page& page, const std::vector<ComparedRun>& runs) {
  for (const ComparedRun& r : runs)
    if (!r.run.scenario) return;  // an older folder: nothing to line up
  page.heading(2, "Plans side by side", "levers");
  Table t;
  t.id = "levers";
  t.caption = "Levers of each scenario; rows in bold differ between scenarios.";
  t.header = {"lever"};
  std::vector<std::vector<std::vector<std::string>>> per_run;
  for (const ComparedRun& r : runs) {
    t.header.push_back(r.name);
    per_run.push_back(lever_rows(*r.run.scenario));
  }
  // Rows are matched by lever name: formats may differ between scenarios.
  for (const auto& first_row : per_run.front()) {
    std::vector<std::string> row{first_row[0]};
    bool differs = false;
    for (const auto& rows : per_run) {
      std::string setting = "–";
      for (const auto& candidate : rows)
        if (candidate[0] == first_row[0]) setting = candidate[1];
      differs = differs || setting != first_row[1];
      row.push_back(setting);
    }
    t.rows.push_back(row);
    t.emphasised_rows.push_back(differs);
  }
  page.table(t);
}

// The metric over `dates` (sorted calendar labels), missing where the run has no value:
// scenarios may start in different months or run for different horizons.
MetricSeries aligned(const MetricSeries& m, const std::vector<std::string>& dates) {
  MetricSeries out = m;
  out.dates = dates;
  for (auto& [stat, values] : out.stats) {
    const std::vector<double>& source = m.stats.at(stat);
    values.assign(dates.size(), NAN);
    for (std::size_t i = 0; i < m.dates.size(); ++i) {
      const auto at = std::lower_bound(dates.begin(), dates.end(), m.dates[i]);
      values[static_cast<std::size_t>(at - dates.begin())] = source[i];
    }
  }
  return out;
}

// Each plan's chance of the target by each month, side by side (the targets may differ:
// each line is its own scenario's).
void write_reached_curves(Page& page, const std::vector<ComparedRun>& runs) {
  std::vector<MetricSeries> curves;
  std::set<std::string> all_dates;
  for (const ComparedRun& r : runs) {
    curves.push_back(reached_curve(r.run.summary));
    if (curves.back().dates.empty()) return;  // a folder of an older rollout
    all_dates.insert(curves.back().dates.begin(), curves.back().dates.end());
  }
  if (runs.empty()) return;
  const std::vector<std::string> dates(all_dates.begin(), all_dates.end());
  std::set<std::string> targets;
  for (const ComparedRun& r : runs)
    targets.insert(target_text(r.run));
  svg::FanChart fan =
      reached_chart(targets.size() == 1 ? *targets.begin() : "each plan's own target");
  fan.x = svg::monthly_axis(dates);
  for (std::size_t j = 0; j < runs.size(); ++j) {
    svg::FanSeries line;
    line.name = runs[j].name;
    line.color = svg::palette()[j % svg::palette().size()];
    line.median = aligned(curves[j], dates).at(kReachedStat);
    line.median_label = "reached by then";
    fan.series.push_back(std::move(line));
  }
  page.chart(svg::render(fan));
}

void write_overlaid_fans(Page& page, const std::vector<ComparedRun>& runs,
                         const std::optional<ObservationsFile>& observed) {
  page.heading(2, "Over time", "over-time");
  page.note(
      "Each scenario's band holds the middle 90% of replications (P5–P95) and its line is the "
      "median. The scenarios use the same seed and replication indices (common random "
      "numbers), so their differences come from the plans, not from different draws.");
  note_observed(page, observed);
  auto overlay = [&](const std::string& metric, svg::FanChart fan, bool quarterly) {
    std::set<std::string> all_dates;
    for (const ComparedRun& r : runs) {
      if (!r.run.series.has(metric)) return;
      const auto& dates = r.run.series.metric(metric).dates;
      all_dates.insert(dates.begin(), dates.end());
    }
    const std::vector<std::string> dates(all_dates.begin(), all_dates.end());
    fan.x = quarterly ? svg::quarterly_axis(dates) : svg::monthly_axis(dates);
    for (std::size_t j = 0; j < runs.size(); ++j) {
      const SeriesTable& series = runs[j].run.series;
      const MetricSeries m = aligned(series.metric(metric), dates);
      svg::FanSeries s = fan_series(m, series.percentile_levels, runs[j].name,
                                    svg::palette()[j % svg::palette().size()]);
      if (s.bands.size() > 1) s.bands.resize(1);  // outer band only: overlays stay legible
      fan.series.push_back(std::move(s));
    }
    fan.observed = observed_points(observed, metric, dates, quarterly, fan.scale);
    page.chart(svg::render(fan));
  };
  const LabelNames names = runs.empty() ? LabelNames{} : label_names_of(runs.front().run);
  write_reached_curves(page, runs);
  for (const MetricChart& chart : monthly_charts(names)) {
    svg::FanChart fan;
    fan.id = chart.id;
    fan.title = chart.title;
    fan.y_label = chart.y_label;
    fan.scale = chart.scale;
    fan.y_from_zero = chart.from_zero;
    for (const ComparedRun& r : runs) {
      for (svg::ReferenceLine line : references_for(chart, r.run)) {
        line.label += " (" + r.name + ")";
        const bool repeated = std::any_of(fan.references.begin(), fan.references.end(),
                                          [&](const auto& e) { return e.value == line.value; });
        if (!repeated) fan.references.push_back(line);
      }
    }
    overlay(chart.metric, fan, false);
  }
  svg::FanChart share;
  share.id = "global-share";
  share.title = fmt::format("{} share of global phone shipments, by quarter", names.brand);
  share.y_label = "share of global units";
  share.scale = svg::Scale::percent;
  overlay("global_share", share, true);
}

// The answer first: each plan's chance of its target by its deadline, side by side, and how
// it differs from the first plan's over the same futures.
void write_compare_answer(Page& page, const ComparisonFile& comparison,
                          const std::vector<ComparedRun>& runs) {
  const auto entry = std::find_if(comparison.kpis.begin(), comparison.kpis.end(),
                                  [](const auto& k) { return k.first == "target_by_deadline"; });
  if (entry == comparison.kpis.end() || runs.size() != entry->second.scenarios.size()) return;
  std::vector<std::pair<std::string, std::string>> answers;
  for (std::size_t j = 0; j < runs.size(); ++j) {
    const RunFolder& run = runs[j].run;
    const KpiRecord* chance = run.summary.find(Kpi::target_by_deadline);
    if (chance == nullptr || !chance->proportion) return;
    std::string text = chance_of_target_text(run, *chance);
    if (const auto& d = entry->second.scenarios[j].difference; d && std::isfinite(d->mean)) {
      const Kpi k = Kpi::target_by_deadline;
      text += fmt::format("; {} against {} (95% interval {} to {})",
                          format_kpi_percent_difference(k, d->mean), d->against,
                          format_kpi_percent_difference(k, d->ci95[0]),
                          format_kpi_percent_difference(k, d->ci95[1]));
      if (std::isfinite(d->p_better))
        text += fmt::format(
            ": reaches it where {} misses in {:.1f}% of futures, misses where it "
            "reaches in {:.1f}%",
            d->against, 100 * d->p_better, 100 * (1 - d->p_better - d->p_tie));
    }
    answers.emplace_back(runs[j].name, text);
  }
  page.heading(2, "The answer", "answer");
  page.facts(answers);
}

void write_differences(Page& page, const ComparisonFile& comparison,
                       const std::vector<ComparedRun>& runs, const LabelNames& names) {
  page.heading(2, "Key results and paired differences", "differences");
  const std::string first = comparison.scenarios.at(0).name;
  page.note(fmt::format(
      "Difference = scenario − {} over the same replications (common random numbers), with its "
      "standard error and 95% interval; P(better) is the share of replications in which the "
      "scenario is strictly better by the KPI's direction.",
      first));
  Table t;
  t.id = "differences";
  t.header = {"scenario",     "mean (a rank: its chances)",
              "P5",           "P50",
              "P95",          "difference ± se",
              "95% interval", "P(better)"};
  t.numeric = {false, true, true, true, true, true, true, true};
  // How much pairing helped: a table of its own, below (it explains the method, not a plan).
  Table vrfs;
  vrfs.id = "variance-reduction";
  vrfs.caption =
      "Variance-reduction factor of pairing: (Var A + Var B) / Var(B − A), how many times more "
      "replications independent runs would need for the same precision of the difference.";
  vrfs.header = {"KPI", "scenario", "factor"};
  vrfs.numeric = {false, false, true};
  for (const auto& [name, entry] : comparison.kpis) {
    const auto kpi = kpi_named(name);
    if (!kpi) continue;
    const bool binary = info(*kpi).binary();
    auto value = [&](double v) { return format_kpi_percent(*kpi, v); };
    auto difference = [&](double v) { return format_kpi_percent_difference(*kpi, v); };
    t.rows.push_back({fmt::format("{} ({} is better)", kpi_label(name, names), entry.better)});
    // The month the target is reached as a calendar month (each scenario's own start), its
    // differences in months.
    const bool months = *kpi == Kpi::target_month;
    const std::string unit = months ? " months" : "";
    for (std::size_t j = 0; j < entry.scenarios.size(); ++j) {
      const ScenarioKpiRecord& s = entry.scenarios[j];
      const Scenario* scenario =
          j < runs.size() && runs[j].run.scenario ? &*runs[j].run.scenario : nullptr;
      const auto shown = [&](double v, bool central) {
        return months && scenario != nullptr ? target_month_text(*scenario, v, central) : value(v);
      };
      // A rank by its chances, as in a run's report; the paired difference stays that of ranks.
      const KpiRecord* own = j < runs.size() ? runs[j].run.summary.find(*kpi) : nullptr;
      const std::string central = own != nullptr && !own->rank_probabilities.empty()
                                      ? rank_chances_text(own->rank_probabilities)
                                      : shown(s.mean, true);
      std::vector<std::string> row{s.scenario, central, binary ? "" : shown(s.p5, false),
                                   binary ? "" : shown(s.p50, false),
                                   binary ? "" : shown(s.p95, false)};
      if (s.difference) {
        const DifferenceRecord& d = *s.difference;
        const double vrf = d.variance_reduction;
        row.push_back(fmt::format("{} ± {}{}", difference(d.mean),
                                  format_kpi_percent_error(*kpi, d.se), unit));
        row.push_back(
            fmt::format("{} to {}{}", difference(d.ci95[0]), difference(d.ci95[1]), unit));
        row.push_back(fmt::format("{:.1f}%", 100 * d.p_better));
        vrfs.rows.push_back({kpi_label(name, names), s.scenario,
                             std::isnan(vrf) ? "–"
                             : vrf >= 1000   ? with_commas(vrf)
                                             : fmt::format("{:.3g}", vrf)});
      } else {
        row.insert(row.end(), {"(reference)", "", ""});
      }
      t.rows.push_back(row);
    }
  }
  page.table(t);
  if (!vrfs.rows.empty()) page.table(vrfs);
}

}  // namespace

void write_compare_report(Page& page, const std::filesystem::path& dir,
                          const std::optional<std::filesystem::path>& observed) {
  const ComparisonFile comparison =
      parse_comparison_file(read_text(dir / "comparison.json"), (dir / "comparison.json").string());
  std::vector<ComparedRun> runs;
  std::vector<std::string> names;
  for (const ComparedScenarioRecord& s : comparison.scenarios) {
    runs.push_back({s.name, read_run_folder(dir / s.folder)});
    names.push_back(s.name);
  }
  page.heading(1, fmt::format("Comparison: {}", fmt::join(names, " · ")));
  write_compare_answer(page, comparison, runs);
  page.heading(2, "The runs", "runs");
  page.facts({{"Scenarios", fmt::format("{} (the first is the reference)", fmt::join(names, ", "))},
              {comparison.paired ? "Paired replications" : "Replications (unpaired)",
               with_commas(static_cast<double>(comparison.replications))},
              {"Seed", std::to_string(comparison.seed)}});
  write_levers_side_by_side(page, runs);
  const LabelNames label_names = runs.empty() ? LabelNames{} : label_names_of(runs.front().run);
  write_overlaid_fans(page, runs, read_observed(dir, observed));
  write_differences_over_time(page, dir, names, label_names);
  write_differences(page, comparison, runs, label_names);
}

}  // namespace rollout::report
