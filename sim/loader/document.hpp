#pragma once
// The two halves of loading, for callers that change the document in between (sweeps
// set lever values on the merged tree, each value keeping its own file and line).

#include <optional>
#include <string>

#include "loader/yaml_tree.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout::loader {

// The document with its `extends` chain merged (and its `extends` key gone). Throws
// InputError with every problem found.
TreeNode merged_document(std::optional<TreeNode> document, const std::string& file,
                         Diagnostics& diagnostics);

// Reads and validates a merged document. Throws InputError with every problem found.
Scenario scenario_from_document(const TreeNode& merged, const std::string& file,
                                Diagnostics& diagnostics);

}  // namespace rollout::loader
