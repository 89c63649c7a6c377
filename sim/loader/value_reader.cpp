#include "loader/value_reader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/text_similarity.hpp"
#include "loader/map_reader.hpp"

namespace rollout::loader {
namespace {

std::string format_bound(double x) {
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  return fmt::format("{}", x);
}

bool is_yaml_non_finite(const std::string& s) {
  static const std::vector<std::string> spellings{".nan",  ".NaN",  ".NAN",  ".inf",
                                                  ".Inf",  ".INF",  "+.inf", "+.Inf",
                                                  "+.INF", "-.inf", "-.Inf", "-.INF"};
  return std::find(spellings.begin(), spellings.end(), s) != spellings.end();
}

// Strict parse of a plain scalar: the whole text must be a number.
std::optional<double> parse_double(const std::string& text) {
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// The scalar as a number, or a diagnostic saying what it is instead.
std::optional<double> scalar_number(const TreeNode& node, const std::string& path,
                                    Diagnostics& diagnostics) {
  if (node.kind != TreeNode::Kind::scalar) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a number", node.kind_name()));
    return std::nullopt;
  }
  if (node.quoted) {
    diagnostics.error(node.where, path,
                      fmt::format("is the string \"{}\", but must be a number (without quotes)",
                                  excerpt(node.scalar)));
    return std::nullopt;
  }
  if (is_yaml_non_finite(node.scalar)) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a finite number", excerpt(node.scalar)));
    return std::nullopt;
  }
  const auto value = parse_double(node.scalar);
  if (!value) {
    diagnostics.error(node.where, path,
                      fmt::format("is '{}', but must be a number", excerpt(node.scalar)));
    return std::nullopt;
  }
  if (!std::isfinite(*value)) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a finite number", excerpt(node.scalar)));
    return std::nullopt;
  }
  return value;
}

bool check_range(double value, const TreeNode& node, const std::string& path, const Range& range,
                 Diagnostics& diagnostics) {
  if (range.contains(value)) return true;
  diagnostics.error(node.where, path, fmt::format("is {}, but {}", value, range.describe()));
  return false;
}

// Whether every value the distribution can draw lies in `range`.
bool support_within(const Support& s, const Range& range) {
  const bool lo_ok = s.lo > range.lo || (s.lo == range.lo && (!range.lo_open || !s.lo_attained));
  const bool hi_ok = s.hi < range.hi || (s.hi == range.hi && (!range.hi_open || !s.hi_attained));
  return lo_ok && hi_ok;
}

std::string describe_support(const Support& s) {
  return fmt::format("{}{}, {}{}", s.lo_attained ? "[" : "(", format_bound(s.lo),
                     format_bound(s.hi), s.hi_attained ? "]" : ")");
}

struct DistributionReader {
  MapReader& params;
  Diagnostics& diagnostics;
  bool ok = true;

  double need(std::string_view key) {
    const TreeNode* node = params.required(key);
    if (node == nullptr) {
      ok = false;
      return 0;
    }
    return value(*node, key);
  }
  double maybe(std::string_view key, double fallback) {
    const TreeNode* node = params.optional(key);
    return node == nullptr ? fallback : value(*node, key);
  }
  std::vector<double> list(std::string_view key, bool is_required) {
    const TreeNode* node = is_required ? params.required(key) : params.optional(key);
    if (node == nullptr) {
      ok = ok && !is_required;
      return {};
    }
    auto values = read_number_list(*node, params.path_of(key), diagnostics);
    ok = ok && values.has_value();
    return values.value_or(std::vector<double>{});
  }
  double value(const TreeNode& node, std::string_view key) {
    const auto v = scalar_number(node, params.path_of(key), diagnostics);
    ok = ok && v.has_value();
    return v.value_or(0);
  }
};

std::optional<Distribution> read_distribution_body(const std::string& kind, const TreeNode& body,
                                                   const std::string& path,
                                                   Diagnostics& diagnostics) {
  if (kind == "fixed") {
    const auto v = scalar_number(body, path, diagnostics);
    if (!v) return std::nullopt;
    return Fixed{*v};
  }
  MapReader params(body, path, diagnostics, NoKeyTable{});
  if (!params.is_map()) return std::nullopt;
  DistributionReader r{params, diagnostics};
  // The caller has checked `kind` against distribution_names(); fixed is read above.
  Distribution d = Discrete{};
  for_each_distribution_kind([&]<class D>(std::type_identity<D>) {
    if (kind != DistributionSpelling<D>::name) return;
    if constexpr (ParametricDistribution<D>) {
      D parametric;
      for (const auto& p : DistributionSpelling<D>::parameters)
        parametric.*p.member = p.required ? r.need(p.key) : r.maybe(p.key, p.fallback);
      d = parametric;
    } else if constexpr (std::is_same_v<D, Discrete>) {
      d = Discrete{r.list("values", true), r.list("weights", false)};
    }
  });
  if (!r.ok) return std::nullopt;
  bool valid = true;
  for (const ParameterProblem& p : parameter_problems(d)) {
    const std::string key = p.parameter.substr(0, p.parameter.find('['));
    const TreeNode* at = body.find(key);
    diagnostics.error(at != nullptr ? at->where : body.where, join_path(path, p.parameter),
                      p.message);
    valid = false;
  }
  if (!valid) return std::nullopt;
  return d;
}

}  // namespace

bool Range::contains(double x) const {
  const bool lo_ok = lo_open ? x > lo : x >= lo;
  const bool hi_ok = hi_open ? x < hi : x <= hi;
  return lo_ok && hi_ok;
}

