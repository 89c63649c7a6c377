#pragma once
// The distributions an uncertain input may follow (docs/scenarios.md, "Numbers and distributions").
// Every one is sampled by its inverse CDF, so one uniform number per input and replication is all
// the random-number plumbing needs, and stratified designs come for free.

#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace rollout {

// The largest beta shape a or b accepted (docs/scenarios.md#distributions).
inline constexpr double kMaxBetaShape = 1e6;

struct Fixed {
  double value = 0;
  friend bool operator==(const Fixed&, const Fixed&) = default;
};
struct Uniform {
  double min = 0, max = 1;
  friend bool operator==(const Uniform&, const Uniform&) = default;
};
struct Normal {  // optionally truncated to [min, max]
  double mean = 0, sd = 1;
  double min = -1.0 / 0.0, max = 1.0 / 0.0;
  friend bool operator==(const Normal&, const Normal&) = default;
};
struct LogNormal {  // log X ~ N(log median, sigma^2)
  double median = 1, sigma = 1;
  friend bool operator==(const LogNormal&, const LogNormal&) = default;
};
struct Triangular {
  double min = 0, mode = 0.5, max = 1;
  friend bool operator==(const Triangular&, const Triangular&) = default;
};
struct Pert {  // beta-PERT with lambda 4
  double min = 0, mode = 0.5, max = 1;
  friend bool operator==(const Pert&, const Pert&) = default;
};
struct Beta {  // Beta(a, b) scaled to [min, max]
  double a = 1, b = 1;
  double min = 0, max = 1;
  friend bool operator==(const Beta&, const Beta&) = default;
};
struct Discrete {  // weights need not sum to 1; they are normalised
  std::vector<double> values;
  std::vector<double> weights;
  friend bool operator==(const Discrete&, const Discrete&) = default;
};

using Distribution =
    std::variant<Fixed, Uniform, Normal, LogNormal, Triangular, Pert, Beta, Discrete>;

// How scenario files spell each distribution (docs/scenarios.md, "Numbers and distributions"):
// its name and, for the parametric ones, its parameters in order, each required or with the
// value it takes when absent. An optional parameter is written (show) and described only when
// it differs from that value. The loader, the writer and describe() read this one table.
template <class D>
struct DistributionParameter {
  const char* key;
  double D::*member;
  bool required = true;
  double fallback = 0;  // when not required
};
template <class D>
struct DistributionSpelling;
template <>
struct DistributionSpelling<Fixed> {
  static constexpr const char* name = "fixed";  // a plain number
};
template <>
struct DistributionSpelling<Uniform> {
  static constexpr const char* name = "uniform";
  static constexpr std::array<DistributionParameter<Uniform>, 2> parameters{
      {{"min", &Uniform::min}, {"max", &Uniform::max}}};
};
template <>
struct DistributionSpelling<Normal> {
  static constexpr const char* name = "normal";
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  static constexpr std::array<DistributionParameter<Normal>, 4> parameters{
      {{"mean", &Normal::mean},
       {"sd", &Normal::sd},
       {"min", &Normal::min, false, -kInf},
       {"max", &Normal::max, false, kInf}}};
};
template <>
struct DistributionSpelling<LogNormal> {
  static constexpr const char* name = "lognormal";
  static constexpr std::array<DistributionParameter<LogNormal>, 2> parameters{
      {{"median", &LogNormal::median}, {"sigma", &LogNormal::sigma}}};
};
template <>
struct DistributionSpelling<Triangular> {
  static constexpr const char* name = "triangular";
  static constexpr std::array<DistributionParameter<Triangular>, 3> parameters{
      {{"min", &Triangular::min}, {"mode", &Triangular::mode}, {"max", &Triangular::max}}};
};
template <>
struct DistributionSpelling<Pert> {
  static constexpr const char* name = "pert";
  static constexpr std::array<DistributionParameter<Pert>, 3> parameters{
      {{"min", &Pert::min}, {"mode", &Pert::mode}, {"max", &Pert::max}}};
};
template <>
struct DistributionSpelling<Beta> {
  static constexpr const char* name = "beta";
  static constexpr std::array<DistributionParameter<Beta>, 4> parameters{
      {{"a", &Beta::a},
       {"b", &Beta::b},
       {"min", &Beta::min, false, 0},
       {"max", &Beta::max, false, 1}}};
};
template <>
struct DistributionSpelling<Discrete> {
  static constexpr const char* name = "discrete";  // lists: values, and weights (optional)
};

// Whether D is spelt by named numeric parameters (all but fixed and discrete).
template <class D>
concept ParametricDistribution = requires {
  DistributionSpelling<D>::parameters;
};

// Whether a parameter is written and described for `d`.
template <class D>
bool spelt_out(const DistributionParameter<D>& p, const D& d) {
  return p.required || !(d.*p.member == p.fallback);
}

// Calls f(std::type_identity<D>{}) for each alternative D of Distribution, in order.
template <class F>
void for_each_distribution_kind(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::type_identity<std::variant_alternative_t<I, Distribution>>{}), ...);
  }
  (std::make_index_sequence<std::variant_size_v<Distribution>>{});
}

// The name used in scenario files: "fixed", "normal", ...
std::string distribution_name(const Distribution& d);
// Every such name, in the order of the Distribution alternatives.
const std::vector<std::string>& distribution_names();

// The smallest interval holding all values; `*_attained` says whether the end point
// itself can be drawn (false for the open ends of a normal or a lognormal).
struct Support {
  double lo = 0, hi = 0;
  bool lo_attained = true, hi_attained = true;
};
Support support(const Distribution& d);

// A parameter that makes the distribution impossible, e.g. {"sd", "is -1, but must be >= 0"}.
struct ParameterProblem {
  std::string parameter;
  std::string message;
};
std::vector<ParameterProblem> parameter_problems(const Distribution& d);

// Inverse CDF at p in (0, 1). Precondition: parameter_problems(d) is empty.
double quantile(const Distribution& d, double p);
double mean(const Distribution& d);

// The same distribution for X * factor (factor > 0), e.g. millions to units.
Distribution scaled(const Distribution& d, double factor);

// "normal(mean 0, sd 0.06)", for messages and tables.
std::string describe(const Distribution& d);

}  // namespace rollout
