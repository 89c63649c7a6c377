#pragma once
// What a replication reports (docs/model.md#outputs): the monthly series and the KPIs by
// name. They belong to the scenario stage because files name them too: a sweep's Pareto
// pair, a precision target, a discover condition.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace rollout {

enum class Monthly {
  stores,    // focal stores open at the end of the month, after closures
  openings,  // realised
  closures,
  pipeline,         // planned and not yet due, after this month's planning
  offline_units,    // focal, China
  online_units,     // focal, China
  offline_mix,      // offline / total, focal China
  china_share,      // focal share of China units
  units_per_store,  // focal own-store units per own store, national (0 when there is none)
  market_units,     // all brands, China
};
inline constexpr std::size_t kMonthlyCount = 10;
const char* name(Monthly m);

enum class Kpi {
  stores_end,
  target_month,        // first month reaching reach_fraction * target; missing (NaN) if never
  target_by_deadline,  // 0/1
  offline_mix_end,
  china_share_end,
  units_per_store_end,
  global_share_end,
  global_rank_end,
  quarters_at_rank1,
  openings_total,
  closures_total,
  china_units_total,
  global_units_total,
};
inline constexpr std::size_t kKpiCount = 13;

struct KpiInfo {
  const char* name;
  bool binary;     // 0/1: summarised as a proportion with a Wilson interval
  bool optional;   // may be missing (NaN) in a replication: summarised over those that have it
  int direction;   // +1: more is better; -1: less is better (for comparisons)
  bool quarterly;  // needs at least one full quarter
};
const KpiInfo& info(Kpi k);
// The KPI of a name as in section 5 ("stores_end"), if there is one.
std::optional<Kpi> kpi_named(std::string_view name);

}  // namespace rollout
