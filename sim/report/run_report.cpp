// The report of one run (also the per-scenario part of the sensitivity report).
#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "report/sections.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/results/number_format.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/scenario/distributions.hpp"

namespace rollout::report {
namespace {

std::string stat_name(double level) {
  return fmt::format("p{}", level);
}

std::string capacity_text(const Plan& plan) {
  if (plan.opening_capacity.size() == 1)
    return fmt::format("{} openings a month", with_commas(plan.opening_capacity[0].openings));
  std::vector<std::string> points;
  for (const CapacityPoint& c : plan.opening_capacity)
    points.push_back(fmt::format("month {}: {}", c.month, with_commas(c.openings)));
  return fmt::format("{} openings a month (linear in between, flat outside)",
                     fmt::join(points, ", "));
}

std::string param_text(const Param& p) {
  return describe(p.distribution);
}

}  // namespace

std::vector<MetricChart> monthly_charts(const LabelNames& names) {
  auto chart = [&](Monthly series, bool from_zero) {
    const MonthlyInfo& about = info(series);
    std::string id = about.name;
    std::replace(id.begin(), id.end(), '_', '-');
    return MetricChart{about.name,
                       id,
                       label(about.label, names),
                       label(about.unit, names),
                       about.fraction ? svg::Scale::percent : svg::Scale::count,
                       from_zero};
  };
  // The economic series exist only with an economics block; pages skip what a run lacks.
  return {chart(Monthly::stores, false),       chart(Monthly::offline_mix, false),
          chart(Monthly::market_share, false), chart(Monthly::units_per_store, true),
          chart(Monthly::profit, false),       chart(Monthly::discounted_profit_sum, false)};
}

LabelNames label_names_of(const RunFolder& run) {
  return run.scenario ? run.scenario->label_names() : LabelNames{};
}

svg::FanSeries fan_series(const MetricSeries& m, const std::vector<double>& levels,
                          const std::string& name, const std::string& colour) {
  svg::FanSeries s;
  s.name = name;
  s.color = colour;
  std::vector<double> below, above;
  for (double level : levels)
    (level < 50 ? below : above).push_back(level);
  above.erase(std::remove(above.begin(), above.end(), 50.0), above.end());
  auto add_band = [&](double lo, double hi) {
    s.bands.push_back({fmt::format("P{}–P{}", lo, hi), m.at(stat_name(lo)), m.at(stat_name(hi))});
  };
  if (!below.empty() && !above.empty()) {
    add_band(below.front(), above.back());
    // The inner band: the pair nearest the quartiles, if it differs from the outer one.
    auto nearest = [](const std::vector<double>& v, double target) {
      return *std::min_element(v.begin(), v.end(), [&](double a, double b) {
        return std::abs(a - target) < std::abs(b - target);
      });
    };
    const double lo = nearest(below, 25), hi = nearest(above, 75);
    if (lo != below.front() || hi != above.back()) add_band(lo, hi);
  }
  const bool has_median = std::find(levels.begin(), levels.end(), 50.0) != levels.end();
  s.median = m.at(has_median ? "p50" : "mean");
  s.median_label = has_median ? "median" : "mean";
  return s;
}

std::vector<svg::ReferenceLine> references_for(const MetricChart& chart, const RunFolder& run) {
  if (chart.metric == name(Monthly::profit) || chart.metric == name(Monthly::discounted_profit_sum))
    return {{0.0, "break-even"}};
  if (chart.metric != "stores" || !run.scenario) return {};
  return {{static_cast<double>(run.scenario->plan.target_stores),
           fmt::format("target {}",
                       with_commas(static_cast<double>(run.scenario->plan.target_stores)))}};
}

void note_observed(Page& page, const std::optional<ObservationsFile>& observed) {
  if (observed)
    page.note(fmt::format("Points: what was observed ({}), where a chart shows its metric.",
                          std::filesystem::path(observed->file).filename().string()));
}

std::vector<svg::ObservedPoint> observed_points(const std::optional<ObservationsFile>& observed,
                                                const std::string& metric,
                                                const std::vector<std::string>& dates,
                                                bool quarterly, svg::Scale scale) {
  std::vector<svg::ObservedPoint> points;
  if (!observed) return points;
  // A calendar month's (or its quarter's) position on the axis, if the axis has it.
  const auto position = [&](CalendarMonth month) -> std::optional<double> {
    const std::string label = quarterly ? month.quarter_text() : month.text();
    const auto at = std::find(dates.begin(), dates.end(), label);
    if (at == dates.end()) return std::nullopt;
    return static_cast<double>(at - dates.begin());
  };
  for (const Observation& row : observed->rows) {
    // The quarter's market share is the share of the quarter's units: on the monthly share's
    // chart at the quarter's middle month.
    const bool quarter_share = metric == info(Monthly::market_share).name &&
                               row.metric.quarterly == Quarterly::market_share;
    if (row.metric.name() != metric && !quarter_share) continue;
    const auto first = position(row.first_month), last = position(row.last_month);
    if (!first || !last) continue;
    // One period of the axis, or a stock's last one, or a share's middle; not a flow's sum.
    const bool one = *first == *last;
    const PeriodTotal total = quarter_share ? PeriodTotal::mean : row.metric.total(row.period);
    if (!one && total != PeriodTotal::last && total != PeriodTotal::mean) continue;
    const double at = one || total == PeriodTotal::last ? *last : (*first + *last) / 2;
    points.push_back(
        {at, row.value,
         fmt::format("{}: {} observed{}", row.date, svg::format_value(row.value, scale),
                     row.source.empty() ? "" : " (" + row.source + ")")});
  }
  return points;
}

std::string kpi_label(const std::string& kpi, const LabelNames& names) {
  const auto known = kpi_named(kpi);
  return known ? label(*known, names) : kpi;
}

std::string month_label(const Scenario& scenario, int month_index) {
  return (scenario.first_calendar_month() + month_index).name();
}

std::string target_month_text(const Scenario& scenario, double month_index, bool with_index) {
  if (!std::isfinite(month_index)) return format_kpi_value(Kpi::target_month, month_index);
  const std::string month = month_label(scenario, static_cast<int>(std::lround(month_index)));
  return with_index ? fmt::format("{} (month {:.1f})", month, month_index) : month;
}

void write_run_facts(Page& page, const SummaryFile& summary) {
  const RunRecord& record = summary.run;
  const RunInfo& run = record.info;
  std::vector<std::pair<std::string, std::string>> facts{
      {"Replications", with_commas(static_cast<double>(run.replications))},
      {"Seed", std::to_string(run.seed)},
      {"Sampling design", record.sampling},
      {"Start month, horizon", fmt::format("{}, {} months", record.start_month, record.months)},
      {"Run on", fmt::format("{} thread(s), {:.1f} s", run.threads, run.wall_seconds)},
      {"rollout version", run.version},
      {"Scenario SHA-256", run.scenario_sha256}};
  if (run.precision) {
    const PrecisionResult& p = *run.precision;
    const std::optional<Kpi> kpi = kpi_named(p.kpi);
    const auto shown = [&](double x) {
      return kpi ? format_kpi_percent_error(*kpi, x) : fmt::format("{:g}", x);
    };
    facts.push_back(
        {"Precision target",
         fmt::format("95% interval of {} within ± {}: {} (± {})", p.kpi, shown(p.target),
                     p.reached ? "reached" : "not reached", shown(p.achieved))});
  }
  page.facts(facts);
}

std::vector<std::vector<std::string>> lever_rows(const Scenario& s) {
  const Plan& plan = s.plan;
  const double reached = std::ceil(plan.reach_fraction * static_cast<double>(plan.target_stores));
  std::vector<std::vector<std::string>> rows{
      {"Focal brand", s.brands[s.focal_index()].name},
      {"Target", fmt::format("{} {} stores (counted as reached at {:g}%: {})",
                             with_commas(static_cast<double>(plan.target_stores)),
                             s.brands[s.focal_index()].name, 100 * plan.reach_fraction,
                             with_commas(reached))},
      {"Deadline", fmt::format("month {}: reached before {}", plan.deadline_month,
                               month_label(s, plan.deadline_month))},
      {"Opening capacity", capacity_text(plan)},
      {"Allocation of openings", to_string(plan.allocation)},
      {"Lead time", fmt::format("{} months from plan to opening", plan.lead_time_months)},
      {"After the deadline", to_string(plan.after_deadline)},
      {"Closures replaced by the planner", plan.closure_allowance == ClosureAllowance::recent
                                               ? "the last 12 months', one lead time's worth"
                                               : "none"},
      {"Execution rate (realised / planned)", param_text(plan.execution_rate)},
      {"Execution rate the planners assume", param_text(plan.planning_execution_rate)},
      {"New-store productivity", param_text(plan.new_store_productivity)},
      {"Underperformance closure factor", param_text(plan.underperformance_closure_factor)},
      {"Density cap", fmt::format("{:g} stores per million people", plan.density_cap_per_million)}};
  for (const StoreFormat& f : plan.formats) {
    rows.push_back(
        {fmt::format("Format {}", f.name),
         fmt::format("{:g}% of openings, {:g}% of the initial network; closure rate {} a year; "
                     "break-even {} units a month",
                     100 * f.mix, 100 * f.initial_mix, param_text(f.closure_rate_per_year),
                     param_text(f.break_even_units_per_month))});
  }
  if (s.economics) {
    const Economics& e = *s.economics;
    rows.push_back(
        {"Margins a unit", fmt::format("{} in own stores, {} through other shops, {} online ({})",
                                       param_text(e.own_store_margin_per_unit),
                                       param_text(e.third_party_margin_per_unit),
                                       param_text(e.online_margin_per_unit), e.currency)});
    for (std::size_t k = 0; k < e.formats.size() && k < plan.formats.size(); ++k) {
      const FormatCosts& c = e.formats[k];
      rows.push_back(
          {fmt::format("Costs of format {}", plan.formats[k].name),
           fmt::format("{} a month per store, {} per opening, {} per closure ({})",
                       param_text(c.fixed_cost_per_month), param_text(c.capital_cost_per_opening),
                       param_text(c.cost_per_closure), e.currency)});
    }
    rows.push_back(
        {"Discount rate", fmt::format("{} a year", param_text(e.discount_rate_per_year))});
  }
  rows.push_back(
      {"Market", fmt::format("{} regions, {} brands, {:.1f} M phones a year at the start, offline "
                             "share {}",
                             s.regions.size(), s.brands.size(),
                             s.market.units_per_year.is_fixed()
                                 ? s.market.units_per_year.fixed_value() / 1e6
                                 : mean(s.market.units_per_year.distribution) / 1e6,
                             param_text(s.market.offline_share))});
  return rows;
}

void write_assumptions(Page& page, const Scenario& s) {
  page.heading(2, "Plan and key assumptions", "assumptions");
  Table levers;
  levers.id = "levers";
  levers.caption = "The plan's levers, as resolved (defaults filled in).";
  levers.header = {"lever", "setting"};
  levers.rows = lever_rows(s);
  page.table(levers);

  Table inputs;
  inputs.id = "uncertain-inputs";
  inputs.caption =
      "Uncertain inputs: drawn once per replication (growth rates once per simulated year).";
  inputs.header = {"input", "distribution", "P5", "median", "P95"};
  inputs.numeric = {false, false, true, true, true};
  for (const Param* p : s.params()) {
    if (p->is_fixed()) continue;
    auto q = [&](double level) { return fmt::format("{:.4g}", quantile(p->distribution, level)); };
    inputs.rows.push_back({p->name + (s.is_per_year(p) ? " (each year)" : ""),
                           describe(p->distribution), q(0.05), q(0.5), q(0.95)});
  }
  if (inputs.rows.empty())
    page.note("Every input is fixed: replications differ only by their demand shocks.");
  else
    page.table(inputs);

  if (!s.correlations.empty()) {
    Table pairs;
    pairs.id = "correlations";
    pairs.caption = "Rank correlations between inputs (Gaussian copula).";
    pairs.header = {"input", "input", "Spearman"};
    pairs.numeric = {false, false, true};
    for (const RankCorrelation& c : s.correlations)
      pairs.rows.push_back({c.first, c.second, fmt::format("{:+.2f}", c.spearman)});
    page.table(pairs);
  }
}

// Where the network grows: mean own stores by region group (the regions' `group`), or by
// region when there are no groups and few regions. Means add up, so a group's mean is the
// sum of its regions' means.
void write_region_growth(Page& page, const RunFolder& run, const LabelNames& names) {
  if (!run.region_series || !run.scenario) return;
  const std::vector<Region>& regions = run.scenario->regions;
  const bool grouped =
      std::any_of(regions.begin(), regions.end(), [](const Region& r) { return !r.group.empty(); });
  if (!grouped && regions.size() > 8) return;  // one line a region would not be legible
  std::vector<std::string> lines;              // group names in first-seen order
  std::map<std::string, std::vector<double>> sums;
  std::vector<std::string> dates;
  for (const Region& r : regions) {
    const std::string line = grouped ? (r.group.empty() ? "(no group)" : r.group) : r.name;
    const std::string metric = r.name + "/" + std::string(kRegionSeriesStores);
    if (!run.region_series->has(metric)) return;  // a folder of another shape: no chart
    const MetricSeries& m = run.region_series->metric(metric);
    dates = m.dates;
    auto [at, added] = sums.try_emplace(line, m.dates.size(), 0.0);
    if (added) lines.push_back(line);
    const std::vector<double>& mean = m.at("mean");
    for (std::size_t t = 0; t < mean.size() && t < at->second.size(); ++t)
      at->second[t] += mean[t];
  }
  svg::FanChart fan;
  fan.id = "region-stores";
  fan.title = fmt::format("Mean {} stores by {}", names.brand, grouped ? "region group" : "region");
  fan.y_label = "stores";
  fan.scale = svg::Scale::count;
  fan.y_from_zero = true;
  fan.x = svg::monthly_axis(dates);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    svg::FanSeries s;
    s.name = lines[i];
    s.color = svg::palette()[i % svg::palette().size()];
    s.median = sums[lines[i]];
    s.median_label = "mean";
    fan.series.push_back(std::move(s));
  }
  page.chart(svg::render(fan));
}

