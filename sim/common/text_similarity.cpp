#include "common/text_similarity.hpp"

#include <algorithm>
#include <cctype>

namespace rollout {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance, case-insensitive: "Vivo" is one step from "vivo".
  // Three rows of the table suffice (the swap looks two rows back).
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j)
    previous[j] = j;
  auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  // No key or name is this long: a longer word is no typo, and comparing it would cost
  // its length squared.
  if (word.size() > kMaxSuggestedLength) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    if (c.size() > kMaxSuggestedLength) continue;
    const std::size_t dist = edit_distance(word, c);
    if (!best || dist < best_distance) {
      best = c;
      best_distance = dist;
    }
  }
  // A third of the word's length, at least 2: catches typos, not unrelated words.
  const std::size_t allowed = std::max<std::size_t>(2, word.size() / 3);
  if (best && best_distance <= allowed) return best;
  // A key written without its unit suffix (`lead_time` for `lead_time_months`).
  for (const std::string& c : candidates) {
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0 && c[word.size()] == '_') {
      return c;
    }
  }
  return std::nullopt;
}

}  // namespace rollout
