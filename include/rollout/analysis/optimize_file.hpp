#pragma once
// optimize.json as a type (docs/optimize.md, "Outputs"): written by `rollout optimize` and read
// by its report through the one field list in analysis/optimize_file.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "rollout/analysis/optimize.hpp"

namespace rollout {

// A decision variable's value as the file writes it: none (null: as in the scenario), an
// integer variable's whole number, a number, or a choice's text.
using PlanValue = std::variant<std::monostate, std::int64_t, double, std::string>;
// As optimize.json spells it: "954", "0.25", the choice's text; "" for none.
std::string plan_value_text(const PlanValue& value);

struct VariableRecord {
  std::string path;
  std::vector<std::string> choices;  // a choice variable's; empty for a range
  PlanValue min, max;                // a range's
  bool integer = false;
  PlanValue base;  // the base scenario's value
};

// A plan's figures on one set of futures: each statistic measured, by its text.
struct PlanFiguresRecord {
  std::uint64_t seed = 0, replications = 0;
  std::vector<std::pair<std::string, Estimate>> statistics;
  bool feasible = false;

  const Estimate* find(const std::string& statistic) const;  // nullptr when not measured
};

struct PlanRecord {
  std::optional<std::uint64_t> candidate;  // its number in the search (1 = first); not the base
  std::vector<std::pair<std::string, PlanValue>> values;  // by variable path
  std::optional<PlanFiguresRecord> search;                // on the search's futures
  PlanFiguresRecord reevaluation;                         // on fresh futures
};

struct OptimizeFile {
  std::string optimization, scenario, base_file;
  std::vector<VariableRecord> variables;
  std::vector<std::pair<bool, std::string>> objectives;  // (minimize, what), as written
  std::vector<std::string> constraints;
  std::string method;
  std::uint64_t search_seed = 0, search_replications = 0, search_max_replications = 0,
                candidates = 0;
  std::uint64_t reevaluation_seed = 0, reevaluation_replications = 0;
  std::optional<PlanRecord> chosen;  // none: no candidate met the constraints (or a front)
  std::vector<PlanRecord> front;     // several objectives: the Pareto front
  PlanRecord base;
  double wall_seconds = 0;
};

OptimizeFile optimize_file(const OptimizationProblem& problem, const OptimizationResult& result);
std::string optimize_file_text(const OptimizeFile& optimize);
// Throws InputError naming `file` and the missing key or wrong type.
OptimizeFile parse_optimize_file(const std::string& text, const std::string& file);

}  // namespace rollout