MetricSeries reached_curve(const SummaryFile& summary) {
  MetricSeries curve;
  curve.metric = "target_month.reached_by_month";
  const KpiRecord* when = summary.find(Kpi::target_month);
  if (when == nullptr) return curve;
  std::vector<double>& chances = curve.stats[kReachedStat];
  for (const auto& [month, chance] : when->reached_by_month) {
    curve.dates.push_back(month);
    chances.push_back(chance);
  }
  return curve;
}

svg::FanChart reached_chart(const std::string& target_text) {
  svg::FanChart fan;
  fan.id = "target-reached";
  fan.title = fmt::format("Chance of {} by each month", target_text);
  fan.y_label = "share of replications that reached it";
  fan.scale = svg::Scale::percent;
  fan.y_from_zero = true;
  return fan;
}

std::string target_text(const RunFolder& run) {
  if (!run.scenario) return "the target";
  return fmt::format("{} {} stores",
                     with_commas(static_cast<double>(run.scenario->plan.target_stores)),
                     label_names_of(run).brand);
}

std::string chance_of_target_text(const RunFolder& run, const KpiRecord& chance) {
  std::string text = fmt::format("{:.0f}% chance (95% interval {:.0f}–{:.0f}%) of {}",
                                 100 * chance.proportion.value_or(NAN), 100 * chance.ci95[0],
                                 100 * chance.ci95[1], target_text(run));
  if (run.scenario)
    text += fmt::format(" by the end of {}",
                        month_label(*run.scenario, run.scenario->plan.deadline_month - 1));
  return text;
}

