#include "rollout/scenario/distributions.hpp"
#include "common/overloaded.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "rollout/common/error.hpp"

namespace rollout {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Quantiles in double precision: Boost promotes double to long double by default, which costs
// several times as much for no accuracy the model needs (docs/model.md allows a relative error
// of 1e-12 for inverse CDFs; tests/test_distributions.cpp checks the round trip).
using DoublePrecision = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// Beta-PERT(min, mode, max) is Beta(alpha, beta) on [min, max] with these shapes (lambda 4).
Beta pert_as_beta(const Pert& p) {
  const double range = p.max - p.min;
  return Beta{1 + 4 * (p.mode - p.min) / range, 1 + 4 * (p.max - p.mode) / range, p.min, p.max};
}

double beta_quantile(const Beta& b, double p) {
  const boost::math::beta_distribution<double, DoublePrecision> unit(b.a, b.b);
  return b.min + (b.max - b.min) * boost::math::quantile(unit, p);
}

double truncated_normal_quantile(const Normal& n, double p) {
  const boost::math::normal_distribution<double, DoublePrecision> standard(0, 1);
  if (n.sd == 0) return std::clamp(n.mean, n.min, n.max);
  const double lo = std::isfinite(n.min) ? boost::math::cdf(standard, (n.min - n.mean) / n.sd) : 0;
  const double hi = std::isfinite(n.max) ? boost::math::cdf(standard, (n.max - n.mean) / n.sd) : 1;
  const double q = std::clamp(lo + p * (hi - lo), std::numeric_limits<double>::min(),
                              1 - std::numeric_limits<double>::epsilon() / 2);
  return std::clamp(n.mean + n.sd * boost::math::quantile(standard, q), n.min, n.max);
}

std::string number(double x) {
  return fmt::format("{}", x);
}

void require(std::vector<ParameterProblem>& out, bool ok, std::string parameter,
             std::string message) {
  if (!ok) out.push_back({std::move(parameter), std::move(message)});
}

void check_min_max(std::vector<ParameterProblem>& out, double min, double max) {
  require(out, min < max, "max", fmt::format("is {}, but must be > min ({})", max, min));
}

void check_mode(std::vector<ParameterProblem>& out, double min, double mode, double max) {
  check_min_max(out, min, max);
  require(out, min <= mode && mode <= max, "mode",
          fmt::format("is {}, but must lie in [min, max] = [{}, {}]", mode, min, max));
}

}  // namespace

std::string distribution_name(const Distribution& d) {
  return std::visit([]<class D>(const D&) { return DistributionSpelling<D>::name; }, d);
}

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for_each_distribution_kind(
        [&]<class D>(std::type_identity<D>) { all.emplace_back(DistributionSpelling<D>::name); });
    return all;
  }();
  return names;
}

Support support(const Distribution& d) {
  return std::visit(
      Overloaded{[](const Fixed& f) {
                   return Support{f.value, f.value};
                 },
                 [](const Uniform& u) {
                   return Support{u.min, u.max};
                 },
                 [](const Normal& n) {
                   return Support{n.min, n.max, std::isfinite(n.min), std::isfinite(n.max)};
                 },
                 [](const LogNormal&) {
                   return Support{0, kInfinity, false, false};
                 },
                 [](const Triangular& t) {
                   return Support{t.min, t.max};
                 },
                 [](const Pert& p) {
                   return Support{p.min, p.max};
                 },
                 [](const Beta& b) {
                   return Support{b.min, b.max};
                 },
                 [](const Discrete& dd) {
                   if (dd.values.empty()) return Support{0, 0};
                   const auto [lo, hi] = std::minmax_element(dd.values.begin(), dd.values.end());
                   return Support{*lo, *hi};
                 }},
      d);
}

