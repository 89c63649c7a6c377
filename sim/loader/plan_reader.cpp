#include <fmt/format.h>
#include <algorithm>

#include "common/text_similarity.hpp"
#include "loader/readers.hpp"

namespace rollout::loader {
namespace {

// A number (flat) or a list of [month, openings] points, months strictly increasing.
std::vector<CapacityPoint> read_capacity(const TreeNode& node, const std::string& path,
                                         const Range& range, Diagnostics& diagnostics) {
  if (node.kind == TreeNode::Kind::scalar) {
    const auto v = read_number(node, path, diagnostics, range);
    return v ? std::vector<CapacityPoint>{{0, *v}} : std::vector<CapacityPoint>{};
  }
  if (node.kind != TreeNode::Kind::sequence || node.items.empty()) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a number of openings a month or a list of "
                                  "[month, openings] points",
                                  node.kind_name()));
    return {};
  }
  std::vector<CapacityPoint> points;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const TreeNode& item = node.items[i];
    const std::string item_path = fmt::format("{}[{}]", path, i);
    if (item.kind != TreeNode::Kind::sequence || item.items.size() != 2) {
      diagnostics.error(
          item.where, item_path,
          fmt::format("is {}, but must be a pair [month, openings]", item.kind_name()));
      continue;
    }
    const auto month =
        read_integer(item.items[0], item_path + "[0]", diagnostics, Range::non_negative());
    const auto openings = read_number(item.items[1], item_path + "[1]", diagnostics, range);
    if (!month || !openings) continue;
    if (!points.empty() && *month <= points.back().month) {
      diagnostics.error(
          item.items[0].where, item_path + "[0]",
          fmt::format("is month {}, but the months must increase: the point before is at month {}",
                      *month, points.back().month));
      continue;
    }
    points.push_back({static_cast<int>(*month), *openings});
  }
  return points;
}

std::vector<StoreFormat> read_formats(const TreeNode& node, Diagnostics& diagnostics) {
  std::vector<StoreFormat> formats;
  const std::string path = "plan.formats";
  if (!node.is_map() || node.entries.empty()) {
    diagnostics.error(
        node.where, path,
        fmt::format("is {}, but must be a map from format name to its inputs", node.kind_name()));
    return formats;
  }
  report_duplicate_keys(node, path, "format", diagnostics);
  const std::size_t before = diagnostics.count();
  for (const MapEntry& entry : node.entries) {
    if (std::any_of(formats.begin(), formats.end(),
                    [&](const StoreFormat& f) { return f.name == entry.key; }))
      continue;
    StoreFormat f;
    f.name = entry.key;
    MapReader map(entry.value, join_path(path, entry.key), "plan.formats.*", diagnostics);
    if (!map.is_map()) continue;
    if (const TreeNode* n = map.required("mix"))
      f.mix = read_number(*n, map.path_of("mix"), diagnostics, map.range("mix")).value_or(0);
    f.initial_mix = f.mix;
    if (const TreeNode* n = map.optional("initial_mix")) {
      f.initial_mix =
          read_number(*n, map.path_of("initial_mix"), diagnostics, map.range("initial_mix"))
              .value_or(0);
    }
    f.presence_weight = read_param_or(map, "presence_weight", diagnostics);
    f.ramp_months = read_required_param(map, "ramp_months", diagnostics);
    f.closure_rate_per_year = read_param_or(map, "closure_rate_per_year", diagnostics);
    f.break_even_units_per_month =
        read_required_param(map, "break_even_units_per_month", diagnostics);
    formats.push_back(std::move(f));
  }
  if (diagnostics.count() != before) return formats;
  std::vector<double*> mix, initial_mix;
  for (StoreFormat& f : formats) {
    mix.push_back(&f.mix);
    initial_mix.push_back(&f.initial_mix);
  }
  normalise_shares(mix, "mix values", node.where, path, diagnostics);
  normalise_shares(initial_mix, "initial_mix values", node.where, path, diagnostics);
  return formats;
}