void write_run_charts(Page& page, const RunFolder& run) {
  const SeriesTable& series = run.series;
  page.heading(2, "Over time", "over-time");
  if (const MetricSeries curve = reached_curve(run.summary); !curve.dates.empty()) {
    svg::FanChart fan = reached_chart(target_text(run));
    fan.x = svg::monthly_axis(curve.dates);
    svg::FanSeries line;
    line.color = svg::palette()[1];
    line.median = curve.at(kReachedStat);
    line.median_label = "reached by then";
    fan.series = {line};
    page.chart(svg::render(fan));
  }
  page.note(
      "Shaded bands hold the middle 90% and 50% of replications in each month; the line is the "
      "median.");
  note_observed(page, run.observed);
  const LabelNames names = label_names_of(run);
  for (const MetricChart& chart : monthly_charts(names)) {
    if (!series.has(chart.metric)) continue;
    const MetricSeries& m = series.metric(chart.metric);
    svg::FanChart fan;
    fan.id = chart.id;
    fan.title = chart.title;
    fan.y_label = chart.y_label;
    fan.scale = chart.scale;
    fan.y_from_zero = chart.from_zero;
    fan.x = svg::monthly_axis(m.dates);
    fan.series = {fan_series(m, series.percentile_levels, "", svg::palette()[0])};
    fan.references = references_for(chart, run);
    fan.observed = observed_points(run.observed, chart.metric, m.dates, false, chart.scale);
    page.chart(svg::render(fan));
  }
  write_region_growth(page, run, names);
  write_region_maps(page, run, names);
  if (!series.has("global_share")) return;
  page.heading(2, "Global share and rank", "global");
  const MetricSeries& share = series.metric("global_share");
  svg::FanChart fan;
  fan.id = "global-share";
  fan.title = fmt::format("{} share of global phone shipments, by quarter", names.brand);
  fan.y_label = "share of global units";
  fan.scale = svg::Scale::percent;
  fan.x = svg::quarterly_axis(share.dates);
  fan.series = {fan_series(share, series.percentile_levels, "", svg::palette()[2])};
  fan.observed = observed_points(run.observed, "global_share", share.dates, true, fan.scale);
  page.chart(svg::render(fan));

  const MetricSeries& rank = series.metric("global_rank");
  svg::StackedBars bars;
  bars.id = "global-rank";
  bars.title = fmt::format("Probability of each global rank of {}, by quarter", names.brand);
  bars.y_label = "share of replications";
  bars.x = svg::quarterly_axis(rank.dates);
  const std::vector<std::string> colours{"#0072B2", "#56B4E9", "#E69F00", "#CC79A7", "#BBBBBB"};
  const std::size_t periods = rank.dates.size();
  std::vector<double> lower(periods, 0);
  for (int r = 1; rank.stats.count(fmt::format("prob_rank_{}", r)) > 0; ++r) {
    const auto& p = rank.at(fmt::format("prob_rank_{}", r));
    if (r <= 4) {
      bars.stacks.push_back(
          {fmt::format("rank {}", r), colours[static_cast<std::size_t>(r - 1)], p});
    } else {
      for (std::size_t i = 0; i < periods; ++i)
        lower[i] += std::isfinite(p[i]) ? p[i] : 0;
    }
  }
  if (std::any_of(lower.begin(), lower.end(), [](double v) { return v > 0; }))
    bars.stacks.push_back({"rank 5 or lower", colours[4], lower});
  page.chart(svg::render(bars));
}

