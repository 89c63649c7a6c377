#pragma once

namespace rollout {

// A visitor from several lambdas, for std::visit over a variant.
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Needed by clang 14 (the fuzzing build), which lacks aggregate deduction (P1816).
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace rollout
