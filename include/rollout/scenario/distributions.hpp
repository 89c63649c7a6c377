#pragma once
// The distributions an uncertain input may follow (docs/scenarios.md, "Numbers and distributions").
// Every one is sampled by its inverse CDF, so one uniform number per input and replication is all
// the random-number plumbing needs, and stratified designs come for free.

#include <string>
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
