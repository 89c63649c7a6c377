#pragma once
// Optimisation files (docs/optimize.md): an `optimize:` block names decision variables (lever
// paths with a range), one objective and constraints on statistics of KPIs. Every candidate
// plan is the base scenario with the variables set, validated like a scenario.
//
//   optimize:
//     scenario: ../china-30k.yaml        # in a file of its own; absent inside a scenario
//     variables:
//       plan.opening_capacity_per_month: {min: 200, max: 2000, integer: true}
//     minimize: plan.opening_capacity_per_month      # or a statistic: maximize: mean(npv)
//     # or several, for a Pareto front: objectives: [{maximize: mean(npv)}, {minimize: ...}]
//     constraints:
//       - P(target_by_deadline) >= 0.8

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rollout/common/error.hpp"
#include "rollout/scenario/kpi.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout {

// A statistic of a KPI over a plan's replications: mean(npv), p10(npv), median(stores_end),
// P(target_by_deadline) (a 0/1 KPI), P(npv > 0). A missing value (a target never reached)
// is left out of means and percentiles and counts as "no" in a probability.
struct KpiStatistic {
  enum class Kind { mean, percentile, probability };
  enum class Comparison { none, greater, greater_equal, less, less_equal };
  Kind kind = Kind::mean;
  Kpi kpi = Kpi::target_by_deadline;
  double level = 50;                         // a percentile's, 0 to 100
  Comparison comparison = Comparison::none;  // a probability's; none for a 0/1 KPI
  double threshold = 0;
  std::string text;  // as written, without spaces: "P(npv>0)"
  // A share of replications (P(...), or the mean of a 0/1 KPI): in [0, 1], with a Wilson
  // interval, shown as a percentage.
  bool is_probability() const { return kind == Kind::probability || info(kpi).binary(); }
};

// Parses a statistic as written in an optimisation file; nullopt with `why` set when it is
// not one (why names the closest KPI for a near miss).
std::optional<KpiStatistic> parse_kpi_statistic(const std::string& text, std::string& why);

// A range {min, max} (integer or real), or a choice among values; a choice's value in a
// candidate is the index of the choice.
struct DecisionVariable {
  std::string path;  // a scenario key path, e.g. plan.opening_capacity_per_month
  double min = 0, max = 0;
  bool integer = false;
  std::vector<std::string> choices;  // as written, e.g. "demand"; empty for a range
  bool is_choice() const { return !choices.empty(); }
  // `plan.fixed_shares: shares` becomes one variable in [0, 1] per region, this one's region;
  // a candidate's shares are scaled to sum to 1 and allocate by them (allocation: fixed).
  std::string share_of;
  bool is_share() const { return !share_of.empty(); }
  // The base scenario's value (a choice's index); NaN when it is not a plain number (a
  // schedule, a distribution) or not among the choices.
  double base = std::numeric_limits<double>::quiet_NaN();
};

struct ObjectiveSpec {
  bool minimize = true;
  std::optional<std::size_t> variable;    // minimise or maximise a decision variable, or
  std::optional<KpiStatistic> statistic;  // a statistic of a KPI
  std::string text;
};

struct ConstraintSpec {
  KpiStatistic statistic;
  bool at_least = true;  // statistic >= bound; otherwise <=
  double bound = 0;
  std::string text;  // as written
  bool satisfied_by(double value) const { return at_least ? value >= bound : value <= bound; }
};

class PlanVariants;  // the base document, from which candidates are made

struct OptimizationProblem {
  std::string name;       // the base scenario's name
  std::string file;       // the optimisation file
  std::string base_file;  // the base scenario's file (the chosen plan's file extends it)
  Scenario base;
  std::vector<DecisionVariable> variables;
  // One (minimize: or maximize:), or several (objectives:, a Pareto front).
  std::vector<ObjectiveSpec> objectives;
  std::vector<ConstraintSpec> constraints;
  // Replications per candidate (default: the base's simulation.replications); while a
  // constraint's 95% interval holds its bound, they double up to max_replications.
  std::optional<std::size_t> replications, max_replications;
  // The chosen plan is run again on fresh futures: this many replications (default: 5 times the
  // search's) with this seed (default: the search's seed + 1).
  std::optional<std::size_t> reevaluation_replications;
  std::optional<std::uint64_t> reevaluation_seed;
  double tolerance = 0;  // the goal seek stops within it (default: 1 or range / 1000)
  // The general search's colony: plans a generation, and generations (docs/optimize.md).
  std::size_t population = 20, generations = 10;
  std::shared_ptr<const PlanVariants> variants;

  // The base scenario with the variables at `values` (one per variable, in order; regional
  // shares normalised). Throws InputError when the candidate is not a valid scenario.
  Scenario candidate(std::span<const double> values) const;
  // `values` with the regional shares scaled to sum to 1 (equal when all are 0).
  std::vector<double> normalised(std::span<const double> values) const;
  // The first (or only) objective.
  const ObjectiveSpec& objective() const { return objectives.front(); }
  // Every statistic the search measures: the objectives' (those that are statistics) first,
  // then each constraint's, in order.
  std::vector<KpiStatistic> measured() const;
  // A variable's value as a scenario file writes it: an integer without a decimal point, a
  // real number in its shortest exact form, a choice as written; "" for NaN.
  std::string value_text(std::size_t variable, double value) const;
};

// Loads an optimisation (its own file, or a scenario with an `optimize:` block), checking every
// variable at both ends of its range. Throws InputError with every problem, located.
OptimizationProblem load_optimization(const std::string& path);

// Whether the file's top level has an `optimize:` block (an optimisation file, or a scenario
// carrying one), so that `validate` checks it as what it is.
bool has_optimize_block(const std::string& path);

// The chosen plan as a scenario file to be written in `folder`: it `extends` the base (by a path
// relative to `folder`), is named `name`, and sets just the variables at `values`.
std::string chosen_plan_yaml(const OptimizationProblem& problem, std::span<const double> values,
                             const std::string& name, const std::string& folder);

}  // namespace rollout
