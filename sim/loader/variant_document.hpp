#pragma once
// What sweeps and optimisations share: a base scenario document, named by a block's
// `scenario:` key or the file itself without the block, on which values are set at dotted key
// paths before each variant is validated like a scenario (docs/scenarios.md#sweeps,
// docs/optimize.md).

#include <string>

#include "loader/yaml_tree.hpp"

namespace rollout::loader {

// Whether the file's top level has a `block_key:` block. False for a file that does not parse:
// loading it as a scenario then reports why, with its location.
bool has_block(const std::string& path, const std::string& block_key);

// Sets `value` at the dotted `path` of a document, creating maps on the way; new keys are
// located at `key_where` (the lever's or the variable's key), so a misspelt path is reported
// there as an unknown key.
void set_path(TreeNode& root, const std::string& path, const TreeNode& value,
              const SourceLocation& key_where);

// A value as the user wrote it, for files that list settings: the scalar, or a compact flow
// form ("[1, 2]", "{beta: {a: 2, b: 3}}").
std::string flow_text(const TreeNode& node);

// The base scenario file of a `block_key:` block (`root`, the file at `path`, holds it): the
// file its `scenario` value names, relative to `path`, or `path` itself when `scenario` is
// null. A file naming its scenario may hold nothing but the block; other keys are reported.
std::string base_file_of(const TreeNode& root, const std::string& path,
                         const std::string& block_key, const TreeNode* scenario,
                         Diagnostics& diagnostics);

// The base document, its `extends` chain merged: `base_file`, or when that is `path` the file's
// own `root` without the `block_key` block. Its problems are added to `diagnostics`, which then
// throws: every variant would repeat them.
TreeNode base_document(const TreeNode& root, const std::string& path, const std::string& base_file,
                       const std::string& block_key, Diagnostics& diagnostics);

}  // namespace rollout::loader
