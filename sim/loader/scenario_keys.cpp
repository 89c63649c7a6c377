// The scenario format's key table (scenario_keys.hpp). The words follow the tables of
// docs/scenarios.md and docs/optimize.md; tests/test_schema.cpp checks that every key here
// is named there.

#include "loader/scenario_keys.hpp"

#include <fmt/format.h>

#include "rollout/scenario/enum_names.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::loader {
namespace {

// One row, built by chained calls so that each row reads as one line of the table.
struct Row {
  KeySpec spec;

  Row(std::string path, KeyType type, Presence presence, std::string description) {
    spec.path = std::move(path);
    spec.type = type;
    spec.presence = presence;
    spec.description = std::move(description);
    if (presence == Presence::required) spec.default_text = "required";
  }
  Row& in(const Range& range) {
    spec.range = range;
    return *this;
  }
  Row& or_else(double fallback, std::string text = "") {
    spec.fallback = fallback;
    spec.default_text = text.empty() ? fmt_number(fallback) : std::move(text);
    return *this;
  }
  Row& or_else(std::string text) {
    spec.default_text = std::move(text);
    return *this;
  }
  Row& unit(std::string unit) {
    spec.unit = std::move(unit);
    return *this;
  }
  Row& choices(std::vector<std::string> names) {
    spec.choices = std::move(names);
    return *this;
  }
  Row& at_most(std::size_t bytes) {
    spec.max_length = bytes;
    return *this;
  }
  operator KeySpec() const { return spec; }  // NOLINT: rows convert to the table's type