std::vector<ParameterProblem> parameter_problems(const Distribution& d) {
  std::vector<ParameterProblem> out;
  std::visit(
      Overloaded{
          [](const Fixed&) {}, [&](const Uniform& u) { check_min_max(out, u.min, u.max); },
          [&](const Normal& n) {
            require(out, n.sd >= 0, "sd", fmt::format("is {}, but must be >= 0", n.sd));
            if (std::isfinite(n.min) || std::isfinite(n.max)) {
              check_min_max(out, n.min, n.max);
              require(out, n.sd > 0 || (n.min <= n.mean && n.mean <= n.max), "mean",
                      fmt::format("is {}, but with sd 0 must lie in [min, max] = [{}, {}]", n.mean,
                                  n.min, n.max));
            }
          },
          [&](const LogNormal& l) {
            require(out, l.median > 0, "median", fmt::format("is {}, but must be > 0", l.median));
            require(out, l.sigma >= 0, "sigma", fmt::format("is {}, but must be >= 0", l.sigma));
          },
          [&](const Triangular& t) { check_mode(out, t.min, t.mode, t.max); },
          [&](const Pert& p) { check_mode(out, p.min, p.mode, p.max); },
          [&](const Beta& b) {
            require(out, b.a > 0, "a", fmt::format("is {}, but must be > 0", b.a));
            require(out, b.b > 0, "b", fmt::format("is {}, but must be > 0", b.b));
            // Beyond this a beta's sd is under 0.05% of its range (a fixed number says the
            // same), and the inverse CDF's iterations grow with the shapes (1e50: minutes).
            require(out, b.a <= kMaxBetaShape, "a",
                    fmt::format("is {}, but must be <= {:.0f}; for so narrow a beta give a fixed "
                                "number",
                                b.a, kMaxBetaShape));
            require(out, b.b <= kMaxBetaShape, "b",
                    fmt::format("is {}, but must be <= {:.0f}; for so narrow a beta give a fixed "
                                "number",
                                b.b, kMaxBetaShape));
            check_min_max(out, b.min, b.max);
          },
          [&](const Discrete& dd) {
            require(out, !dd.values.empty(), "values", "is empty, but needs at least one value");
            require(out, dd.weights.empty() || dd.weights.size() == dd.values.size(), "weights",
                    fmt::format("gives {} weights for {} values, but needs one weight per value",
                                dd.weights.size(), dd.values.size()));
            for (std::size_t i = 0; i < dd.weights.size(); ++i) {
              require(out, dd.weights[i] >= 0, fmt::format("weights[{}]", i),
                      fmt::format("is {}, but must be >= 0", dd.weights[i]));
            }
            const double total = std::accumulate(dd.weights.begin(), dd.weights.end(), 0.0);
            require(out, dd.weights.empty() || total > 0, "weights",
                    "sum to 0, but at least one weight must be positive");
            require(out, std::isfinite(total), "weights",
                    "sum to more than the largest number; scale them down (only their ratios "
                    "matter)");
          }},
      d);
  return out;
}

double quantile(const Distribution& d, double p) {
  if (!(p > 0 && p < 1))
    throw InternalError(fmt::format("quantile: p is {}, but must be in (0, 1)", p));
  return std::visit(
      Overloaded{
          [](const Fixed& f) { return f.value; },
          [q = p](const Uniform& u) { return u.min + q * (u.max - u.min); },
          [q = p](const Normal& n) { return truncated_normal_quantile(n, q); },
          [q = p](const LogNormal& l) {
            if (l.sigma == 0) return l.median;
            return boost::math::quantile(
                boost::math::lognormal_distribution<double, DoublePrecision>(std::log(l.median),
                                                                             l.sigma),
                q);
          },
          [q = p](const Triangular& t) {
            if (t.min == t.max) return t.min;
            return boost::math::quantile(
                boost::math::triangular_distribution<double, DoublePrecision>(t.min, t.mode, t.max),
                q);
          },
          [q = p](const Pert& pe) { return beta_quantile(pert_as_beta(pe), q); },
          [q = p](const Beta& b) { return beta_quantile(b, q); },
          [q = p](const Discrete& dd) {
            // Values in the order given; the first whose cumulative weight exceeds q.
            const double total = dd.weights.empty()
                                     ? static_cast<double>(dd.values.size())
                                     : std::accumulate(dd.weights.begin(), dd.weights.end(), 0.0);
            double cumulative = 0;
            for (std::size_t i = 0; i < dd.values.size(); ++i) {
              cumulative += dd.weights.empty() ? 1.0 : dd.weights[i];
              if (q * total < cumulative) return dd.values[i];
            }
            return dd.values.back();
          }},
      d);
}

