#include <fmt/format.h>
#include <algorithm>

#include "loader/readers.hpp"

namespace rollout::loader {
namespace {

// Keys `brand_defaults` may give, each brand overriding them: the key table's rows below
// `brand_defaults` (scenario_keys.cpp).
const std::vector<std::string>& defaultable_keys() {
  static const std::vector<std::string> keys = [] {
    const std::string prefix = "brand_defaults.";
    std::vector<std::string> found;
    for (const KeySpec& row : scenario_keys()) {
      if (row.path.starts_with(prefix)) found.push_back(row.path.substr(prefix.size()));
    }
    return found;
  }();
  return keys;
}

// The brand's own map with the defaults' keys added where the brand does not set them.
TreeNode with_defaults(const TreeNode& brand, const TreeNode* defaults, bool is_focal) {
  if (defaults == nullptr || !defaults->is_map() || !brand.is_map()) return brand;
  TreeNode merged = brand;
  for (const MapEntry& e : defaults->entries) {
    const std::vector<std::string>& keys = defaultable_keys();
    const bool known = std::find(keys.begin(), keys.end(), e.key) != keys.end();
    // The focal brand's store count follows the plan, not a growth rate.
    if (!known || brand.find(e.key) != nullptr || (is_focal && e.key == "store_growth_per_year"))
      continue;
    merged.entries.push_back(e);
  }
  return merged;
}

void check_defaults(const TreeNode& defaults, Diagnostics& diagnostics) {
  MapReader map(defaults, "brand_defaults", diagnostics);
  for (const std::string& key : defaultable_keys()) {
    const TreeNode* node = map.optional(key);
    if (node == nullptr) continue;
    // Read once here so a bad default is reported once, not once per brand.
    if (map.spec(key).type == KeyType::boolean) {
      read_bool(*node, map.path_of(key), diagnostics);
    } else {
      read_param(*node, map.path_of(key), map.path_of(key), map.range(key), diagnostics);
    }
  }
}

Brand read_brand(const MapEntry& entry, const TreeNode* defaults, bool defaults_ok,
                 Diagnostics& diagnostics) {
  Brand b;
  b.name = entry.key;
  b.where = entry.key_where;
  if (entry.key.empty())
    diagnostics.error(entry.key_where, "brands", "has a brand named '', but a name is required");
  const std::string path = join_path("brands", entry.key);
  const TreeNode* focal_node = entry.value.is_map() ? entry.value.find("focal") : nullptr;
  const bool looks_focal = focal_node != nullptr && focal_node->scalar == "true";
  if (looks_focal && entry.value.find("store_growth_per_year") != nullptr) {
    diagnostics.error(
        entry.value.find("store_growth_per_year")->where, join_path(path, "store_growth_per_year"),
        "is set, but the focal brand's store count follows the plan; remove this key");
  }
  const TreeNode merged = with_defaults(entry.value, defaults_ok ? defaults : nullptr, looks_focal);
  MapReader map(merged, path, "brands.*", diagnostics);
  if (!map.is_map()) return b;
  if (const TreeNode* n = map.optional("focal"))
    b.focal = read_bool(*n, map.path_of("focal"), diagnostics).value_or(false);
  if (const TreeNode* n = map.required("market_share")) {
    b.market_share =
        read_number(*n, map.path_of("market_share"), diagnostics, map.range("market_share"))
            .value_or(0);
  }
  if (const TreeNode* n = map.required("online_share")) {
    b.online_share =
        read_number(*n, map.path_of("online_share"), diagnostics, map.range("online_share"))
            .value_or(0);
  }
  b.third_party_presence_per_million =
      read_required_param(map, "third_party_presence_per_million", diagnostics);
  if (const TreeNode* n = map.optional("initial_stores")) {
    b.initial_stores =
        read_integer(*n, map.path_of("initial_stores"), diagnostics, map.range("initial_stores"));
  }
  b.store_growth_per_year = read_param_or(map, "store_growth_per_year", diagnostics);
  {
    const std::string name = map.path_of("row_units_per_quarter");
    const int which = map.one_of({"row_units_per_quarter", "row_units_per_quarter_millions"}, true);
    b.row_units_per_quarter = Param{name, Fixed{0}, map.where()};
    if (which >= 0) {
      const std::string key =
          which == 0 ? "row_units_per_quarter" : "row_units_per_quarter_millions";
      if (auto p = read_param(*map.optional(key), map.path_of(key), name, map.range(key),
                              diagnostics, which == 0 ? 1.0 : 1e6)) {
        b.row_units_per_quarter = *p;
      }
    }
  }
  b.row_growth_per_year = read_param_or(map, "row_growth_per_year", diagnostics);
  b.momentum_sd_per_year = read_param_or(map, "momentum_sd_per_year", diagnostics);
  if (const TreeNode* n = map.optional("ranked"))
    b.ranked = read_bool(*n, map.path_of("ranked"), diagnostics).value_or(true);
  return b;
}

}  // namespace

std::vector<Brand> read_brands(MapReader& top, Diagnostics& diagnostics) {
  std::vector<Brand> brands;
  const TreeNode* defaults = top.optional("brand_defaults");
  const std::size_t before = diagnostics.count();
  if (defaults != nullptr) check_defaults(*defaults, diagnostics);
  const bool defaults_ok = diagnostics.count() == before;
  const TreeNode* node = top.required("brands");
  if (node == nullptr) return brands;
  if (!node->is_map()) {
    diagnostics.error(
        node->where, "brands",
        fmt::format("is {}, but must be a map from brand name to its inputs", node->kind_name()));
    return brands;
  }
  report_duplicate_keys(*node, "brands", "brand", diagnostics);
  const std::size_t before_brands = diagnostics.count();
  for (const MapEntry& entry : node->entries) {
    if (std::any_of(brands.begin(), brands.end(),
                    [&](const Brand& b) { return b.name == entry.key; }))
      continue;
    brands.push_back(read_brand(entry, defaults, defaults_ok, diagnostics));
  }
  if (brands.size() < 2) {
    diagnostics.error(
        node->where, "brands",
        fmt::format("has {} brand, but needs at least 2 (the focal brand and a competitor "
                    "or an aggregate 'Others')",
                    brands.size()));
  }
  // A sum over values that failed to read would only repeat those errors.
  if (diagnostics.count() != before_brands) return brands;
  std::vector<double*> market, online;
  for (Brand& b : brands) {
    market.push_back(&b.market_share);
    online.push_back(&b.online_share);
  }
  normalise_shares(market, "market_share values", node->where, "brands", diagnostics);
  normalise_shares(online, "online_share values", node->where, "brands", diagnostics);
  return brands;
}

}  // namespace rollout::loader