void write_kpi_table(Page& page, const SummaryFile& summary, const LabelNames& names,
                     const Scenario* scenario) {
  page.heading(2, "Key results", "kpis");
  Table t;
  t.id = "kpis";
  t.caption =
      "Across replications; ± is the standard error of the mean; a rank shows the chance of "
      "each place instead.";
  t.header = {"KPI", "mean ± se (a rank: its chances)", "P5", "P50", "P95", "replications"};
  t.numeric = {false, true, true, true, true, true};
  for (const auto& item : summary.kpis) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& name = item.first;
    const KpiRecord& k = item.second;
    const auto kpi = kpi_named(name);
    if (!kpi) continue;
    const std::string count = with_commas(static_cast<double>(k.count));
    if (k.proportion) {
      t.rows.push_back({kpi_label(name, names),
                        fmt::format("{:.1f}% (95% interval {:.1f}%–{:.1f}%)", 100 * *k.proportion,
                                    100 * k.ci95[0], 100 * k.ci95[1]),
                        "", "", "", count});
      continue;
    }
    // A month index as the calendar month it is (an interpolated percentile to the nearest).
    const bool calendar = scenario != nullptr && *kpi == Kpi::target_month;
    auto value = [&](const std::string& stat) {
      const double x = k.statistic(stat);
      return calendar ? target_month_text(*scenario, x, stat == "mean") : format_kpi_value(*kpi, x);
    };
    const double se = k.statistic("se");
    // A rank by its chances, not its mean: "2.8" hides that first and fifth are both likely.
    const std::string central =
        !k.rank_probabilities.empty() ? rank_chances_text(k.rank_probabilities)
        : std::isnan(se)              ? value("mean")
                         : fmt::format("{} ± {}", value("mean"), format_kpi_error(*kpi, se));
    t.rows.push_back(
        {kpi_label(name, names), central, value("p5"), value("p50"), value("p95"), count});
  }
  page.table(t);
}

