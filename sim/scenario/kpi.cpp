#include "rollout/scenario/kpi.hpp"

namespace rollout {

const char* name(Monthly m) {
  static constexpr std::array<const char*, kMonthlyCount> names{
      "stores",       "openings",    "closures",    "pipeline",        "offline_units",
      "online_units", "offline_mix", "china_share", "units_per_store", "market_units"};
  return names[static_cast<std::size_t>(m)];
}

const KpiInfo& info(Kpi k) {
  static constexpr std::array<KpiInfo, kKpiCount> table{{
      {"stores_end", false, false, +1, false},
      {"target_month", false, true, -1, false},
      {"target_by_deadline", true, false, +1, false},
      {"offline_mix_end", false, false, +1, false},
      {"china_share_end", false, false, +1, false},
      {"units_per_store_end", false, false, +1, false},
      {"global_share_end", false, false, +1, true},
      {"global_rank_end", false, false, -1, true},
      {"quarters_at_rank1", false, false, +1, true},
      {"openings_total", false, false, +1, false},
      {"closures_total", false, false, -1, false},
      {"china_units_total", false, false, +1, false},
      {"global_units_total", false, false, +1, false},
  }};
  return table[static_cast<std::size_t>(k)];
}

std::optional<Kpi> kpi_named(std::string_view name) {
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (name == info(static_cast<Kpi>(k)).name) return static_cast<Kpi>(k);
  }
  return std::nullopt;
}

}  // namespace rollout