std::vector<double> read_fixed_shares(const TreeNode& node, const Scenario& s,
                                      Diagnostics& diagnostics) {
  const std::string path = "plan.fixed_shares";
  std::vector<double> shares(s.regions.size(), 0.0);
  MapReader map(node, path, diagnostics);
  if (!map.is_map()) return {};
  std::vector<std::string> names;
  for (const Region& r : s.regions)
    names.push_back(r.name);
  const std::size_t before = diagnostics.count();
  for (const MapEntry& e : node.entries) {
    const std::size_t r = s.region_index(e.key);
    if (r == s.regions.size()) {
      std::string message = fmt::format("'{}' is not a region of this scenario", excerpt(e.key));
      if (auto m = closest_match(e.key, names)) message += fmt::format("; did you mean '{}'?", *m);
      diagnostics.error(e.key_where, join_path(path, e.key), message);
      map.optional(e.key);
      continue;
    }
    if (const TreeNode* v = map.optional(e.key)) {
      shares[r] = read_number(*v, map.path_of(e.key), diagnostics, map.range(e.key)).value_or(0);
    }
  }
  if (diagnostics.count() != before) return {};
  std::vector<double*> pointers;
  for (double& x : shares)
    pointers.push_back(&x);
  normalise_shares(pointers, "fixed_shares", node.where, path, diagnostics);
  return shares;
}

}  // namespace

Plan read_plan(const TreeNode& node, const Scenario& s, Diagnostics& diagnostics) {
  Plan p;
  MapReader map(node, "plan", diagnostics);
  if (!map.is_map()) return p;
  if (const TreeNode* n = map.required("target_stores")) {
    p.target_stores =
        read_integer(*n, map.path_of("target_stores"), diagnostics, map.range("target_stores"))
            .value_or(0);
  }
  if (const TreeNode* n = map.required("deadline_month")) {
    const auto v =
        read_integer(*n, map.path_of("deadline_month"), diagnostics, map.range("deadline_month"));
    if (v && s.months > 0 && *v > s.months) {
      diagnostics.error(n->where, map.path_of("deadline_month"),
                        fmt::format("is {}, but must be in [1, {}]: the horizon is months: {}", *v,
                                    s.months, s.months));
    } else if (v) {
      p.deadline_month = static_cast<int>(*v);
    }
  }
  if (const TreeNode* n = map.optional("reach_fraction")) {
    p.reach_fraction =
        read_number(*n, map.path_of("reach_fraction"), diagnostics, map.range("reach_fraction"))
            .value_or(p.reach_fraction);
  }
  if (const TreeNode* n = map.required("opening_capacity_per_month")) {
    p.opening_capacity = read_capacity(*n, map.path_of("opening_capacity_per_month"),
                                       map.range("opening_capacity_per_month"), diagnostics);
  }
  if (const TreeNode* n = map.optional("allocation")) {
    p.allocation =
        read_enum<Allocation>(*n, map.path_of("allocation"), diagnostics).value_or(p.allocation);
  }
  if (const TreeNode* n = map.optional("fixed_shares")) {
    p.fixed_shares = read_fixed_shares(*n, s, diagnostics);
  } else if (p.allocation == Allocation::fixed) {
    diagnostics.error(map.where(), map.path_of("fixed_shares"),
                      "is missing, but is required when allocation is fixed");
  }
  if (const TreeNode* n = map.optional("lead_time_months")) {
    p.lead_time_months = static_cast<int>(read_integer(*n, map.path_of("lead_time_months"),
                                                       diagnostics, map.range("lead_time_months"))
                                              .value_or(1));
  }
  if (const TreeNode* n = map.optional("after_deadline")) {
    p.after_deadline = read_enum<AfterDeadline>(*n, map.path_of("after_deadline"), diagnostics)
                           .value_or(p.after_deadline);
  }
  if (const TreeNode* n = map.optional("closure_allowance")) {
    p.closure_allowance =
        read_enum<ClosureAllowance>(*n, map.path_of("closure_allowance"), diagnostics)
            .value_or(p.closure_allowance);
  }
  p.planning_execution_rate = read_param_or(map, "planning_execution_rate", diagnostics);
  p.execution_rate = read_param_or(map, "execution_rate", diagnostics);
  p.new_store_productivity = read_param_or(map, "new_store_productivity", diagnostics);
  p.underperformance_closure_factor =
      read_param_or(map, "underperformance_closure_factor", diagnostics);
  if (const TreeNode* n = map.optional("initial_store_age_months")) {
    if (!(n->kind == TreeNode::Kind::scalar && !n->quoted && n->scalar == "mature")) {
      p.initial_store_age_months =
          static_cast<int>(read_integer(*n, map.path_of("initial_store_age_months"), diagnostics,
                                        map.range("initial_store_age_months"))
                               .value_or(0));
    }
  }
  if (const TreeNode* n = map.required("density_cap_per_million")) {
    p.density_cap_per_million = read_number(*n, map.path_of("density_cap_per_million"), diagnostics,
                                            map.range("density_cap_per_million"))
                                    .value_or(0);
  }
  if (const TreeNode* n = map.required("formats")) p.formats = read_formats(*n, diagnostics);
  return p;
}

}  // namespace rollout::loader
