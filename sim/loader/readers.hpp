#pragma once
// The section readers that turn a merged YAML tree into a typed Scenario. Each reports
// every problem it finds and fills in the defaults of docs/scenarios.md.

#include <string>
#include <string_view>
#include <vector>

#include "loader/map_reader.hpp"
#include "loader/value_reader.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::loader {

// Reads the whole document (without its `extends` key).
// Whether `key` is one of the keys a scenario file may have at its top level.
bool is_top_level_key(std::string_view key);

Scenario read_scenario(const TreeNode& root, const std::string& default_name,
                       Diagnostics& diagnostics);

// `regions:` inline, or `regions_file:` naming a CSV or YAML file next to the scenario.
std::vector<Region> read_regions(MapReader& top, const std::vector<Brand>& brands,
                                 Diagnostics& diagnostics);

std::vector<Brand> read_brands(MapReader& top, Diagnostics& diagnostics);

Plan read_plan(const TreeNode& node, const Scenario& scenario, Diagnostics& diagnostics);

// `economics:`, with costs for each format of `plan` (read after the plan).
Economics read_economics(const TreeNode& node, const Plan& plan, Diagnostics& diagnostics);

// `correlations:` between uncertain inputs of `scenario` (read after every Param).
std::vector<RankCorrelation> read_correlations(const TreeNode& node, const Scenario& scenario,
                                               Diagnostics& diagnostics);

// Checks that span sections: the focal brand, neighbours, store tables, implied shares.
void check_scenario(Scenario& scenario, const TreeNode& root, Diagnostics& diagnostics);

// Reads an optional Param, falling back to a fixed default; `name` is also the path.
// The range and the default are the key table's (scenario_keys.cpp).
Param read_param_or(MapReader& map, std::string_view key, Diagnostics& diagnostics);
// A growth rate drawn once per simulated year: a number or distribution, or a list of
// one per year (its length is checked with the horizon, in check_scenario).
YearlyParam read_yearly_param_or(MapReader& map, std::string_view key, Diagnostics& diagnostics);
// As read_param_or, but the key is required.
Param read_required_param(MapReader& map, std::string_view key, Diagnostics& diagnostics);

// Divides each value by the sum when the sum is within 1e-6 of 1; otherwise reports it.
// Sums already within 1e-14 of 1 are left alone, so normalising twice changes nothing.
void normalise_shares(std::vector<double*> shares, const std::string& what,
                      const SourceLocation& where, const std::string& path,
                      Diagnostics& diagnostics);

}  // namespace rollout::loader
