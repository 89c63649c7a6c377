// `correlations:`, a list of {between: [input, input], spearman: rho}. Inputs are named
// as in replications.csv; the pairs together must make a valid correlation matrix.

#include <fmt/format.h>
#include <algorithm>

#include "common/text_similarity.hpp"
#include "loader/readers.hpp"
#include "rollout/scenario/correlations.hpp"

namespace rollout::loader {
namespace {

// Why `name` cannot be correlated, or nothing when it names an uncertain input.
std::optional<std::string> input_problem(const std::string& name, const Scenario& s,
                                         const std::vector<UncertainInput>& uncertain) {
  const auto is_named = [&](const UncertainInput& u) { return u.name == name; };
  if (std::any_of(uncertain.begin(), uncertain.end(), is_named)) return std::nullopt;
  for (const Param* p : s.params()) {
    if (p->name != name) continue;
    if (p->is_fixed()) {
      return fmt::format(
          "names {}, which is a fixed number in this scenario; only uncertain "
          "inputs can be correlated",
          name);
    }
    return fmt::format(
        "names {}, which draws one value per simulated year; name one year, "
        "e.g. {}.y1",
        name, name);
  }
  std::vector<std::string> names;
  for (const UncertainInput& u : uncertain)
    names.push_back(u.name);
  std::string message = fmt::format("names '{}', which is not an uncertain input", excerpt(name));
  if (auto m = closest_match(name, names)) message += fmt::format("; did you mean '{}'?", *m);
  return message + " (replications.csv lists them)";
}

std::optional<RankCorrelation> read_pair(const TreeNode& node, const std::string& path,
                                         const Scenario& s,
                                         const std::vector<UncertainInput>& uncertain,
                                         Diagnostics& diagnostics) {
  MapReader map(node, path, "correlations[]", diagnostics);
  if (!map.is_map()) return std::nullopt;
  RankCorrelation pair;
  pair.where = node.where;
  bool ok = true;
  if (const TreeNode* between = map.required("between")) {
    const std::string between_path = map.path_of("between");
    if (between->kind != TreeNode::Kind::sequence || between->items.size() != 2) {
      diagnostics.error(between->where, between_path,
                        fmt::format("is {}, but must be a list of two input names",
                                    between->kind == TreeNode::Kind::sequence
                                        ? fmt::format("a list of {} item{}", between->items.size(),
                                                      between->items.size() == 1 ? "" : "s")
                                        : between->kind_name()));
      ok = false;
    } else {
      std::string* names[2] = {&pair.first, &pair.second};
      for (std::size_t i = 0; i < 2; ++i) {
        const std::string item_path = fmt::format("{}[{}]", between_path, i);
        const auto name = read_string(between->items[i], item_path, diagnostics);
        if (!name) {
          ok = false;
          continue;
        }
        if (auto problem = input_problem(*name, s, uncertain)) {
          diagnostics.error(between->items[i].where, item_path, *problem);
          ok = false;
        }
        *names[i] = *name;
      }
      if (ok && pair.first == pair.second) {
        diagnostics.error(
            between->where, between_path,
            fmt::format("names {} twice, but must name two different inputs", pair.first));
        ok = false;
      }
    }
  } else {
    ok = false;
  }
  if (const TreeNode* n = map.required("spearman")) {
    // +-1 would make the normal scores' matrix singular: no copula draws it.
    const auto rho = read_number(*n, map.path_of("spearman"), diagnostics, map.range("spearman"));
    if (rho) pair.spearman = *rho;
    ok = ok && rho.has_value();
  } else {
    ok = false;
  }
  return ok ? std::optional(pair) : std::nullopt;
}

}  // namespace

std::vector<RankCorrelation> read_correlations(const TreeNode& node, const Scenario& s,
                                               Diagnostics& diagnostics) {
  std::vector<RankCorrelation> pairs;
  if (node.kind != TreeNode::Kind::sequence) {
    diagnostics.error(node.where, "correlations",
                      fmt::format("is {}, but must be a list of {{between: [input, input], "
                                  "spearman: rho}}",
                                  node.kind_name()));
    return pairs;
  }
  const std::vector<UncertainInput> uncertain = uncertain_inputs(s);
  bool all_read = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const std::string path = fmt::format("correlations[{}]", i);
    auto pair = read_pair(node.items[i], path, s, uncertain, diagnostics);
    if (!pair) {
      all_read = false;
      continue;
    }
    const auto same = [&](const RankCorrelation& p) {
      return (p.first == pair->first && p.second == pair->second) ||
             (p.first == pair->second && p.second == pair->first);
    };
    if (const auto it = std::find_if(pairs.begin(), pairs.end(), same); it != pairs.end()) {
      diagnostics.error(pair->where, path,
                        fmt::format("correlates {} and {} again (line {} did already)", pair->first,
                                    pair->second, it->where.line));
      all_read = false;
      continue;
    }
    pairs.push_back(*pair);
  }
  if (all_read && !pairs.empty() && !s.simulation.nearest_correlation) {
    if (auto problem = correlation_problem(correlation_targets(pairs))) {
      diagnostics.error(node.where, "correlations",
                        *problem +
                            "; revise them, or set simulation.nearest_correlation: true to use "
                            "the nearest valid matrix");
    }
  }
  return pairs;
}

}  // namespace rollout::loader
