// The optional `economics:` block (docs/scenarios.md, "economics"): margins per unit by
// channel, costs per plan format, a discount rate and the currency's name.

#include <fmt/format.h>
#include <algorithm>

#include "common/text_similarity.hpp"
#include "loader/readers.hpp"

namespace rollout::loader {
namespace {

FormatCosts read_format_costs(const TreeNode& node, const std::string& path,
                              Diagnostics& diagnostics) {
  FormatCosts costs;
  MapReader map(node, path, "economics.formats.*", diagnostics);
  // Every cost is required: a missing one would be a silent zero in the profit.
  costs.fixed_cost_per_month = read_required_param(map, "fixed_cost_per_month", diagnostics);
  costs.capital_cost_per_opening =
      read_required_param(map, "capital_cost_per_opening", diagnostics);
  costs.cost_per_closure = read_required_param(map, "cost_per_closure", diagnostics);
  return costs;
}

// One entry per plan format, by name; a format of the block that the plan lacks is reported.
std::vector<FormatCosts> read_costs(const TreeNode& node, const std::vector<StoreFormat>& formats,
                                    const std::string& path, Diagnostics& diagnostics) {
  std::vector<FormatCosts> costs(formats.size());
  for (std::size_t k = 0; k < formats.size(); ++k) {
    const std::string format_path = join_path(path, formats[k].name);
    costs[k].fixed_cost_per_month.name = join_path(format_path, "fixed_cost_per_month");
    costs[k].capital_cost_per_opening.name = join_path(format_path, "capital_cost_per_opening");
    costs[k].cost_per_closure.name = join_path(format_path, "cost_per_closure");
  }
  if (!node.is_map()) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a map from each plan format to its costs",
                                  node.kind_name()));
    return costs;
  }
  report_duplicate_keys(node, path, "format", diagnostics);
  std::vector<std::string> names;
  for (const StoreFormat& f : formats)
    names.push_back(f.name);
  std::vector<bool> seen(formats.size(), false);
  for (const MapEntry& entry : node.entries) {
    const auto at = std::find(names.begin(), names.end(), entry.key);
    if (at == names.end()) {
      std::string message = fmt::format("'{}' is not a format of plan.formats", excerpt(entry.key));
      if (auto m = closest_match(entry.key, names))
        message += fmt::format("; did you mean '{}'?", *m);
      diagnostics.error(entry.key_where, join_path(path, entry.key), message);
      continue;
    }
    const auto k = static_cast<std::size_t>(at - names.begin());
    if (seen[k]) continue;  // a duplicate, reported above
    seen[k] = true;
    costs[k] = read_format_costs(entry.value, join_path(path, entry.key), diagnostics);
  }
  for (std::size_t k = 0; k < formats.size(); ++k) {
    if (!seen[k]) {
      diagnostics.error(node.where, join_path(path, names[k]),
                        "is missing, but every plan format needs its costs");
    }
  }
  return costs;
}

}  // namespace

Economics read_economics(const TreeNode& node, const Plan& plan, Diagnostics& diagnostics) {
  Economics e;
  e.where = node.where;
  MapReader map(node, "economics", diagnostics);
  if (!map.is_map()) return e;
  if (const TreeNode* n = map.required("currency"))
    e.currency = read_label(*n, map.path_of("currency"), 16, diagnostics).value_or("");
  e.own_store_margin_per_unit = read_required_param(map, "own_store_margin_per_unit", diagnostics);
  e.third_party_margin_per_unit =
      read_required_param(map, "third_party_margin_per_unit", diagnostics);
  e.online_margin_per_unit = read_required_param(map, "online_margin_per_unit", diagnostics);
  e.discount_rate_per_year = read_param_or(map, "discount_rate_per_year", diagnostics);
  const std::string formats_path = map.path_of("formats");
  if (const TreeNode* formats = map.required("formats")) {
    e.formats = read_costs(*formats, plan.formats, formats_path, diagnostics);
  } else {  // reported as missing; named, zero costs keep the input list whole meanwhile
    TreeNode none;
    none.kind = TreeNode::Kind::map;
    none.where = map.where();
    Diagnostics ignored;  // each format's absence is the missing key's one problem
    e.formats = read_costs(none, plan.formats, formats_path, ignored);
  }
  return e;
}

}  // namespace rollout::loader