std::string Range::describe() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) {
    return fmt::format("must be in {}{}, {}{}", lo_open ? "(" : "[", format_bound(lo),
                       format_bound(hi), hi_open ? ")" : "]");
  }
  if (has_lo) return fmt::format("must be {} {}", lo_open ? ">" : ">=", format_bound(lo));
  if (has_hi) return fmt::format("must be {} {}", hi_open ? "<" : "<=", format_bound(hi));
  return "may be any number";
}

std::optional<double> read_number(const TreeNode& node, const std::string& path,
                                  Diagnostics& diagnostics, const Range& range) {
  const auto value = scalar_number(node, path, diagnostics);
  if (!value || !check_range(*value, node, path, range, diagnostics)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> read_integer(const TreeNode& node, const std::string& path,
                                         Diagnostics& diagnostics, const Range& range) {
  const auto value = scalar_number(node, path, diagnostics);
  if (!value) return std::nullopt;
  // 2^53: beyond it doubles skip integers, and no count in a scenario comes near it.
  constexpr double kLargestExact = 9007199254740992.0;
  if (std::floor(*value) != *value || std::fabs(*value) > kLargestExact) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a whole number", excerpt(node.scalar)));
    return std::nullopt;
  }
  if (!check_range(*value, node, path, range, diagnostics)) return std::nullopt;
  return static_cast<std::int64_t>(*value);
}

std::optional<bool> read_bool(const TreeNode& node, const std::string& path,
                              Diagnostics& diagnostics) {
  if (node.kind == TreeNode::Kind::scalar && !node.quoted) {
    std::string lower = node.scalar;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true") return true;
    if (lower == "false") return false;
  }
  diagnostics.error(node.where, path,
                    fmt::format("is {}, but must be true or false", node.kind_name()));
  return std::nullopt;
}

std::optional<std::string> read_string(const TreeNode& node, const std::string& path,
                                       Diagnostics& diagnostics) {
  if (node.kind != TreeNode::Kind::scalar) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a text value", node.kind_name()));
    return std::nullopt;
  }
  return node.scalar;
}

std::optional<std::string> read_label(const TreeNode& node, const std::string& path,
                                      std::size_t max_bytes, Diagnostics& diagnostics) {
  auto text = read_string(node, path, diagnostics);
  if (text && (text->empty() || text->size() > max_bytes)) {
    diagnostics.error(node.where, path, fmt::format("must be 1 to {} characters long", max_bytes));
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_choice(const TreeNode& node, const std::string& path,
                                       const std::vector<std::string>& choices,
                                       Diagnostics& diagnostics) {
  const auto text = read_string(node, path, diagnostics);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
  std::string message =
      fmt::format("is '{}', but must be one of: {}", excerpt(*text), fmt::join(choices, ", "));
  if (auto suggestion = closest_match(*text, choices))
    message += fmt::format("; did you mean '{}'?", *suggestion);
  diagnostics.error(node.where, path, message);
  return std::nullopt;
}

std::optional<std::vector<double>> read_number_list(const TreeNode& node, const std::string& path,
                                                    Diagnostics& diagnostics, const Range& range) {
  if (node.kind != TreeNode::Kind::sequence) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a list of numbers", node.kind_name()));
    return std::nullopt;
  }
  std::vector<double> values;
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const auto v = read_number(node.items[i], fmt::format("{}[{}]", path, i), diagnostics, range);
    ok = ok && v.has_value();
    values.push_back(v.value_or(0));
  }
  if (!ok) return std::nullopt;
  return values;
}

std::optional<Param> read_param(const TreeNode& node, const std::string& path,
                                const std::string& name, const Range& range,
                                Diagnostics& diagnostics, double scale) {
  Param param{name, Fixed{0}, node.where};
  if (node.kind == TreeNode::Kind::scalar) {
    const auto value = scalar_number(node, path, diagnostics);
    if (!value) return std::nullopt;
    if (!check_range(*value, node, path, range, diagnostics)) return std::nullopt;
    param.distribution = Fixed{*value * scale};
    return param;
  }
  if (node.kind != TreeNode::Kind::map || node.entries.size() != 1) {
    diagnostics.error(node.where, path,
                      fmt::format("is {}, but must be a number or one distribution such as "
                                  "{{normal: {{mean: 0, sd: 1}}}}",
                                  node.kind_name()));
    return std::nullopt;
  }
  const MapEntry& entry = node.entries.front();
  const std::string kind_path = join_path(path, entry.key);
  const auto& names = distribution_names();
  if (std::find(names.begin(), names.end(), entry.key) == names.end()) {
    std::string message = fmt::format("unknown distribution '{}'; expected one of: {}",
                                      excerpt(entry.key), fmt::join(names, ", "));
    if (auto suggestion = closest_match(entry.key, names)) {
      message += fmt::format("; did you mean '{}'?", *suggestion);
    }
    diagnostics.error(entry.key_where, kind_path, message);
    return std::nullopt;
  }
  auto distribution = read_distribution_body(entry.key, entry.value, kind_path, diagnostics);
  if (!distribution) return std::nullopt;
  const Support s = support(*distribution);
  if (!support_within(s, range)) {
    diagnostics.error(
        node.where, path,
        fmt::format("{} can draw values in {}, but the value {}; truncate it (min, max) "
                    "or choose a bounded distribution",
                    describe(*distribution), describe_support(s), range.describe()));
    return std::nullopt;
  }
  param.distribution = scale == 1 ? *distribution : scaled(*distribution, scale);
  return param;
}

}  // namespace rollout::loader
