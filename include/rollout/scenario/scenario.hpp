#pragma once
// The typed scenario: everything one run reads, with the defaults of docs/scenarios.md
// already applied. Plain data; nothing here knows YAML. Quantities are in base units
// (phones, months, people in millions) whatever unit the file used.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rollout/common/error.hpp"
#include "rollout/scenario/calendar_month.hpp"
#include "rollout/scenario/distributions.hpp"
#include "rollout/scenario/enum_names.hpp"
#include "rollout/scenario/kpi.hpp"

namespace rollout {

// A numeric input that may be uncertain. `name` is its canonical key path; it also
// addresses the input's random draw, so inputs shared by two scenarios draw alike.
struct Param {
  std::string name;
  Distribution distribution = Fixed{0};
  SourceLocation where;

  bool is_fixed() const { return std::holds_alternative<Fixed>(distribution); }
  double fixed_value() const;  // precondition: is_fixed()
};

// A log growth rate drawn once per simulated year: one Param that every year draws
// anew, or a list giving each year its own (docs/scenarios.md, `market`). Year y's draw
// is input NAME.y(y+1) either way, so a list of equal entries draws what one Param did.
struct YearlyParam {
  std::string name;  // its key path: market.growth_per_year
  // Never empty: one, or (listed) one per year, named NAME.yK. A scenario whose market
  // section could not be read still has its one default (found by fuzzing).
  std::vector<Param> entries{Param{}};
  bool listed = false;
  SourceLocation where;

  // Year y's Param. A list of the wrong length is reported by the loader, which still
  // reads other sections with it: the last entry stands in for missing years meanwhile.
  const Param& year(std::size_t y) const {
    return entries[listed ? std::min(y, entries.size() - 1) : 0];
  }
  // Year y's input name: market.growth_per_year.y1, ...
  std::string input_name(std::size_t y) const;
};

struct Shocks {
  Param sd;                  // sigma: size of the regional demand shock (log scale)
  Param national_weight;     // omega in [0, 1]: share of shock variance common to all regions
  Param spatial_dependence;  // rho in [0, 1): neighbour dependence of the regional part
  Param persistence;         // psi in [0, 1): month-to-month autocorrelation
};

struct Market {
  std::string name = "Market";         // in every label, e.g. "Xiaomi share of India phone sales"
  Param units_per_year;                // U0, phones a year at the start
  Param demand_weight_exponent;        // eps
  YearlyParam growth_per_year;         // g_y, log growth; drawn once per simulated year
  Param offline_share;                 // phi0 in [0, 1]
  Param offline_share_drift_per_year;  // d
  Shocks shocks;
  std::array<double, 12> seasonality{};  // by calendar month (January first), mean exactly 1
};

struct RestOfWorld {
  YearlyParam growth_per_year;  // grow_y, log growth; drawn once per simulated year
  Param shock_sd;               // sigma_row
  std::array<double, 12> seasonality{};
};

// Where a region sits on the report's tile-grid map (docs/scenarios.md, "Regions"): row 0 is
// the top, column 0 the left.
struct TilePosition {
  std::int64_t row = 0, column = 0;
};

struct Region {
  std::string name;
  double population_millions = 0;
  double gdp_per_capita = 0;  // any unit: only ratios to the mean enter the model
  std::optional<double> offline_share;
  std::vector<std::string> neighbours;
  std::vector<std::pair<std::string, std::int64_t>> initial_stores;  // brand -> stores here
  std::optional<std::int64_t> focal_capacity;                        // K_r
  std::string group;                                                 // e.g. macro-region; a label
  std::optional<TilePosition> tile;                                  // on the report's map
  SourceLocation where;
};

struct Brand {
  std::string name;
  bool focal = false;
  double market_share = 0;                     // s_b, normalised to sum 1 over brands
  double online_share = 0;                     // son_b, normalised to sum 1 over brands
  Param third_party_presence_per_million;      // tau_b > 0
  std::optional<std::int64_t> initial_stores;  // national total, spread by demand weight
  Param store_growth_per_year;                 // mu_b, log growth; competitors only
  Param row_units_per_quarter;                 // X_b
  Param row_growth_per_year;                   // h_b, log growth relative to the RoW market
  Param momentum_sd_per_year;                  // sigma_m_b
  bool ranked = true;
  SourceLocation where;
};

struct Effects {
  Param store_elasticity;     // gamma in (0, 1]
  Param halo_elasticity;      // eta
  Param neighbour_spillover;  // nu >= 0
};

struct StoreFormat {
  std::string name;
  double mix = 0;                    // share of new openings
  double initial_mix = 0;            // share of the initial network
  Param presence_weight;             // weight_k of a mature store
  Param ramp_months;                 // tau_ramp_k
  Param closure_rate_per_year;       // H_k
  Param break_even_units_per_month;  // u_be_k
};

// The economics of the network (docs/model.md, "Economics"): what the brand earns per unit
// sold and what each store costs, in the scenario's currency. Optional as a whole; when
// present, every margin and every format's three costs are given.
struct FormatCosts {
  Param fixed_cost_per_month;      // F_k, per open store
  Param capital_cost_per_opening;  // C_k
  Param cost_per_closure;          // D_k
};

struct Economics {
  std::string currency;               // e.g. CNY; in labels
  Param own_store_margin_per_unit;    // m_own
  Param third_party_margin_per_unit;  // m_3p, offline sales through other shops
  Param online_margin_per_unit;       // m_on
  Param discount_rate_per_year;       // r_disc
  std::vector<FormatCosts> formats;   // one per plan format, in plan.formats order
  SourceLocation where;
};

struct CapacityPoint {
  int month = 0;
  double openings = 0;
};

enum class Allocation { population, demand, headroom, marginal, fixed };
template <>
struct NameTable<Allocation> {
  static constexpr std::array<std::pair<Allocation, std::string_view>, 5> entries{{
      {Allocation::population, "population"},
      {Allocation::demand, "demand"},
      {Allocation::headroom, "headroom"},
      {Allocation::marginal, "marginal"},
      {Allocation::fixed, "fixed"},
  }};
  static_assert(lists_every_value(entries));
};

enum class AfterDeadline { keep_target, stop };
template <>
struct NameTable<AfterDeadline> {
  static constexpr std::array<std::pair<AfterDeadline, std::string_view>, 2> entries{{
      {AfterDeadline::keep_target, "keep_target"},
      {AfterDeadline::stop, "stop"},
  }};
  static_assert(lists_every_value(entries));
};

// Whether the planner replaces the closures it has seen (docs/model.md, "6. Planning").
enum class ClosureAllowance { recent, none };
template <>
struct NameTable<ClosureAllowance> {
  static constexpr std::array<std::pair<ClosureAllowance, std::string_view>, 2> entries{{
      {ClosureAllowance::recent, "recent"},
      {ClosureAllowance::none, "none"},
  }};
  static_assert(lists_every_value(entries));
};

struct Plan {
  std::int64_t target_stores = 0;
  int deadline_month = 0;
  double reach_fraction = 0.99;
  std::vector<CapacityPoint> opening_capacity;  // c(t): piecewise linear, flat outside
  Allocation allocation = Allocation::demand;
  std::vector<double> fixed_shares;  // per region (file order), when allocation is fixed
  int lead_time_months = 1;
  AfterDeadline after_deadline = AfterDeadline::keep_target;
  ClosureAllowance closure_allowance = ClosureAllowance::recent;
  Param planning_execution_rate;                // e-hat in (0, 1]
  Param execution_rate;                         // e in [0, 1]
  Param new_store_productivity;                 // pi > 0
  Param underperformance_closure_factor;        // kappa >= 0
  std::optional<int> initial_store_age_months;  // a0; empty: mature
  double density_cap_per_million = 0;
  std::vector<StoreFormat> formats;
};

// How the uncertain inputs' uniforms are laid out over the replications (docs/scenarios.md).
enum class Sampling { random, lhs, sobol };
template <>
struct NameTable<Sampling> {
  static constexpr std::array<std::pair<Sampling, std::string_view>, 3> entries{{
      {Sampling::random, "random"},
      {Sampling::lhs, "lhs"},
      {Sampling::sobol, "sobol"},
  }};
  static_assert(lists_every_value(entries));
};

struct SimulationSettings {
  std::int64_t replications = 1000;
  std::uint64_t seed = 1;
  std::vector<double> percentiles{5, 10, 25, 50, 75, 90, 95};
  Sampling sampling = Sampling::random;
  // When the rank correlations are not a valid correlation matrix: use the nearest valid
  // one (and report it) instead of refusing the scenario.
  bool nearest_correlation = false;
};

// A target Spearman rank correlation between two uncertain inputs, by input name.
struct RankCorrelation {
  std::string first, second;
  double spearman = 0;
  SourceLocation where;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;    // the file it was loaded from, as named by the user
  CalendarMonth start_month;  // the horizon's first month
  int months = 0;             // T
  SimulationSettings simulation;
  Market market;
  RestOfWorld rest_of_world;
  std::vector<Region> regions;
  std::vector<Brand> brands;
  Effects effects;
  Plan plan;
  std::optional<Economics> economics;
  std::vector<RankCorrelation> correlations;

