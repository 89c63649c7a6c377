#include "rollout/scenario/kpi.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "common/text_similarity.hpp"

namespace rollout {
namespace {

using D = KpiDisplay;
constexpr bool kOptional = true, kQuarterly = true, kEconomic = true;
constexpr int kMore = +1, kLess = -1;

constexpr std::array<KpiInfo, kKpiCount> kKpis{{
    {Kpi::stores_end, "stores_end", "{brand} stores at the end", D::count, false, kMore, false,
     false},
    {Kpi::target_month, "target_month", "Month the target is reached (0 = start)", D::decimal,
     kOptional, kLess, false, false},
    {Kpi::target_by_deadline, "target_by_deadline", "Target reached by the deadline", D::proportion,
     false, kMore, false, false},
    {Kpi::offline_mix_end, "offline_mix_end", "{brand} offline mix in {market}, last 3 months",
     D::share, false, kMore, false, false},
    {Kpi::market_share_end, "market_share_end", "{brand} share of {market}, last 3 months",
     D::share, false, kMore, false, false},
    {Kpi::units_per_store_end, "units_per_store_end",
     "Units per {brand} store a month, last 3 months", D::decimal, false, kMore, false, false},
    {Kpi::global_share_end, "global_share_end", "{brand} global share, last full quarter", D::share,
     false, kMore, kQuarterly, false},
    {Kpi::global_rank_end, "global_rank_end", "{brand} global rank, last full quarter", D::rank,
     false, kLess, kQuarterly, false},
    {Kpi::market_rank_end, "market_rank_end", "{brand} rank in {market}, last full quarter",
     D::rank, false, kLess, kQuarterly, false},
    {Kpi::quarters_at_rank1, "quarters_at_rank1", "Quarters {brand} ranked first globally",
     D::decimal, false, kMore, false, false},
    {Kpi::openings_total, "openings_total", "{brand} stores opened", D::count, false, kMore, false,
     false},
    {Kpi::closures_total, "closures_total", "{brand} stores closed", D::count, false, kLess, false,
     false},
    {Kpi::market_units_total, "market_units_total", "{brand} units in {market}", D::millions, false,
     kMore, false, false},
    {Kpi::global_units_total, "global_units_total", "{brand} global units", D::millions, false,
     kMore, false, false},
    {Kpi::npv, "npv", "{brand} network's net present value ({currency})", D::money, false, kMore,
     false, kEconomic},
    {Kpi::profit_end, "profit_end", "{brand} network's profit a month, last 3 months ({currency})",
     D::money, false, kMore, false, kEconomic},
    {Kpi::loss_making_stores_end, "loss_making_stores_end",
     "{brand} stores losing money in the last month", D::count, false, kLess, false, kEconomic},
}};

constexpr bool kFraction = true;
using T = PeriodTotal;
constexpr std::array<MonthlyInfo, kMonthlyCount> kSeries{{
    {Monthly::stores, "stores", "{brand} stores open at month end", "stores", false, false,
     T::last},
    {Monthly::openings, "openings", "{brand} stores opened in the month", "stores", false, false,
     T::sum},
    {Monthly::closures, "closures", "{brand} stores closed in the month", "stores", false, false,
     T::sum},
    {Monthly::pipeline, "pipeline", "{brand} stores planned and not yet open", "stores", false,
     false, T::last},
    {Monthly::offline_units, "offline_units", "{brand} offline units in {market}", "phones", false,
     false, T::sum},
    {Monthly::online_units, "online_units", "{brand} online units in {market}", "phones", false,
     false, T::sum},
    {Monthly::offline_mix, "offline_mix", "Offline mix of {brand} sales in {market}",
     "offline share of {brand} units", kFraction, false, T::mean},
    {Monthly::market_share, "market_share", "{brand} share of {market} phone sales",
     "share of {market} units", kFraction, false, T::mean},
    {Monthly::units_per_store, "units_per_store", "Units per {brand} store",
     "phones a month per store", false, false, T::mean},
    {Monthly::market_units, "market_units", "{market} phone sales, all brands", "phones", false,
     false, T::sum},
    {Monthly::profit, "profit", "{brand} network's profit in the month", "{currency} a month",
     false, kEconomic, T::sum},
    {Monthly::discounted_profit_sum, "discounted_profit_sum",
     "{brand} network's cumulative discounted profit", "{currency}, discounted to the start", false,
     kEconomic, T::last},
}};

// Each row sits at its enum's position, so info() is an index and a row added out of
// place, or a KPI added without its row, fails to compile.
template <class Table, class Id>
constexpr bool rows_in_enum_order(const Table& table, Id Table::value_type::*id) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].*id) != i) return false;
  return true;
}
static_assert(rows_in_enum_order(kKpis, &KpiInfo::kpi));
static_assert(rows_in_enum_order(kSeries, &MonthlyInfo::series));
static_assert(static_cast<std::size_t>(Kpi::loss_making_stores_end) + 1 == kKpiCount,
              "kKpiCount must count every Kpi");
