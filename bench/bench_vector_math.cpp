// The two costs that set a floor under a region-month (docs/performance.md, "Why 100 ns per
// region-month is not reached"):
// - the share model's exp and log: Eigen's vectorised array functions, which the engine uses,
//   against the scalar std::exp and std::log, over one month's brands x regions of the default
//   (8 x 31 = 248 values), with arguments in the range the model produces; per value;
// - one call of the counter-based generator (Philox4x64-10 behind ReplicationStreams::block),
//   the source of every draw's bits.
//
//   build/release/bench/rollout_bench --benchmark_filter='vector_math|philox'

#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cmath>
#include <random>

#include "rollout/random/random_streams.hpp"

namespace {

constexpr Eigen::Index kMonthValues = 8 * 31;

// Exponents of attractions and halos (sums of logs and momenta), and presences (stores plus
// third-party presence): fixed pseudo-random values, the same in every run.
Eigen::ArrayXd arguments(double lo, double hi, bool geometric) {
  std::mt19937_64 bits(2026);
  std::uniform_real_distribution<double> unit(0, 1);
  Eigen::ArrayXd x(kMonthValues);
  for (double& v : x)
    v = geometric ? lo * std::pow(hi / lo, unit(bits)) : lo + (hi - lo) * unit(bits);
  return x;
}

// `evaluate(x, out)` over the month's values, reported per value.
template <class Evaluate>
void per_value(benchmark::State& state, const Eigen::ArrayXd& x, Evaluate evaluate) {
  Eigen::ArrayXd out(kMonthValues);
  for (auto _ : state) {
    evaluate(x, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.counters["per_value"] = benchmark::Counter(
      static_cast<double>(kMonthValues),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void vector_math_eigen_exp(benchmark::State& state) {
  per_value(state, arguments(-30, 30, false),
            [](const Eigen::ArrayXd& x, Eigen::ArrayXd& out) { out = x.exp(); });
}
BENCHMARK(vector_math_eigen_exp);

void vector_math_eigen_log(benchmark::State& state) {
  per_value(state, arguments(1e-3, 1e7, true),
            [](const Eigen::ArrayXd& x, Eigen::ArrayXd& out) { out = x.log(); });
}
BENCHMARK(vector_math_eigen_log);

void vector_math_scalar_exp(benchmark::State& state) {
  per_value(state, arguments(-30, 30, false), [](const Eigen::ArrayXd& x, Eigen::ArrayXd& out) {
    for (Eigen::Index i = 0; i < kMonthValues; ++i)
      out[i] = std::exp(x[i]);
  });
}
BENCHMARK(vector_math_scalar_exp);

void vector_math_scalar_log(benchmark::State& state) {
  per_value(state, arguments(1e-3, 1e7, true), [](const Eigen::ArrayXd& x, Eigen::ArrayXd& out) {
    for (Eigen::Index i = 0; i < kMonthValues; ++i)
      out[i] = std::log(x[i]);
  });
}
BENCHMARK(vector_math_scalar_log);

// Calls at consecutive slots, as the engine makes them (one per region for the closures).
void philox_call(benchmark::State& state) {
  const rollout::ReplicationStreams streams(1, 0);
  std::uint64_t slot = 0;
  for (auto _ : state) {
    const auto bits = streams.block(rollout::Stream::closures, 5, slot++);
    benchmark::DoNotOptimize(bits);
  }
}
BENCHMARK(philox_call);

}  // namespace
