#include "rollout/loader/scenario_loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>

#include "loader/document.hpp"
#include "loader/readers.hpp"
#include "loader/yaml_tree.hpp"

namespace rollout {
namespace {

using loader::Diagnostics;
using loader::TreeNode;

// A chain of `extends` longer than this is surely a mistake (and bounds the recursion).
constexpr std::size_t kMaxExtendsDepth = 16;

std::string identity(const std::string& path) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

// The document at `path` with its `extends` chain merged in, or nothing after a problem.
std::optional<TreeNode> resolve(std::optional<TreeNode> document, std::vector<std::string>& chain,
                                Diagnostics& diagnostics) {
  if (!document || !document->is_map()) return document;
  const auto extends = std::find_if(document->entries.begin(), document->entries.end(),
                                    [](const loader::MapEntry& e) { return e.key == "extends"; });
  if (extends == document->entries.end()) return document;
  const TreeNode base_ref = extends->value;
  document->entries.erase(extends);
  const auto name = loader::read_string(base_ref, "extends", diagnostics);
  if (!name) return std::nullopt;
  const std::filesystem::path dir = std::filesystem::path(base_ref.where.file).parent_path();
  const std::string base_path = (dir / *name).lexically_normal().string();
  const std::string id = identity(base_path);
  if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
    diagnostics.error(
        base_ref.where, "extends",
        fmt::format("'{}' is already being loaded: the extends chain forms a cycle", base_path));
    return std::nullopt;
  }
  if (chain.size() >= kMaxExtendsDepth) {
    diagnostics.error(base_ref.where, "extends",
                      fmt::format("the extends chain is deeper than {} files", kMaxExtendsDepth));
    return std::nullopt;
  }
  chain.push_back(id);
  auto base = resolve(loader::read_yaml_file(base_path, base_ref.where, "extends", diagnostics),
                      chain, diagnostics);
  chain.pop_back();
  if (!base) return std::nullopt;
  // A file with no scenario key is no scenario (a typo'd path, /etc/passwd): one message
  // at the extends line, and nothing of its content, which may be private.
  const bool has_scenario_key =
      base->is_map() && std::any_of(base->entries.begin(), base->entries.end(),
                                    [](const auto& e) { return loader::is_top_level_key(e.key); });
  if (!has_scenario_key) {
    diagnostics.error(base_ref.where, "extends",
                      fmt::format("'{}' is not a rollout scenario: {}", excerpt(base_path, 80),
                                  base->is_map() ? "none of its keys is a scenario key"
                                                 : "it is not a map of keys"));
    return std::nullopt;
  }
  return loader::merge(std::move(*base), *document);
}

Scenario load(std::optional<TreeNode> document, const std::string& file, Diagnostics& diagnostics) {
  return loader::scenario_from_document(
      loader::merged_document(std::move(document), file, diagnostics), file, diagnostics);
}

}  // namespace

namespace loader {

TreeNode merged_document(std::optional<TreeNode> document, const std::string& file,
                         Diagnostics& diagnostics) {
  std::vector<std::string> chain{identity(file)};
  auto merged = resolve(std::move(document), chain, diagnostics);
  diagnostics.throw_if_any();
  if (merged->is_null()) {
    diagnostics.error({file, 1, 1}, "", "the file is empty, but must hold a scenario");
    diagnostics.throw_if_any();
  }
  return std::move(*merged);
}

Scenario scenario_from_document(const TreeNode& merged, const std::string& file,
                                Diagnostics& diagnostics) {
  Scenario s = read_scenario(merged, std::filesystem::path(file).stem().string(), diagnostics);
  diagnostics.throw_if_any();
  s.source_file = file;
  return s;
}

}  // namespace loader

Scenario load_scenario(const std::string& path) {
  Diagnostics diagnostics;
  auto document = loader::read_yaml_file(path, {path, 0, 0}, "", diagnostics);
  return load(std::move(document), path, diagnostics);
}

Scenario load_scenario_text(const std::string& yaml, const std::string& file) {
  Diagnostics diagnostics;
  return load(loader::parse_yaml(yaml, file, diagnostics), file, diagnostics);
}

}  // namespace rollout
