#include "rollout/analysis/sensitivity.hpp"

#include <fmt/format.h>
#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <optional>

#include "rollout/common/error.hpp"
#include "rollout/common/statistics.hpp"
#include "rollout/random/random_streams.hpp"

namespace rollout {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// (x - mean) / sd, or nothing when x is constant.
std::optional<Eigen::VectorXd> standardised(const std::vector<double>& x) {
  Eigen::VectorXd v =
      Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  v.array() -= v.mean();
  const double norm = v.norm();
  if (!(norm > 0)) return std::nullopt;
  return Eigen::VectorXd(v / norm * std::sqrt(static_cast<double>(x.size() - 1)));
}

// Indices from the rows `rows` of the design (a bootstrap resample, or all rows).
std::vector<SobolIndex> indices_of(const SaltelliValues& v, const std::vector<std::size_t>& rows) {
  const double n = static_cast<double>(rows.size());
  double mean = 0;
  for (const std::size_t r : rows)
    mean += v.a[r] + v.b[r];
  mean /= 2 * n;
  double variance = 0;
  for (const std::size_t r : rows)
    variance += (v.a[r] - mean) * (v.a[r] - mean) + (v.b[r] - mean) * (v.b[r] - mean);
  variance /= 2 * n - 1;
  std::vector<SobolIndex> out(v.ab.size());
  for (std::size_t i = 0; i < v.ab.size(); ++i) {
    double first = 0, total = 0;
    for (const std::size_t r : rows) {
      first += (v.b[r] - v.ab[i][r]) * (v.b[r] - v.ab[i][r]);
      total += (v.a[r] - v.ab[i][r]) * (v.a[r] - v.ab[i][r]);
    }
    out[i].first = variance > 0 ? 1 - first / (2 * n * variance) : kNaN;
    out[i].total = variance > 0 ? total / (2 * n * variance) : kNaN;
  }
  return out;
}

}  // namespace

RankRegression rank_regression(const std::vector<std::vector<double>>& inputs,
                               std::span<const double> kpi) {
  RankRegression result;
  const std::size_t d = inputs.size();
  std::vector<std::size_t> cases;
  for (std::size_t i = 0; i < kpi.size(); ++i) {
    if (!std::isnan(kpi[i])) cases.push_back(i);
  }
  result.count = cases.size();
  result.spearman.assign(d, kNaN);
  result.srrc.assign(d, kNaN);
  result.r_squared = kNaN;
  if (cases.size() < 3) return result;
  auto kept = [&](std::span<const double> all) {
    std::vector<double> out;
    out.reserve(cases.size());
    for (const std::size_t i : cases)
      out.push_back(all[i]);
    return out;
  };
  const std::vector<double> y_ranks = ranks(kept(kpi));
  const auto y = standardised(y_ranks);
  const auto rows = static_cast<Eigen::Index>(cases.size());
  Eigen::MatrixXd x(rows, static_cast<Eigen::Index>(d));
  bool all_vary = true;
  for (std::size_t j = 0; j < d; ++j) {
    if (inputs[j].size() != kpi.size())
      throw InternalError(fmt::format("rank_regression: input {} has {} cases, the KPI {}", j,
                                      inputs[j].size(), kpi.size()));
    const std::vector<double> x_ranks = ranks(kept(inputs[j]));
    const auto column = standardised(x_ranks);
    if (!column) {
      all_vary = false;
      x.col(static_cast<Eigen::Index>(j)).setZero();
      continue;
    }
    x.col(static_cast<Eigen::Index>(j)) = *column;
    if (y) result.spearman[j] = column->dot(*y) / static_cast<double>(rows - 1);
  }
  if (!y || !all_vary || cases.size() <= d + 1) return result;
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  if (qr.rank() < static_cast<Eigen::Index>(d)) return result;
  const Eigen::VectorXd beta = qr.solve(*y);
  for (std::size_t j = 0; j < d; ++j)
    result.srrc[j] = beta(static_cast<Eigen::Index>(j));
  const Eigen::VectorXd residual = *y - x * beta;
  result.r_squared = 1 - residual.squaredNorm() / y->squaredNorm();
  return result;
}

std::vector<SobolIndex> jansen_indices(const SaltelliValues& values, std::size_t resamples,
                                       std::uint64_t seed, double level) {
  const std::size_t n = values.a.size();
  if (n < 2 || values.b.size() != n)
    throw InternalError(
        fmt::format("jansen_indices: f(A) has {} rows and f(B) {}", n, values.b.size()));
  for (const auto& column : values.ab) {
    if (column.size() != n) throw InternalError("jansen_indices: f(AB_i) rows differ from f(A)");
  }
  if (!(level > 0 && level < 1))
    throw InternalError(fmt::format("jansen_indices: level is {}, but must be in (0, 1)", level));
  std::vector<std::size_t> rows(n);
  for (std::size_t r = 0; r < n; ++r)
    rows[r] = r;
  std::vector<SobolIndex> out = indices_of(values, rows);
  if (std::isnan(out.empty() ? 0.0 : out[0].first))
    throw InputError("Sobol' indices need a KPI that varies, but every run gave the same value");

  // Resample b draws its rows from its own address, so intervals do not depend on threads.
  const std::size_t d = values.ab.size();
  std::vector<std::vector<double>> first(d), total(d);
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  for (std::size_t b = 0; b < resamples; ++b) {
    auto engine = ReplicationStreams(seed, b).engine(Stream::analysis, 0, 0);
    for (std::size_t r = 0; r < n; ++r)
      rows[r] = pick(engine);
    const std::vector<SobolIndex> resampled = indices_of(values, rows);
    for (std::size_t i = 0; i < d; ++i) {
      if (std::isnan(resampled[i].first)) continue;  // a resample without spread
      first[i].push_back(resampled[i].first);
      total[i].push_back(resampled[i].total);
    }
  }
  const double tail = 100 * (1 - level) / 2;
  for (std::size_t i = 0; i < d; ++i) {
    if (first[i].empty()) continue;
    std::sort(first[i].begin(), first[i].end());
    std::sort(total[i].begin(), total[i].end());
    out[i].first_lo = percentile_sorted(first[i], tail);
    out[i].first_hi = percentile_sorted(first[i], 100 - tail);
    out[i].total_lo = percentile_sorted(total[i], tail);
    out[i].total_hi = percentile_sorted(total[i], 100 - tail);
  }
  return out;
}

}  // namespace rollout
