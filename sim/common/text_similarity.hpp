#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollout {

// Edit distance (insertions, deletions, substitutions, adjacent swaps).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo. Words
// and candidates longer than kMaxSuggestedLength bytes are never compared.
inline constexpr std::size_t kMaxSuggestedLength = 64;
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace rollout
