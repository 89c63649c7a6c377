#pragma once
// Typed reads of single YAML values. Each returns nothing and reports a diagnostic
// when the value has the wrong type or lies outside its range, quoting the value.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "loader/yaml_tree.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::loader {

// An allowed interval such as (0, 1] or >= 0.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range any() { return {}; }
  static Range positive() { return {0, std::numeric_limits<double>::infinity(), true, false}; }
  static Range non_negative() { return {0, std::numeric_limits<double>::infinity()}; }
  static Range unit() { return {0, 1}; }                         // [0, 1]
  static Range unit_open_low() { return {0, 1, true, false}; }   // (0, 1]
  static Range unit_open_high() { return {0, 1, false, true}; }  // [0, 1)
  static Range at_least(double x) { return {x, std::numeric_limits<double>::infinity()}; }
  static Range between(double a, double b) { return {a, b}; }

  bool contains(double x) const;
  std::string describe() const;  // "must be > 0", "must be in (0, 1]"
};

std::optional<double> read_number(const TreeNode& node, const std::string& path,
                                  Diagnostics& diagnostics, const Range& range = Range::any());
std::optional<std::int64_t> read_integer(const TreeNode& node, const std::string& path,
                                         Diagnostics& diagnostics,
                                         const Range& range = Range::any());
std::optional<bool> read_bool(const TreeNode& node, const std::string& path,
                              Diagnostics& diagnostics);
std::optional<std::string> read_string(const TreeNode& node, const std::string& path,
                                       Diagnostics& diagnostics);
// A name shown in labels (a market, a currency): text of 1 to `max_bytes` bytes.
std::optional<std::string> read_label(const TreeNode& node, const std::string& path,
                                      std::size_t max_bytes, Diagnostics& diagnostics);
// One of `choices`; otherwise reports the allowed choices and the closest one.
std::optional<std::string> read_choice(const TreeNode& node, const std::string& path,
                                       const std::vector<std::string>& choices,
                                       Diagnostics& diagnostics);
// A value of a named enum (scenario/enum_names.hpp), by its name.
template <Named E>
std::optional<E> read_enum(const TreeNode& node, const std::string& path,
                           Diagnostics& diagnostics) {
  const auto name = read_choice(node, path, names_of<E>(), diagnostics);
  return name ? value_named<E>(*name) : std::nullopt;
}
std::optional<std::vector<double>> read_number_list(const TreeNode& node, const std::string& path,
                                                    Diagnostics& diagnostics,
                                                    const Range& range = Range::any());

// A fixed number or a distribution `{name: {parameters}}` whose whole support lies in
// `range`. `name` is the canonical input name; `scale` converts the file's unit
// (e.g. millions) to base units. `range` applies in the file's unit, so it must be one
// that scaling leaves unchanged (such as > 0).
std::optional<Param> read_param(const TreeNode& node, const std::string& path,
                                const std::string& name, const Range& range,
                                Diagnostics& diagnostics, double scale = 1);

}  // namespace rollout::loader
