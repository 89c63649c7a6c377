#include <algorithm>
#include <array>
#include <experimental/simd>

#include "random/binomial.hpp"

namespace rollout {

namespace {
namespace stdx = std::experimental;
using Lanes = stdx::native_simd<double>;  // 4 doubles with AVX2, 2 with SSE2

// Lanes i .. i + Lanes::size() of `values`; past its end, zeros. A zero uniform is a draw
// that is not walked, so the last, partial group of draws takes the same path as the others.
Lanes lanes_from(std::span<const double> values, std::size_t i) {
  if (i + Lanes::size() <= values.size()) return Lanes(&values[i], stdx::element_aligned);
  std::array<double, Lanes::size()> padded{};
  std::copy(
      values.begin() + static_cast<std::ptrdiff_t>(i),
      values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), i + padded.size())),
      padded.begin());
  return Lanes(padded.data(), stdx::element_aligned);
}
}  // namespace

// std::experimental::simd (libstdc++) rather than intrinsics: the same code for every ISA level
// that ROLLOUT_ARCH can select, with the lane count fixed when the binary is built.
void binomial_inversion_walks(std::span<const double> trials, std::span<const double> odds,
                              std::span<const double> start, std::span<const double> uniforms,
                              std::span<double> rarer) {
  for (std::size_t i = 0; i < trials.size(); i += Lanes::size()) {
    const Lanes n = lanes_from(trials, i), ratio = lanes_from(odds, i);
    Lanes mass = lanes_from(start, i), u = lanes_from(uniforms, i), x(0.0);
    // binomial_inversion's loop, each lane stopping where its own walk does.
    const auto still_walking = [&] { return (u > mass) && (x < n); };
    for (auto walking = still_walking(); stdx::any_of(walking); walking = still_walking()) {
      stdx::where(walking, u) -= mass;
      stdx::where(walking, mass) *= ratio * (n - x) / (x + 1);
      stdx::where(walking, x) += 1;
    }
    std::array<double, Lanes::size()> counts{};
    x.copy_to(counts.data(), stdx::element_aligned);
    std::copy_n(counts.begin(), std::min(counts.size(), trials.size() - i),
                rarer.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

}  // namespace rollout
