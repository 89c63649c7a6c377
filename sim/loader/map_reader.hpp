#pragma once
// Reads the keys of one YAML map. The keys asked for are the known keys: whatever is
// left when finish() runs is reported as unknown, with a "did you mean" suggestion.
// A reader of the scenario format asks the key table (scenario_keys.hpp) for each key:
// whether it exists and is required, and its range and default.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/scenario_keys.hpp"
#include "loader/yaml_tree.hpp"

namespace rollout::loader {

// `prefix.key`, or `key` at the top level.
std::string join_path(const std::string& prefix, std::string_view key);

// Reports every key that appears more than once in `map`, naming it as `what` ("key", "brand").
void report_duplicate_keys(const TreeNode& map, const std::string& path, std::string_view what,
                           Diagnostics& diagnostics);

// A reader whose keys are in no table: a distribution's parameters, whose names
// DistributionSpelling lists.
struct NoKeyTable {};

class MapReader {
 public:
  // Reports an error (and reads nothing) when `node` is not a map. `pattern` is the
  // block's row in the key table, `*` for a name and `[]` for a list item ("regions.*" for
  // the path "regions.Hebei"): the path says where, the pattern what. Without it the path
  // is the pattern, as for a block that no name leads to ("plan", "market.shocks").
  MapReader(const TreeNode& node, std::string path, Diagnostics& diagnostics);
  MapReader(const TreeNode& node, std::string path, std::string pattern, Diagnostics& diagnostics);
  MapReader(const TreeNode& node, std::string path, Diagnostics& diagnostics, NoKeyTable);
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;
  ~MapReader();

  bool is_map() const { return node_.is_map(); }
  // The value of `key`, or nullptr when absent or null (null means "use the default").
  const TreeNode* optional(std::string_view key);
  // As optional(), but reports the missing key.
  const TreeNode* required(std::string_view key);
  // At most one of `keys` may be present; returns the index of the one given, or -1.
  int one_of(const std::vector<std::string_view>& keys, bool is_required);
  std::string path_of(std::string_view key) const { return join_path(path_, key); }
  // The key table's row for `key`; a key the table lacks is an InternalError (a loader
  // that reads a key the schema and docs do not know).
  const KeySpec& spec(std::string_view key) const;
  const Range& range(std::string_view key) const { return spec(key).range; }
  // The default of an optional number or param; InternalError when the table has none.
  double fallback(std::string_view key) const;
  const SourceLocation& where() const { return node_.where; }
  const std::string& path() const { return path_; }
  const TreeNode& node() const { return node_; }

 private:
  MapReader(const TreeNode& node, std::string path, Diagnostics& diagnostics,
            std::optional<std::string> pattern);
  void finish();
  const TreeNode* read_key(std::string_view key, Presence asked);

  const TreeNode& node_;
  std::string path_;
  Diagnostics& diagnostics_;
  std::optional<std::string> pattern_;  // none: keys in no table
  std::vector<std::string> known_;
};

}  // namespace rollout::loader