static_assert(static_cast<std::size_t>(Monthly::discounted_profit_sum) + 1 == kMonthlyCount,
              "kMonthlyCount must count every Monthly series");

constexpr bool kRank = true;
constexpr bool kPerBrand = true;
constexpr std::array<QuarterlyInfo, kQuarterlyKinds> kQuarterlySeries{{
    {Quarterly::global_share, "global_share", kFraction, false, false, T::mean},
    {Quarterly::global_rank, "global_rank", false, kRank, false, T::none},
    {Quarterly::market_share, "quarterly_market_share", kFraction, false, false, T::mean},
    {Quarterly::market_rank, "market_rank", false, kRank, false, T::none},
    {Quarterly::brand_units, "global_units", false, false, kPerBrand, T::sum},
}};
static_assert(rows_in_enum_order(kQuarterlySeries, &QuarterlyInfo::series));
static_assert(static_cast<std::size_t>(Quarterly::brand_units) + 1 == kQuarterlyKinds,
              "kQuarterlyKinds must count every Quarterly kind");

}  // namespace

const MonthlyInfo& info(Monthly m) {
  return kSeries[static_cast<std::size_t>(m)];
}

const char* name(Monthly m) {
  return info(m).name;
}

const QuarterlyInfo& info(Quarterly q) {
  return kQuarterlySeries[static_cast<std::size_t>(q)];
}

const KpiInfo& info(Kpi k) {
  return kKpis[static_cast<std::size_t>(k)];
}

std::string label(const char* text, const LabelNames& names) {
  return fmt::format(fmt::runtime(text), fmt::arg("brand", names.brand),
                     fmt::arg("market", names.market), fmt::arg("currency", names.currency));
}

std::string label(Kpi k, const LabelNames& names) {
  return label(info(k).label, names);
}

std::string label(Monthly m, const LabelNames& names) {
  return label(info(m).label, names);
}

std::optional<Kpi> kpi_named(std::string_view name) {
  for (const KpiInfo& k : kKpis) {
    if (name == k.name) return k.kpi;
  }
  return std::nullopt;
}

std::vector<std::string> kpi_names() {
  std::vector<std::string> names;
  for (const KpiInfo& k : kKpis)
    names.emplace_back(k.name);
  return names;
}

std::vector<Kpi> sweep_shown_kpis(Kpi pareto_x, Kpi pareto_y) {
  std::vector<Kpi> shown(kSweepShownKpis.begin(), kSweepShownKpis.end());
  for (const Kpi k : {pareto_x, pareto_y})
    if (std::find(shown.begin(), shown.end(), k) == shown.end()) shown.push_back(k);
  return shown;
}

std::vector<Kpi> reported_kpis(bool economics) {
  std::vector<Kpi> kpis;
  for (const KpiInfo& k : kKpis)
    if (reported(k, economics)) kpis.push_back(k.kpi);
  return kpis;
}

std::string unreported_reason(Kpi k, bool economics) {
  if (reported(info(k), economics)) return {};
  return fmt::format(
      "'{}' exists only for a scenario with an economics block (docs/scenarios.md, "
      "economics)",
      info(k).name);
}

const char* renamed_in_revision2(std::string_view old_name) {
  static constexpr std::pair<std::string_view, const char*> renamed[] = {
      {"china_share", "market_share"},
      {"china_share_end", "market_share_end"},
      {"china_units_total", "market_units_total"}};
  for (const auto& [was, now] : renamed)
    if (old_name == was) return now;
  return nullptr;
}

std::string kpi_suggestion(std::string_view name) {
  if (const char* now = renamed_in_revision2(name); now != nullptr)
    return fmt::format("; it is now '{}' (renamed in model revision 2)", now);
  const auto match = closest_match(name, kpi_names());
  return match ? fmt::format("; did you mean '{}'?", *match) : std::string();
}

}  // namespace rollout
