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

// Groups of lanes walked together: 64 draws with AVX2, a month's closures of the default.
constexpr std::size_t kGroups = 16;
// Steps between two looks at whether any walk goes on.
constexpr std::size_t kStepsPerLook = 4;
}  // namespace

// std::experimental::simd (libstdc++) rather than intrinsics: the same code for every ISA level
// that ROLLOUT_ARCH can select, with the lane count fixed when the binary is built.
//
// Why the walks go breadth first, kGroups groups of lanes a step at a time, and look whether any
// goes on only every kStepsPerLook steps: a walk's length is what the branch predictor cannot
// learn, and one group walked to its end before the next mispredicted once a group and let
// the processor overlap nothing. A lane that has stopped takes no part in a step (its u and
// mass are left alone), so the extra steps change nothing. A lane that walks at step s has
// x = s, so 1 / (x + 1) is one constant for the step (binomial_inversion multiplies by it too).
void binomial_inversion_walks(std::span<const double> trials, std::span<const double> odds,
                              std::span<const double> start, std::span<const double> uniforms,
                              std::span<double> rarer) {
  constexpr std::size_t kChunk = kGroups * Lanes::size();
  for (std::size_t first = 0; first < trials.size(); first += kChunk) {
    const std::size_t groups =
        std::min(kGroups, (trials.size() - first + Lanes::size() - 1) / Lanes::size());
    std::array<Lanes, kGroups> n, ratio, mass, u, x;
    for (std::size_t g = 0; g < groups; ++g) {
      const std::size_t i = first + g * Lanes::size();
      n[g] = lanes_from(trials, i);
      ratio[g] = lanes_from(odds, i);
      mass[g] = lanes_from(start, i);
      u[g] = lanes_from(uniforms, i);
      x[g] = 0.0;
    }
    // binomial_inversion's loop condition, lane by lane.
    const auto still_walking = [&](std::size_t g) { return (u[g] > mass[g]) && (x[g] < n[g]); };
    for (std::size_t step = 0;; step += kStepsPerLook) {
      for (std::size_t s = step; s < step + kStepsPerLook; ++s) {
        const double reciprocal = 1.0 / static_cast<double>(s + 1);
        for (std::size_t g = 0; g < groups; ++g) {
          const auto walking = still_walking(g);
          stdx::where(walking, u[g]) -= mass[g];
          stdx::where(walking, mass[g]) *= ratio[g] * (n[g] - x[g]) * reciprocal;
          stdx::where(walking, x[g]) += 1;
        }
      }
      bool any = false;
      for (std::size_t g = 0; g < groups; ++g)
        any |= stdx::any_of(still_walking(g));
      if (!any) break;
    }
    for (std::size_t g = 0; g < groups; ++g) {
      const std::size_t i = first + g * Lanes::size();
      std::array<double, Lanes::size()> counts{};
      x[g].copy_to(counts.data(), stdx::element_aligned);
      std::copy_n(counts.begin(), std::min(counts.size(), trials.size() - i),
                  rarer.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

}  // namespace rollout