  static std::string fmt_number(double x) { return fmt::format("{}", x); }
};

constexpr auto kMap = KeyType::map;
constexpr auto kList = KeyType::list;
constexpr auto kNumber = KeyType::number;
constexpr auto kInteger = KeyType::integer;
constexpr auto kBool = KeyType::boolean;
constexpr auto kText = KeyType::text;
constexpr auto kParam = KeyType::param;
constexpr auto kYearly = KeyType::yearly_param;
constexpr auto kOptional = Presence::optional;
constexpr auto kRequired = Presence::required;
constexpr auto kOneOf = Presence::one_of;

const Range kAny = Range::any();
const Range kPositive = Range::positive();
const Range kNonNegative = Range::non_negative();
const Range kUnit = Range::unit();

std::vector<KeySpec> top_level_and_market() {
  return {
      Row("name", kText, kOptional, "The scenario's name in outputs.")
          .or_else("file name without .yaml"),
      Row("description", kText, kOptional, "One or two sentences for reports.").or_else("\"\""),
      Row("extends", kText, kOptional,
          "A base scenario (path relative to this file): this file lists only what differs."),
      Row("start_month", KeyType::month, kRequired,
          "The calendar month of simulated month 0, written YYYY-MM."),
      Row("months", kInteger, kRequired, "The horizon T: simulated months.")
          .in(Range::between(1, 1200))
          .unit("months"),
      Row("simulation", kMap, kOptional, "Replications, seed and sampling of a run."),
      Row("simulation.replications", kInteger, kOptional,
          "Monte Carlo replications of a run (the command line may override it).")
          .in(Range::between(1, 100e6))
          .or_else(1000),
      Row("simulation.seed", kInteger, kOptional,
          "The run is a pure function of scenario, seed and replications.")
          .in(kNonNegative)
          .or_else(1),
      Row("simulation.percentiles", KeyType::number_list, kOptional,
          "The percentiles reported, in increasing order.")
          .in(Range{0, 100, true, true})
          .or_else("[5, 10, 25, 50, 75, 90, 95]"),
      Row("simulation.sampling", KeyType::choice, kOptional,
          "How the uncertain inputs are spread over the replications: independent draws, a "
          "Latin hypercube, or scrambled Sobol' points.")
          .choices(names_of<Sampling>())
          .or_else("random"),
      Row("simulation.nearest_correlation", kBool, kOptional,
          "When the correlations cannot hold together, use the nearest valid correlation "
          "matrix (and report it) instead of refusing the scenario.")
          .or_else("false"),
      Row("market", kMap, kRequired,
          "The modelled market: any country or region with regions of its own."),
      Row("market.name", kText, kOptional, "The market's name, used in every label and title.")
          .or_else("Market")
          .at_most(64),
      Row("market.units_per_year", kParam, kOneOf,
          "U0, the market's units a year at the start (this or units_per_year_millions).")
          .in(kPositive)
          .unit("phones a year"),
      Row("market.units_per_year_millions", kParam, kOneOf,
          "U0 in millions (this or units_per_year).")
          .in(kPositive)
          .unit("millions of phones a year"),
      Row("market.demand_weight_exponent", kParam, kOptional,
          "eps: demand is proportional to population x (GDP per capita / mean)^eps.")
          .in(kAny)
          .or_else(0),
      Row("market.growth_per_year", kYearly, kOptional,
          "g_y, drawn anew each year; a list has one entry per simulated year.")
          .in(kAny)
          .or_else(0)
          .unit("log growth a year"),
      Row("market.offline_share", kParam, kRequired,
          "phi0, the share of units bought offline at the start.")
          .in(kUnit)
          .unit("fraction"),
      Row("market.offline_share_drift_per_year", kParam, kOptional,
          "d, the linear drift of the offline share.")
          .in(kAny)
          .or_else(0)
          .unit("fraction a year"),
      Row("market.shocks", kMap, kOptional, "Monthly regional demand shocks.").or_else("no shocks"),
      Row("market.shocks.sd", kParam, kOptional,
          "sigma, the size of monthly regional demand shocks.")
          .in(kNonNegative)
          .or_else(0)
          .unit("log scale"),
      Row("market.shocks.national_weight", kParam, kOptional,
          "omega, the part of the shock variance common to all regions.")
          .in(kUnit)
          .or_else(0)
          .unit("fraction"),
      Row("market.shocks.spatial_dependence", kParam, kOptional,
          "rho, how much neighbours' shocks move together.")
          .in(Range::unit_open_high())
          .or_else(0),
      Row("market.shocks.persistence", kParam, kOptional,
          "psi, month-to-month autocorrelation of the shocks (also of the rest of the world's).")
          .in(Range::unit_open_high())
          .or_else(0),
      Row("market.seasonality", KeyType::number_list, kOptional,
          "12 multipliers by calendar month from January, or 4 by calendar quarter; mean 1.")
          .in(kPositive)
          .or_else("all 1")
          .unit("multiplier"),
      Row("rest_of_world", kMap, kOptional, "The markets outside the modelled one.")
          .or_else("all defaults"),
      Row("rest_of_world.growth_per_year", kYearly, kOptional,
          "grow_y, as for market.growth_per_year.")
          .in(kAny)
          .or_else(0)
          .unit("log growth a year"),
      Row("rest_of_world.shock_sd", kParam, kOptional, "sigma_row, the size of monthly shocks.")
          .in(kNonNegative)
          .or_else(0)
          .unit("log scale"),
      Row("rest_of_world.seasonality", KeyType::number_list, kOptional,
          "season_row: 12 multipliers by calendar month, or 4 by quarter; mean 1.")
          .in(kPositive)
          .or_else("all 1")
          .unit("multiplier"),
  };
}

// The keys brand_defaults may give, each brand overriding them (brands_reader.cpp), as
// rows under `where`. A brand needs a presence, from itself or from the defaults.
std::vector<KeySpec> defaultable_brand_keys(const std::string& where) {
  return {
      Row(where + ".third_party_presence_per_million", kParam,
          where == "brands.*" ? kRequired : kOptional,
          "tau_b, presence through multi-brand retailers and carriers.")
          .in(kPositive)
          .unit("store-equivalents per million people"),
      Row(where + ".store_growth_per_year", kParam, kOptional,
          "mu_b, competitors only (the focal brand's stores follow the plan).")
          .in(kAny)
          .or_else(0)
          .unit("log growth a year"),
      Row(where + ".row_growth_per_year", kParam, kOptional,
          "h_b, relative to the rest-of-world market.")
          .in(kAny)
          .or_else(0)
          .unit("log growth a year"),
      Row(where + ".momentum_sd_per_year", kParam, kOptional,
          "sigma_m_b, yearly sd of the brand's log attraction.")
          .in(kNonNegative)
          .or_else(0),
      Row(where + ".ranked", kBool, kOptional,
          "false for an aggregate such as \"Others\": counted in totals, never ranked.")
          .or_else("true"),
  };
}

std::vector<KeySpec> brands() {
  std::vector<KeySpec> rows{
      Row("brand_defaults", kMap, kOptional, "Values every brand takes unless it sets its own.")};
  for (KeySpec& row : defaultable_brand_keys("brand_defaults"))
    rows.push_back(std::move(row));
  const std::vector<KeySpec> own{
      Row("brands", kMap, kRequired, "The brands, at least 2, by name."),
      Row("brands.*", kMap, kOptional, "One brand's inputs."),
      Row("brands.*.focal", kBool, kOptional, "f: exactly one brand is the focal one.")
          .or_else("false"),
      Row("brands.*.market_share", kNumber, kRequired,
          "s_b, the brand's share of the market's units at the start; shares sum to 1.")
          .in(kUnit)
          .unit("fraction"),
      Row("brands.*.online_share", kNumber, kRequired,
          "son_b, the brand's share of the online market; shares sum to 1.")
          .in(kUnit)
          .unit("fraction"),
      Row("brands.*.initial_stores", kInteger, kOptional, "The national total at the start.")
          .in(kNonNegative)
          .or_else("none (0)")
          .unit("stores"),
      Row("brands.*.row_units_per_quarter", kParam, kOneOf,
          "X_b, rest-of-world units at the start (this or row_units_per_quarter_millions).")
          .in(kNonNegative)
          .unit("phones a quarter"),
      Row("brands.*.row_units_per_quarter_millions", kParam, kOneOf,
          "X_b in millions (this or row_units_per_quarter).")
          .in(kNonNegative)
          .unit("millions of phones a quarter"),
  };
  rows.insert(rows.end(), own.begin(), own.end());
  for (KeySpec& row : defaultable_brand_keys("brands.*"))
    rows.push_back(std::move(row));
  return rows;
}

std::vector<KeySpec> regions_and_effects() {
  return {
      Row("regions", kMap, kOneOf, "The regions by name (this or regions_file)."),
      Row("regions_file", kText, kOneOf,
          "A CSV or YAML file of the regions, relative to this file (this or regions)."),
      Row("regions.*", kMap, kOptional, "One region's data."),
      Row("regions.*.population_millions", kNumber, kRequired, "People, in millions.")
          .in(kPositive)
          .unit("millions of people"),
      Row("regions.*.gdp_per_capita", kNumber, kRequired,
          "GDP per person, in any unit: only ratios to the mean matter.")
          .in(kPositive),
      Row("regions.*.offline_share", kNumber, kOptional,
          "This region's offline share at the start.")
          .in(Range::between(0.05, 0.95))
          .or_else("the market's")
          .unit("fraction"),
      Row("regions.*.neighbours", KeyType::text_list, kOptional,
          "The regions it shares a land border with (symmetric)."),
      Row("regions.*.initial_stores", kMap, kOptional,
          "Stores of each brand here at the start, by brand name."),
      Row("regions.*.initial_stores.*", kInteger, kOptional, "This brand's stores here.")
          .in(kNonNegative)
          .unit("stores"),
      Row("regions.*.focal_capacity", kInteger, kOptional,
          "K_r, the most focal stores the region can hold.")
          .in(kNonNegative)
          .or_else("floor(plan.density_cap_per_million x population)")
          .unit("stores"),
      Row("regions.*.group", kText, kOptional, "A label (macro-region) for reports.")
          .or_else("\"\""),
      Row("regions.*.tile_row", kInteger, kOptional,
          "The region's row on the report's tile-grid map (0 at the top); with tile_column.")
          .in(Range::between(0, 99)),
      Row("regions.*.tile_column", kInteger, kOptional,
          "The region's column on the report's tile-grid map (0 at the left); with tile_row.")
          .in(Range::between(0, 99)),
      Row("effects", kMap, kRequired, "Elasticities."),
      Row("effects.store_elasticity", kParam, kRequired,
          "gamma, the elasticity of offline attraction to presence.")
          .in(Range::unit_open_low()),
      Row("effects.halo_elasticity", kParam, kOptional,
          "eta, the effect of store presence on online sales (negative: cannibalisation).")
          .in(kAny)
          .or_else(0),
      Row("effects.neighbour_spillover", kParam, kOptional,
          "nu, the weight of neighbours' presence in the online halo.")
          .in(kNonNegative)
          .or_else(0),
  };
}

std::vector<KeySpec> plan() {
  return {
      Row("plan", kMap, kRequired, "The focal brand's store plan: the levers."),
      Row("plan.target_stores", kInteger, kRequired, "The target number of focal stores.")
          .in(kNonNegative)
          .unit("stores"),
      Row("plan.deadline_month", kInteger, kRequired,
          "The target counts if reached in a month before this (1 to months).")
          .in(Range::at_least(1))
          .unit("month"),
      Row("plan.reach_fraction", kNumber, kOptional,
          "The target counts as reached at this fraction of it.")
          .in(Range::unit_open_low())
          .or_else(0.99)
          .unit("fraction"),
      Row("plan.opening_capacity_per_month", KeyType::capacity, kRequired,
          "c(t): a number, or [month, openings] points (months increasing), piecewise linear "
          "and flat outside them.")
          .in(kNonNegative)
          .unit("openings a month"),
      Row("plan.allocation", KeyType::choice, kOptional,
          "How each month's openings are split over regions.")
          .choices(names_of<Allocation>())
          .or_else("demand"),
      Row("plan.fixed_shares", kMap, kOptional,
          "The split for allocation: fixed, by region name; shares sum to 1."),
      Row("plan.fixed_shares.*", kNumber, kOptional, "This region's share of openings.")
          .in(kUnit)
          .unit("fraction"),
      Row("plan.lead_time_months", kInteger, kOptional, "L, from planning to opening.")
          .in(Range::between(1, 1200))
          .or_else(1)
          .unit("months"),
      Row("plan.after_deadline", KeyType::choice, kOptional,
          "Whether planning goes on after the deadline.")
          .choices(names_of<AfterDeadline>())
          .or_else("keep_target"),
      Row("plan.closure_allowance", KeyType::choice, kOptional,
          "Whether the planner replaces the closures of the last 12 months.")
          .choices(names_of<ClosureAllowance>())
          .or_else("recent"),
      Row("plan.planning_execution_rate", kParam, kOptional,
          "The share of planned openings the planner expects to open.")
          .in(Range::unit_open_low())
          .or_else(1)
          .unit("fraction"),
      Row("plan.execution_rate", kParam, kOptional, "e, the share that actually opens.")
          .in(kUnit)
          .or_else(1)
          .unit("fraction"),
      Row("plan.new_store_productivity", kParam, kOptional,
          "pi, the sales of a new store relative to an initial one.")
          .in(kPositive)
          .or_else(1),
      Row("plan.underperformance_closure_factor", kParam, kOptional,
          "kappa, how much below-break-even sales raise closures.")
          .in(kNonNegative)
          .or_else(0),
      Row("plan.initial_store_age_months", KeyType::age_or_mature, kOptional,
          "a0, the age of the initial stores, or mature.")
          .in(Range::between(0, 1200))
          .or_else("mature")
          .unit("months"),
      Row("plan.density_cap_per_million", kNumber, kRequired,
          "The default capacity K_r of each region.")
          .in(kPositive)
          .unit("stores per million people"),
      Row("plan.formats", kMap, kRequired, "The store formats by name, at least one."),
      Row("plan.formats.*", kMap, kOptional, "One store format."),
      Row("plan.formats.*.mix", kNumber, kRequired,
          "mix_k, the format's share of new openings; sums to 1.")
          .in(kUnit)
          .unit("fraction"),
      Row("plan.formats.*.initial_mix", kNumber, kOptional,
          "The format's share of the initial network; sums to 1.")
          .in(kUnit)
          .or_else("mix")
          .unit("fraction"),
      Row("plan.formats.*.presence_weight", kParam, kOptional,
          "weight_k, the presence of a mature store.")
          .in(kPositive)
          .or_else(1),
      Row("plan.formats.*.ramp_months", kParam, kRequired, "tau_ramp_k, the ramp-up time constant.")
          .in(kPositive)
          .unit("months"),
      Row("plan.formats.*.closure_rate_per_year", kParam, kOptional, "H_k.")
          .in(kUnit)
          .or_else(0)
          .unit("fraction a year"),
      Row("plan.formats.*.break_even_units_per_month", kParam, kRequired,
          "u_be_k, the break-even sales of a mature store.")
          .in(kPositive)
          .unit("phones a month"),
  };
}

std::vector<KeySpec> economics_and_correlations() {
  const auto cost = [](std::string key, std::string description, std::string unit) {
    return Row("economics.formats.*." + key, kParam, kRequired, std::move(description))
        .in(kNonNegative)
        .unit(std::move(unit));
  };
  return {
      Row("economics", kMap, kOptional, "Margins, costs and discounting, for the NPV."),
      Row("economics.currency", kText, kRequired, "Named in labels and chart axes, e.g. CNY.")
          .at_most(16),
      Row("economics.own_store_margin_per_unit", kParam, kRequired,
          "m_own, on the focal brand's phones sold in its own stores.")
          .in(kAny)
          .unit("currency a phone"),
      Row("economics.third_party_margin_per_unit", kParam, kRequired,
          "m_3p, on its phones sold offline through other shops.")
          .in(kAny)
          .unit("currency a phone"),
      Row("economics.online_margin_per_unit", kParam, kRequired, "m_on, on its phones sold online.")
          .in(kAny)
          .unit("currency a phone"),
      Row("economics.discount_rate_per_year", kParam, kOptional,
          "r_disc, for the net present value.")
          .in(kNonNegative)
          .or_else(0.1)
          .unit("fraction a year"),
      Row("economics.formats", kMap, kRequired,
          "The costs of each format of plan.formats, by format name."),
      Row("economics.formats.*", kMap, kOptional, "One format's costs."),
      cost("fixed_cost_per_month", "F_k: rent, staff, running cost of one open store.",
           "currency a month"),
      cost("capital_cost_per_opening", "C_k: fit-out and stock of one new store.", "currency"),
      cost("cost_per_closure", "D_k: closing one store.", "currency"),
      Row("correlations", kList, kOptional, "Rank correlations between uncertain inputs."),
      Row("correlations[]", kMap, kOptional, "One pair of inputs and their rank correlation."),
      Row("correlations[].between", KeyType::text_list, kRequired,
          "Two uncertain inputs as replications.csv names them (key paths, .y1, .y2 for "
          "yearly ones)."),
      Row("correlations[].spearman", kNumber, kRequired, "The target rank correlation.")
          .in(Range{-1, 1, true, true}),
  };
}

std::vector<KeySpec> sweep_and_optimize() {
  const auto count = [](std::string key, std::string description, std::string fallback) {
    return Row("optimize." + key, kInteger, kOptional, std::move(description))
        .in(Range::between(1, 100'000'000))
        .or_else(std::move(fallback));
  };
  const auto search_size = [](std::string key, std::string description, double fallback) {
    return Row("optimize." + key, kInteger, kOptional, std::move(description))
        .in(Range::between(2, 10'000))
        .or_else(fallback);
  };
  return {
      Row("sweep", kMap, kOptional, "Read by rollout sweep only: levers and values to try."),
      Row("sweep.scenario", kText, kOptional,
          "The base scenario, relative to this file (only in a file of its own).")
          .or_else("this file"),
      Row("sweep.mode", KeyType::choice, kOptional,
          "grid: every combination; zip: the i-th values together.")
          .choices({"grid", "zip"})
          .or_else("grid"),
      Row("sweep.levers", kMap, kRequired, "Key paths of the scenario, each with its values."),
      Row("sweep.levers.*", KeyType::lever_values, kOptional,
          "The values to try at this key path (a distribution may be swept too)."),
      Row("sweep.pareto", KeyType::text_list, kOptional, "The two KPIs of the Pareto front.")
          .or_else("[target_by_deadline, units_per_store_end]"),
      Row("optimize", kMap, kOptional, "Read by rollout optimize only (docs/optimize.md)."),
      Row("optimize.scenario", kText, kOptional,
          "The base scenario, relative to this file (only in a file of its own).")
          .or_else("this file"),
      Row("optimize.variables", kMap, kRequired,
          "Key paths of the scenario, each a range {min, max, integer}, a list of choices, or "
          "for plan.fixed_shares the word shares."),
      Row("optimize.variables.*", KeyType::variable, kOptional, "One decision variable."),
      Row("optimize.variables.*.min", kNumber, kRequired, "The range's lower end (below max).")
          .in(kAny),
      Row("optimize.variables.*.max", kNumber, kRequired, "The range's upper end.").in(kAny),
      Row("optimize.variables.*.integer", kBool, kOptional, "Whole numbers only.").or_else("false"),
      Row("optimize.minimize", kText, kOneOf,
          "A range variable's key path or a statistic such as mean(npv) (this, maximize or "
          "objectives)."),
      Row("optimize.maximize", kText, kOneOf,
          "A range variable's key path or a statistic such as P(target_by_deadline) (this, "
          "minimize or objectives)."),
      Row("optimize.objectives", kList, kOneOf,
          "Two or more objectives for a Pareto front (this, minimize or maximize)."),
      Row("optimize.objectives[]", kMap, kOptional, "{minimize: X} or {maximize: X}."),
      Row("optimize.objectives[].minimize", kText, kOneOf, "A statistic or variable to lower."),
      Row("optimize.objectives[].maximize", kText, kOneOf, "A statistic or variable to raise."),
      Row("optimize.constraints", KeyType::text_list, kOptional,
          "Each STATISTIC >= NUMBER or STATISTIC <= NUMBER, e.g. P(target_by_deadline) >= 0.8.")
          .or_else("none"),
      Row("optimize.tolerance", kNumber, kOptional,
          "How closely the goal seek pins the answer, in the variable's unit.")
          .in(kPositive)
          .or_else("1 for an integer variable, (max - min) / 1000 otherwise"),
      count("replications", "Replications per candidate.", "the scenario's"),
      count("max_replications", "The most a candidate may grow to while a constraint is undecided.",
            "replications"),
      count("reevaluation_replications",
            "Replications of the chosen and base plans on fresh futures.", "5 x replications"),
      Row("optimize.reevaluation_seed", kInteger, kOptional, "The seed of the fresh futures.")
          .in(kNonNegative)
          .or_else("the search's seed + 1"),
      search_size("population", "The general search's plans a generation.", 20),
      search_size("generations", "The general search's generations.", 10),
  };
}

std::vector<KeySpec> build_table() {
  std::vector<KeySpec> table;
  for (auto part : {top_level_and_market(), brands(), regions_and_effects(), plan(),
                    economics_and_correlations(), sweep_and_optimize()}) {
    table.insert(table.end(), part.begin(), part.end());
  }
  return table;
}

}  // namespace

const std::vector<KeySpec>& scenario_keys() {
  static const std::vector<KeySpec> table = build_table();
  return table;
}

const KeySpec* find_scenario_key(std::string_view pattern) {
  for (const KeySpec& spec : scenario_keys()) {
    if (spec.path == pattern) return &spec;
  }
  return nullptr;
}

}  // namespace rollout::loader