std::string rank_chances_text(const std::vector<double>& rank_probabilities) {
  constexpr std::array<const char*, 3> kOrdinals{"1st", "2nd", "3rd"};
  // Places no replication reached at the bottom (there are fewer ranked brands) are left out.
  std::size_t places = rank_probabilities.size();
  while (places > 1 && rank_probabilities[places - 1] == 0)
    --places;
  std::vector<std::string> parts;
  double rest = 0;
  for (std::size_t r = 0; r < places; ++r) {
    if (r < kOrdinals.size())
      parts.push_back(fmt::format("{} {:.1f}%", kOrdinals[r], 100 * rank_probabilities[r]));
    else
      rest += rank_probabilities[r];
  }
  if (places > kOrdinals.size())
    parts.push_back(fmt::format("{}th or lower {:.1f}%", kOrdinals.size() + 1, 100 * rest));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The NPV's distribution over the replications, at every percentile the run kept: the
// cumulative discounted profit chart ends at it.
void write_economics(Page& page, const SummaryFile& summary, const LabelNames& names) {
  const KpiRecord* npv = summary.find(Kpi::npv);
  if (npv == nullptr || !npv->mean) return;
  page.heading(2, "Economics", "economics");
  page.note(fmt::format(
      "Profit is the {0} network's margin on its units (own stores, other shops offline, "
      "online) less each store's fixed cost and the capital and closure costs of the month, in "
      "{1}; the net present value discounts each month's profit to the start.",
      names.brand, names.currency));
  Table t;
  t.id = "npv";
  t.caption = label(info(Kpi::npv).label, names) + ", across replications (millions)";
  t.header = {"statistic", "value"};
  t.numeric = {false, true};
  const auto row = [&](const std::string& shown, double value) {
    if (std::isfinite(value)) t.rows.push_back({shown, format_kpi_value(Kpi::npv, value)});
  };
  row("mean", *npv->mean);
  row("standard error of the mean", npv->se);
  for (const auto& [stat, value] : npv->percentiles)
    row(stat, value);
  page.table(t);
}

// The answer before the evidence: the chance of the target by the deadline, when it is
// reached, and where the network, the share and the money end, each with its spread.
void write_headline(Page& page, const RunFolder& run) {
  const SummaryFile& summary = run.summary;
  const LabelNames names = label_names_of(run);
  // "median 29,454 (90% of replications between 23,229 and 30,042)"
  const auto spread = [&](Kpi k) {
    const KpiRecord& entry = *summary.find(k);
    return fmt::format("median {} (90% of replications between {} and {})",
                       format_kpi_value(k, entry.statistic("p50")),
                       format_kpi_value(k, entry.statistic("p5")),
                       format_kpi_value(k, entry.statistic("p95")));
  };
  std::vector<std::pair<std::string, std::string>> answers;
  const KpiRecord* chance = summary.find(Kpi::target_by_deadline);
  if (run.scenario && chance != nullptr && chance->proportion) {
    answers.push_back({"Target reached in time", chance_of_target_text(run, *chance)});
    const KpiRecord* when = summary.find(Kpi::target_month);
    const double reached = when != nullptr ? static_cast<double>(when->count) : 0;
    const auto all = static_cast<double>(summary.run.info.replications);
    if (reached > 0 && std::isfinite(when->statistic("p50"))) {
      const auto month = [&](const char* stat) {
        return month_label(*run.scenario, static_cast<int>(std::ceil(when->statistic(stat))));
      };
      answers.push_back(
          {"When",
           fmt::format("reached within the horizon in {:.0f}% of replications; of those, half "
                       "by {} (90% between {} and {})",
                       100 * reached / all, month("p50"), month("p5"), month("p95"))});
    } else {
      answers.push_back({"When", "no replication reaches the target within the horizon"});
    }
  }
  if (summary.find(Kpi::stores_end) != nullptr)
    answers.push_back({fmt::format("{} stores at the end", names.brand), spread(Kpi::stores_end)});
  if (summary.find(Kpi::market_share_end) != nullptr)
    answers.push_back({fmt::format("{} share of {} sales at the end", names.brand, names.market),
                       spread(Kpi::market_share_end)});
  if (summary.find(Kpi::npv) != nullptr)
    answers.push_back({fmt::format("Net present value ({})", names.currency), spread(Kpi::npv)});
  if (answers.empty()) return;
  page.heading(2, "The answer", "answer");
  page.facts(answers);
}

void write_run_report(Page& page, const RunFolder& run, bool backtest) {
  page.heading(1, run.summary.run.info.scenario);
  if (run.scenario && !run.scenario->description.empty()) page.paragraph(run.scenario->description);
  write_headline(page, run);
  // A discover folder: where the condition concentrates, right after the run's answer.
  if (std::filesystem::exists(run.dir / "discover.json")) write_discovery_section(page, run.dir);
  write_run_facts(page, run.summary);
  if (backtest) write_backtest_section(page, run.dir);
  if (run.scenario)
    write_assumptions(page, *run.scenario);
  else
    page.note("This folder has no scenario.yaml (written by an older rollout): levers not shown.");
  write_run_charts(page, run);
  write_kpi_distributions(page, run);
  write_kpi_table(page, run.summary, label_names_of(run), run.scenario ? &*run.scenario : nullptr);
  write_economics(page, run.summary, label_names_of(run));
}

}  // namespace rollout::report
