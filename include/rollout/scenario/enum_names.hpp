#pragma once
// One name table per named enum of the scenario (allocation rules, sampling designs, ...),
// feeding parsing, printing and "did you mean" alike. A table is a specialisation of
// NameTable next to its enum; every value must appear once (checked where it is defined).

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rollout/common/error.hpp"

namespace rollout {

template <class E>
struct NameTable;  // static constexpr std::array<std::pair<E, std::string_view>, N> entries;

template <class E>
concept Named = requires {
  NameTable<E>::entries;
};

// Whether a table lists the values 0 .. N-1 in order, each once.
template <class E, std::size_t N>
constexpr bool lists_every_value(const std::array<std::pair<E, std::string_view>, N>& entries) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(entries[i].first) != i) return false;
  return true;
}

template <Named E>
std::string to_string(E value) {
  for (const auto& [v, name] : NameTable<E>::entries)
    if (v == value) return std::string(name);
  throw InternalError("a named enum value without a name");
}

template <Named E>
std::optional<E> value_named(std::string_view name) {
  for (const auto& [v, n] : NameTable<E>::entries)
    if (n == name) return v;
  return std::nullopt;
}

// Every name, in table order (for messages and "did you mean").
template <Named E>
std::vector<std::string> names_of() {
  std::vector<std::string> names;
  for (const auto& entry : NameTable<E>::entries)
    names.emplace_back(entry.second);
  return names;
}

}  // namespace rollout