  std::size_t focal_index() const;
  std::size_t region_index(const std::string& region_name) const;  // regions.size() if absent
  std::size_t brand_index(const std::string& brand_name) const;    // brands.size() if absent
  // Every Param in the documented order of visit_parameters() (scenario/parameters.hpp).
  std::vector<const Param*> params() const;
  // Whether `p` stands for every simulated year, each drawing anew (a YearlyParam given
  // as one number or distribution).
  bool is_per_year(const Param* p) const;
  int years() const { return (months + 11) / 12; }
  // The horizon's first and last calendar months.
  CalendarMonth first_calendar_month() const { return start_month; }
  CalendarMonth last_calendar_month() const { return start_month + (months - 1); }
  // The first month (from 0) that begins a calendar quarter (Jan, Apr, Jul, Oct).
  int first_quarter_month() const {
    return static_cast<int>((3 - (start_month.month() - 1) % 3) % 3);
  }
  LabelNames label_names() const;  // the focal brand's, the market's and the currency's names
};

// One value drawn per replication: an uncertain Param, or one year of a per-year Param.
struct UncertainInput {
  std::string name;  // e.g. plan.execution_rate, market.growth_per_year.y2
  const Param* param = nullptr;
};
// The scenario's uncertain inputs in params() order, per-year ones once per year.
std::vector<UncertainInput> uncertain_inputs(const Scenario& scenario);

// Demand weights w_r = pop_r * (gdp_r / mean_gdp)^exponent, normalised to sum 1, with
// mean_gdp the population-weighted mean (docs/model.md, "Set-up at month 0").
std::vector<double> demand_weights(const std::vector<Region>& regions, double exponent);

// Brand b's offline-share target soff*_b = (s_b - (1 - national_offline) * son_b) /
// national_offline (docs/model.md, "Set-up at month 0").
double implied_offline_share(const Brand& brand, double national_offline_share);

}  // namespace rollout
