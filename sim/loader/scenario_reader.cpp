#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "loader/readers.hpp"

namespace rollout::loader {

Param read_param_or(MapReader& map, std::string_view key, Diagnostics& diagnostics) {
  const std::string path = map.path_of(key);
  if (const TreeNode* node = map.optional(key)) {
    if (auto p = read_param(*node, path, path, map.range(key), diagnostics)) return *p;
  }
  return Param{path, Fixed{map.fallback(key)}, map.where()};
}

YearlyParam read_yearly_param_or(MapReader& map, std::string_view key, Diagnostics& diagnostics) {
  const double fallback = map.fallback(key);
  const Range& range = map.range(key);
  YearlyParam yearly;
  yearly.entries.clear();  // the default entry; filled below from the file
  yearly.name = map.path_of(key);
  yearly.where = map.where();
  const TreeNode* node = map.optional(key);
  if (node == nullptr || node->kind != TreeNode::Kind::sequence) {
    yearly.entries.push_back(read_param_or(map, key, diagnostics));
    return yearly;
  }
  const std::string path = map.path_of(key);
  yearly.listed = true;
  yearly.where = node->where;
  if (node->items.empty()) {  // reported; read on as the default, so that entries is not empty
    diagnostics.error(node->where, path, "is an empty list, but needs one entry per year");
    yearly.listed = false;
    yearly.entries.push_back(Param{path, Fixed{fallback}, node->where});
  }
  for (std::size_t y = 0; y < node->items.size(); ++y) {
    const std::string name = fmt::format("{}.y{}", path, y + 1);
    const TreeNode& item = node->items[y];
    yearly.entries.push_back(
        read_param(item, fmt::format("{}[{}]", path, y), name, range, diagnostics)
            .value_or(Param{name, Fixed{fallback}, item.where}));
  }
  return yearly;
}

Param read_required_param(MapReader& map, std::string_view key, Diagnostics& diagnostics) {
  const std::string path = map.path_of(key);
  if (const TreeNode* node = map.required(key)) {
    if (auto p = read_param(*node, path, path, map.range(key), diagnostics)) return *p;
  }
  return Param{path, Fixed{0}, map.where()};
}

void normalise_shares(std::vector<double*> shares, const std::string& what,
                      const SourceLocation& where, const std::string& path,
                      Diagnostics& diagnostics) {
  double sum = 0;
  for (const double* s : shares)
    sum += *s;
  if (std::fabs(sum - 1) > 1e-6) {
    diagnostics.error(
        where, path,
        fmt::format("{} sum to {:.9g} over {} entries, but must sum to 1 (within 1e-6)", what, sum,
                    shares.size()));
    return;
  }
  if (std::fabs(sum - 1) <= 1e-14) return;
  for (double* s : shares)
    *s /= sum;
}

namespace {

// Either one Param in the base unit or its `_millions` twin, scaled to the base unit.
Param read_units_param(MapReader& map, const std::string& key, Diagnostics& diagnostics) {
  const std::string name = map.path_of(key);
  const std::string millions = key + "_millions";
  const int which = map.one_of({key, millions}, true);
  if (which < 0) return Param{name, Fixed{0}, map.where()};
  const std::string written = which == 0 ? key : millions;
  const TreeNode* node = map.optional(written);
  auto p = read_param(*node, map.path_of(written), name, map.range(written), diagnostics,
                      which == 0 ? 1.0 : 1e6);
  return p.value_or(Param{name, Fixed{0}, map.where()});
}

std::array<double, 12> read_seasonality(MapReader& map, Diagnostics& diagnostics) {
  std::array<double, 12> months;
  months.fill(1.0);
  const TreeNode* node = map.optional("seasonality");
  if (node == nullptr) return months;
  const std::string path = map.path_of("seasonality");
  auto values = read_number_list(*node, path, diagnostics, map.range("seasonality"));
  if (!values) return months;
  if (values->size() != 12 && values->size() != 4) {
    diagnostics.error(
        node->where, path,
        fmt::format("has {} values, but must have 12 (one per calendar month, January "
                    "first) or 4 (one per calendar quarter)",
                    values->size()));
    return months;
  }
  const std::size_t per_value = 12 / values->size();
  for (std::size_t m = 0; m < 12; ++m)
    months[m] = (*values)[m / per_value];
  const double average = std::accumulate(months.begin(), months.end(), 0.0) / 12;
  if (std::fabs(average - 1) > 1e-3) {
    diagnostics.error(
        node->where, path,
        fmt::format("averages {:.9g} over the year, but must average 1 (within 1e-3)", average));
    return months;
  }
  if (std::fabs(average - 1) > 1e-14) {
    for (double& m : months)
      m /= average;
  }
  return months;
}

Market read_market(const TreeNode& node, Diagnostics& diagnostics) {
  MapReader map(node, "market", diagnostics);
  Market m;
  if (const TreeNode* n = map.optional("name"))
    m.name = read_label(*n, map.path_of("name"), 64, diagnostics).value_or(m.name);
  m.units_per_year = read_units_param(map, "units_per_year", diagnostics);
  m.demand_weight_exponent = read_param_or(map, "demand_weight_exponent", diagnostics);
  m.growth_per_year = read_yearly_param_or(map, "growth_per_year", diagnostics);
  m.offline_share = read_required_param(map, "offline_share", diagnostics);
  m.offline_share_drift_per_year = read_param_or(map, "offline_share_drift_per_year", diagnostics);
  const std::string shocks_path = map.path_of("shocks");
  const TreeNode* shocks_node = map.optional("shocks");
  TreeNode defaults;
  defaults.kind = TreeNode::Kind::map;
  defaults.where = map.where();
  MapReader shocks(shocks_node != nullptr ? *shocks_node : defaults, shocks_path, diagnostics);
  m.shocks.sd = read_param_or(shocks, "sd", diagnostics);
  m.shocks.national_weight = read_param_or(shocks, "national_weight", diagnostics);
  m.shocks.spatial_dependence = read_param_or(shocks, "spatial_dependence", diagnostics);
  m.shocks.persistence = read_param_or(shocks, "persistence", diagnostics);
  m.seasonality = read_seasonality(map, diagnostics);
  return m;
}

RestOfWorld read_rest_of_world(const TreeNode& node, Diagnostics& diagnostics) {
  MapReader map(node, "rest_of_world", diagnostics);
  RestOfWorld row;
  row.growth_per_year = read_yearly_param_or(map, "growth_per_year", diagnostics);
  row.shock_sd = read_param_or(map, "shock_sd", diagnostics);
  row.seasonality = read_seasonality(map, diagnostics);
  return row;
}

Effects read_effects(const TreeNode& node, Diagnostics& diagnostics) {
  MapReader map(node, "effects", diagnostics);
  Effects e;
  e.store_elasticity = read_required_param(map, "store_elasticity", diagnostics);
  e.halo_elasticity = read_param_or(map, "halo_elasticity", diagnostics);
  e.neighbour_spillover = read_param_or(map, "neighbour_spillover", diagnostics);
  return e;
}

SimulationSettings read_simulation(const TreeNode* node, Diagnostics& diagnostics) {
  SimulationSettings s;
  if (node == nullptr) return s;
  MapReader map(*node, "simulation", diagnostics);
  if (const TreeNode* n = map.optional("replications")) {
    s.replications =
        read_integer(*n, map.path_of("replications"), diagnostics, map.range("replications"))
            .value_or(s.replications);
  }
  if (const TreeNode* n = map.optional("seed")) {
    s.seed = static_cast<std::uint64_t>(
        read_integer(*n, map.path_of("seed"), diagnostics, map.range("seed")).value_or(1));
  }
  if (const TreeNode* n = map.optional("sampling")) {
    s.sampling = read_enum<Sampling>(*n, map.path_of("sampling"), diagnostics).value_or(s.sampling);
  }
  if (const TreeNode* n = map.optional("nearest_correlation")) {
    s.nearest_correlation =
        read_bool(*n, map.path_of("nearest_correlation"), diagnostics).value_or(false);
  }
  if (const TreeNode* n = map.optional("percentiles")) {
    const std::string path = map.path_of("percentiles");
    if (auto values = read_number_list(*n, path, diagnostics, map.range("percentiles"))) {
      bool increasing = !values->empty();
      for (std::size_t i = 1; i < values->size(); ++i)
        increasing = increasing && (*values)[i] > (*values)[i - 1];
      if (increasing) {
        s.percentiles = *values;
      } else {
        diagnostics.error(n->where, path,
                          fmt::format("is [{}], but must be a non-empty list in increasing order",
                                      fmt::join(*values, ", ")));
      }
    }
  }
  return s;
}

// "2021-11".
void read_start_month(const TreeNode& node, Scenario& s, Diagnostics& diagnostics) {
  const std::string path = "start_month";
  const auto text = read_string(node, path, diagnostics);
  if (!text) return;
  const std::optional<CalendarMonth> month = CalendarMonth::parse(*text);
  if (!month) {
    diagnostics.error(
        node.where, path,
        fmt::format("is '{}', but must be a calendar month written YYYY-MM, e.g. 2021-11",
                    excerpt(*text)));
    return;
  }
  // Every month of a horizon (at most 100 years) must still be a four-digit year.
  if (month->year() < 1900 || month->year() > 2999) {
    diagnostics.error(
        node.where, path,
        fmt::format("is in year {}, but the year must be in [1900, 2999]", month->year()));
    return;
  }
  s.start_month = *month;
}

}  // namespace

bool is_top_level_key(std::string_view key) {
  // The key table's rows without a dot, `extends` (resolved before read_scenario) among them.
  return key.find_first_of(".[*") == std::string_view::npos && find_scenario_key(key) != nullptr;
}

Scenario read_scenario(const TreeNode& root, const std::string& default_name,
                       Diagnostics& diagnostics) {
  Scenario s;
  MapReader top(root, "", diagnostics);
  if (!top.is_map()) return s;
  s.name = default_name;
  if (const TreeNode* n = top.optional("name"))
    s.name = read_string(*n, "name", diagnostics).value_or(s.name);
  if (const TreeNode* n = top.optional("description")) {
    s.description = read_string(*n, "description", diagnostics).value_or("");
  }
  if (const TreeNode* n = top.required("start_month")) read_start_month(*n, s, diagnostics);
  if (const TreeNode* n = top.required("months")) {
    // 1,200 months is a century: beyond any plan, and a bound on memory per replication.
    s.months =
        static_cast<int>(read_integer(*n, "months", diagnostics, top.range("months")).value_or(0));
  }
  s.simulation = read_simulation(top.optional("simulation"), diagnostics);
  if (const TreeNode* n = top.required("market")) s.market = read_market(*n, diagnostics);
  TreeNode no_row;
  no_row.kind = TreeNode::Kind::map;
  no_row.where = root.where;
  const TreeNode* row = top.optional("rest_of_world");
  s.rest_of_world = read_rest_of_world(row != nullptr ? *row : no_row, diagnostics);
  s.brands = read_brands(top, diagnostics);
  s.regions = read_regions(top, s.brands, diagnostics);
  if (const TreeNode* n = top.required("effects")) s.effects = read_effects(*n, diagnostics);
  if (const TreeNode* n = top.required("plan")) s.plan = read_plan(*n, s, diagnostics);
  if (const TreeNode* n = top.optional("economics"))
    s.economics = read_economics(*n, s.plan, diagnostics);
  if (const TreeNode* n = top.optional("correlations"))
    s.correlations = read_correlations(*n, s, diagnostics);
  // Sweep and optimisation blocks ride along in a scenario file; their commands read them.
  top.optional("sweep");
  top.optional("optimize");
  check_scenario(s, root, diagnostics);
  return s;
}

}  // namespace rollout::loader
