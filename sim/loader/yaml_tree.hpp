#pragma once
// A YAML document as a plain tree whose every node remembers the file, line and
// column it came from. yaml-cpp parses; this tree is what `extends` merges, so a
// value inherited from a base file still points at that file in error messages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/diagnostics.hpp"

namespace rollout::loader {

struct MapEntry;

struct TreeNode {
  enum class Kind { null, scalar, sequence, map };
  Kind kind = Kind::null;
  std::string scalar;
  bool quoted = false;  // a quoted scalar is always a string, never a number
  std::vector<TreeNode> items;
  std::vector<MapEntry> entries;  // in document order; duplicates kept for the readers
  SourceLocation where;

  bool is_null() const { return kind == Kind::null; }
  bool is_map() const { return kind == Kind::map; }
  const TreeNode* find(std::string_view key) const;  // first entry with this key
  std::string kind_name() const;                     // "a map", "a list", ...
};

struct MapEntry {
  std::string key;
  SourceLocation key_where;
  TreeNode value;
};

// Guards against documents built to exhaust memory or the stack (alias bombs, deep nesting).
// The default scenario has about 1,500 values; a 10,000-region scenario about 100,000.
inline constexpr std::size_t kMaxTreeNodes = 500'000;
inline constexpr int kMaxTreeDepth = 64;
// The default scenario is 10 kB and a 10,000-region table about 1 MB; a larger file is
// refused before it is read, as the YAML parser holds all of it in memory.
inline constexpr std::size_t kMaxFileBytes = 8u << 20;

// Reads a whole input file (at most kMaxFileBytes); problems are reported at `requested_at`.
std::optional<std::string> read_text_file(const std::string& path,
                                          const SourceLocation& requested_at,
                                          const std::string& requested_path,
                                          Diagnostics& diagnostics);

// Reports the first byte that is not valid UTF-8 (outputs must be UTF-8); false if any.
bool check_utf8(const std::string& text, const std::string& file, Diagnostics& diagnostics);

// Parses YAML text. A syntax error becomes one diagnostic and an empty result.
std::optional<TreeNode> parse_yaml(const std::string& text, const std::string& file,
                                   Diagnostics& diagnostics);

// Reads and parses a file; an unreadable file becomes a diagnostic at `requested_at`.
std::optional<TreeNode> read_yaml_file(const std::string& path, const SourceLocation& requested_at,
                                       const std::string& requested_path, Diagnostics& diagnostics);

// Whether `node` has the shape of a distribution, `{name: {parameters}}`.
bool is_distribution(const TreeNode& node);

// Deep merge for `extends`: maps merge key by key; everything else in `overlay`, and a
// distribution, replaces what `base` had.
TreeNode merge(TreeNode base, const TreeNode& overlay);

}  // namespace rollout::loader
