#pragma once
// What a replication reports (docs/model.md#outputs): the monthly series and the KPIs by
// name. They belong to the scenario stage because files name them too: a sweep's Pareto
// pair, a precision target, a discover condition.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollout {

// What labels call the focal brand and the market (Scenario::label_names()); labels are
// templates with {brand} and {market}, so that nothing names a country or says "focal".
struct LabelNames {
  std::string brand = "Focal";
  std::string market = "Market";
  std::string currency = "currency units";
};

enum class Monthly {
  stores,    // focal stores open at the end of the month, after closures
  openings,  // realised
  closures,
  pipeline,         // planned and not yet due, after this month's planning
  offline_units,    // focal, in the market
  online_units,     // focal, in the market
  offline_mix,      // offline / total, focal, in the market
  market_share,     // focal share of the market's units
  units_per_store,  // focal own-store units per own store, national (0 when there is none)
  market_units,     // all brands, in the market
  // With an economics block only (docs/model.md, "Economics"):
  profit,                 // Pi(t), the focal network's operating result of the month
  discounted_profit_sum,  // sum over months 0..t of Pi / (1 + r)^((s + 1) / 12)
};
inline constexpr std::size_t kMonthlyCount = 12;

// How a series' value over a longer period (a quarter or a year of months, a year of quarters)
// follows from its values in the period (docs/backtest.md, "Observations"): the sum of a flow, the
// last value of a stock, the mean of a share or a rate; a rank has none.
enum class PeriodTotal { sum, last, mean, none };

struct MonthlyInfo {
  Monthly series;  // its own position in the table (checked when compiled)
  const char* name;
  const char* label;  // a chart's title, a template: label(series, names)
  const char* unit;   // a chart's axis, a template as well
  bool fraction;      // a share in [0, 1], shown as a percentage
  bool economic;      // exists only for a scenario with an economics block
  PeriodTotal over_period;
};
const MonthlyInfo& info(Monthly m);
const char* name(Monthly m);

// Quarterly series, by calendar quarter (docs/outputs.md, series.csv): the focal brand's global
// share and rank, its share and rank in the market, then each brand's global units (the last
// kind repeats once per brand, brand b at position brand_units + b).
enum class Quarterly { global_share, global_rank, market_share, market_rank, brand_units };
inline constexpr std::size_t kQuarterlyKinds = 5;

struct QuarterlyInfo {
  Quarterly series;  // its own position in the table (checked when compiled)
  const char* name;  // in files; brand_units as "global_units.BRAND"
  bool fraction;     // a share in [0, 1]
  bool rank;         // 1 = first
  bool per_brand;    // one series per brand
  PeriodTotal over_year;
};
const QuarterlyInfo& info(Quarterly q);

enum class Kpi {
  stores_end,
  target_month,        // first month reaching reach_fraction * target; missing (NaN) if never
  target_by_deadline,  // 0/1
  offline_mix_end,
  market_share_end,
  units_per_store_end,
  global_share_end,
  global_rank_end,
  market_rank_end,  // the focal brand's rank in the modelled market, last quarter
  quarters_at_rank1,
  openings_total,
  closures_total,
  market_units_total,
  global_units_total,
  // With an economics block only:
  npv,                     // net present value at the start of the horizon
  profit_end,              // mean profit of the last 3 months
  loss_making_stores_end,  // own stores whose margin falls short of their fixed cost
};
inline constexpr std::size_t kKpiCount = 17;

// How a KPI's values read best (results/number_format.hpp turns this into text).
enum class KpiDisplay {
  proportion,  // a 0/1 outcome: summarised as a proportion with a Wilson interval
  share,       // a fraction, shown as a percentage
  millions,    // phones, shown in millions
  decimal,     // a month index, units per store: one decimal
  rank,        // 1 = first: one decimal, and the probability of each rank
  count,       // stores: a whole number with thousands separators
  money,       // in the scenario's currency, shown in millions
};

// What a KPI is: the one table read by the outcome, the summaries, the terminal, the
// files, the report and "did you mean". docs/outputs.md lists the same KPIs for users.
struct KpiInfo {
  Kpi kpi;  // its own position in the table (checked when compiled)
  const char* name;
  const char* label;  // as the report titles it, a template: label(kpi, names)
  KpiDisplay display;
  bool optional;   // may be missing (NaN) in a replication: summarised over those that have it
  int direction;   // +1: more is better; -1: less is better (for comparisons)
  bool quarterly;  // of the last whole calendar quarter: missing when there is none
  bool economic;   // exists only for a scenario with an economics block

  bool binary() const { return display == KpiDisplay::proportion; }
  bool is_rank() const { return display == KpiDisplay::rank; }
};
const KpiInfo& info(Kpi k);
// Whether a run of a scenario with (or without) an economics block reports it: every
// output but the economic ones, which exist only with the block.
inline bool reported(const KpiInfo& k, bool economics) {
  return economics || !k.economic;
}
inline bool reported(const MonthlyInfo& m, bool economics) {
  return economics || !m.economic;
}
// The KPIs a run reports, in table order.
std::vector<Kpi> reported_kpis(bool economics);
// "" when a run of a scenario with (or without) economics reports `k`; otherwise why not,
// for a message naming where the KPI was asked for.
std::string unreported_reason(Kpi k, bool economics);
// A label template with the brand's, the market's and the currency's names filled in.
std::string label(const char* text, const LabelNames& names);
std::string label(Kpi k, const LabelNames& names);
std::string label(Monthly m, const LabelNames& names);
// The KPI of a name as in docs/outputs.md ("stores_end"), if there is one.
std::optional<Kpi> kpi_named(std::string_view name);
// Every KPI name, in table order (for "did you mean" and usage texts).
std::vector<std::string> kpi_names();
// The name revision 2 of the model gave a name of revision 1 (a KPI, a series or a
// scenario key that named a country), or nullptr.
const char* renamed_in_revision2(std::string_view old_name);
// What to add to "'x' is not a KPI": "; did you mean 'y'?" for a near miss, else "".
std::string kpi_suggestion(std::string_view name);

// The KPIs a sweep's terminal table and report show, and those a sensitivity study
// analyses unless told otherwise.
inline constexpr std::array<Kpi, 5> kSweepShownKpis{Kpi::stores_end, Kpi::target_by_deadline,
                                                    Kpi::market_share_end, Kpi::units_per_store_end,
                                                    Kpi::closures_total};
// kSweepShownKpis, then either Pareto KPI that is not among them (e.g. npv).
std::vector<Kpi> sweep_shown_kpis(Kpi pareto_x, Kpi pareto_y);
inline constexpr std::array<Kpi, 6> kSensitivityDefaultKpis{
    Kpi::target_by_deadline, Kpi::stores_end,          Kpi::offline_mix_end,
    Kpi::market_share_end,   Kpi::units_per_store_end, Kpi::global_share_end};

}  // namespace rollout
