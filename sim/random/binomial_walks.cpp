#include <experimental/simd>

#include "random/binomial.hpp"

namespace rollout {

namespace {
namespace stdx = std::experimental;
using Lanes = stdx::native_simd<double>;  // 4 doubles with AVX2, 2 with SSE2
}  // namespace

// std::experimental::simd (libstdc++) rather than intrinsics: the same code for every ISA level
// that ROLLOUT_ARCH can select, with the lane count fixed when the binary is built.
void binomial_inversion_walks(std::span<const double> trials, std::span<const double> odds,
                              std::span<const double> start, std::span<const double> uniforms,
                              std::span<double> rarer) {
  const std::size_t size = trials.size(), lanes = Lanes::size();
  std::size_t i = 0;
  for (; i + lanes <= size; i += lanes) {
    const Lanes n(&trials[i], stdx::element_aligned), ratio(&odds[i], stdx::element_aligned);
    Lanes mass(&start[i], stdx::element_aligned), u(&uniforms[i], stdx::element_aligned);
    Lanes x(0.0);
    // binomial_inversion's loop, each lane stopping where its own walk does.
    for (auto walking = u > mass && x<n; stdx::any_of(walking); walking = u> mass && x < n) {
      stdx::where(walking, u) -= mass;
      stdx::where(walking, mass) *= ratio * (n - x) / (x + 1);
      stdx::where(walking, x) += 1;
    }
    x.copy_to(&rarer[i], stdx::element_aligned);
  }
  for (; i < size; ++i) {  // the last few draws, one by one, with the same steps
    double u = uniforms[i], mass = start[i], x = 0;
    while (u > mass && x < trials[i]) {
      u -= mass;
      mass *= odds[i] * (trials[i] - x) / (x + 1);
      x += 1;
    }
    rarer[i] = x;
  }
}

}  // namespace rollout