double mean(const Distribution& d) {
  return std::visit(
      Overloaded{[](const Fixed& f) { return f.value; },
                 [](const Uniform& u) { return (u.min + u.max) / 2; },
                 [](const Normal& n) {
                   if (!std::isfinite(n.min) && !std::isfinite(n.max)) return n.mean;
                   if (n.sd == 0) return std::clamp(n.mean, n.min, n.max);
                   const boost::math::normal_distribution<double> s(0, 1);
                   const double a = (n.min - n.mean) / n.sd, b = (n.max - n.mean) / n.sd;
                   const double pa = std::isfinite(a) ? boost::math::pdf(s, a) : 0;
                   const double pb = std::isfinite(b) ? boost::math::pdf(s, b) : 0;
                   const double mass = (std::isfinite(b) ? boost::math::cdf(s, b) : 1) -
                                       (std::isfinite(a) ? boost::math::cdf(s, a) : 0);
                   return n.mean + n.sd * (pa - pb) / mass;
                 },
                 [](const LogNormal& l) { return l.median * std::exp(l.sigma * l.sigma / 2); },
                 [](const Triangular& t) { return (t.min + t.mode + t.max) / 3; },
                 [](const Pert& p) { return (p.min + 4 * p.mode + p.max) / 6; },
                 [](const Beta& b) { return b.min + (b.max - b.min) * b.a / (b.a + b.b); },
                 [](const Discrete& dd) {
                   double total = 0, sum = 0;
                   for (std::size_t i = 0; i < dd.values.size(); ++i) {
                     const double w = dd.weights.empty() ? 1.0 : dd.weights[i];
                     total += w;
                     sum += w * dd.values[i];
                   }
                   return sum / total;
                 }},
      d);
}

Distribution scaled(const Distribution& d, double factor) {
  if (!(factor > 0))
    throw InternalError(fmt::format("scaled: factor is {}, but must be > 0", factor));
  return std::visit(
      Overloaded{[&](Fixed f) -> Distribution { return Fixed{f.value * factor}; },
                 [&](Uniform u) -> Distribution {
                   return Uniform{u.min * factor, u.max * factor};
                 },
                 [&](Normal n) -> Distribution {
                   return Normal{n.mean * factor, n.sd * factor, n.min * factor, n.max * factor};
                 },
                 [&](LogNormal l) -> Distribution {
                   return LogNormal{l.median * factor, l.sigma};
                 },
                 [&](Triangular t) -> Distribution {
                   return Triangular{t.min * factor, t.mode * factor, t.max * factor};
                 },
                 [&](Pert p) -> Distribution {
                   return Pert{p.min * factor, p.mode * factor, p.max * factor};
                 },
                 [&](Beta b) -> Distribution {
                   return Beta{b.a, b.b, b.min * factor, b.max * factor};
                 },
                 [&](Discrete dd) -> Distribution {
                   for (double& v : dd.values)
                     v *= factor;
                   return dd;
                 }},
      d);
}

std::string describe(const Distribution& d) {
  return std::visit(
      Overloaded{[](const Fixed& f) { return number(f.value); },
                 [](const Discrete& dd) {
                   return fmt::format("discrete(values [{}])", fmt::join(dd.values, ", "));
                 },
                 []<ParametricDistribution D>(const D& p) {
                   std::vector<std::string> parts;
                   for (const auto& parameter : DistributionSpelling<D>::parameters)
                     if (spelt_out(parameter, p))
                       parts.push_back(fmt::format("{} {}", parameter.key, p.*parameter.member));
                   return fmt::format("{}({})", DistributionSpelling<D>::name,
                                      fmt::join(parts, ", "));
                 }},
      d);
}

}  // namespace rollout
