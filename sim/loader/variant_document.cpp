#include "loader/variant_document.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>

#include "loader/document.hpp"
#include "loader/value_reader.hpp"

namespace rollout::loader {

bool has_block(const std::string& path, const std::string& block_key) {
  try {
    Diagnostics diagnostics;
    const auto root = read_yaml_file(path, {path, 0, 0}, "", diagnostics);
    return root && root->is_map() && root->find(block_key) != nullptr;
  } catch (const InputError&) {
    return false;
  }
}

void set_path(TreeNode& root, const std::string& path, const TreeNode& value,
              const SourceLocation& key_where) {
  TreeNode* node = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string key =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_map()) {
      *node = TreeNode{};
      node->kind = TreeNode::Kind::map;
      node->where = key_where;
    }
    auto it = std::find_if(node->entries.begin(), node->entries.end(),
                           [&](const auto& e) { return e.key == key; });
    if (it == node->entries.end()) {
      node->entries.push_back({key, key_where, TreeNode{}});
      it = std::prev(node->entries.end());
    }
    node = &it->value;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  *node = value;
}

std::string flow_text(const TreeNode& node) {
  switch (node.kind) {
    case TreeNode::Kind::null:
      return "~";
    case TreeNode::Kind::scalar:
      return node.scalar;
    case TreeNode::Kind::sequence: {
      std::vector<std::string> parts;
      for (const TreeNode& item : node.items)
        parts.push_back(flow_text(item));
      return fmt::format("[{}]", fmt::join(parts, ", "));
    }
    case TreeNode::Kind::map: {
      std::vector<std::string> parts;
      for (const auto& e : node.entries)
        parts.push_back(fmt::format("{}: {}", e.key, flow_text(e.value)));
      return fmt::format("{{{}}}", fmt::join(parts, ", "));
    }
  }
  return "";
}

std::string base_file_of(const TreeNode& root, const std::string& path,
                         const std::string& block_key, const TreeNode* scenario,
                         Diagnostics& diagnostics) {
  if (scenario == nullptr) return path;
  std::string base_file = path;
  if (auto name = read_string(*scenario, block_key + ".scenario", diagnostics)) {
    base_file = (std::filesystem::path(path).parent_path() / *name).lexically_normal().string();
  }
  for (const auto& e : root.entries) {
    if (e.key != block_key) {
      diagnostics.error(
          e.key_where, e.key,
          fmt::format("a {} file naming its scenario holds only the `{}:` block; put scenario "
                      "keys in the scenario or a variant of it",
                      block_key, block_key));
    }
  }
  return base_file;
}

TreeNode base_document(const TreeNode& root, const std::string& path, const std::string& base_file,
                       const std::string& block_key, Diagnostics& diagnostics) {
  const TreeNode* block = root.find(block_key);
  try {
    Diagnostics base_problems;  // merged_document throws those it finds
    TreeNode base;
    if (base_file == path) {
      TreeNode own = root;
      own.entries.erase(std::remove_if(own.entries.begin(), own.entries.end(),
                                       [&](const auto& e) { return e.key == block_key; }),
                        own.entries.end());
      base = merged_document(std::move(own), path, base_problems);
    } else {
      base = merged_document(read_yaml_file(base_file, block != nullptr ? block->where : root.where,
                                            block_key + ".scenario", base_problems),
                             base_file, base_problems);
    }
    base_problems.throw_if_any();
    return base;
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      diagnostics.error(d.where, d.path, d.message);
    diagnostics.throw_if_any();
  }
  return {};
}

}  // namespace rollout::loader
