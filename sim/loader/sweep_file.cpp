#include "rollout/loader/sweep_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "loader/document.hpp"
#include "loader/map_reader.hpp"
#include "loader/value_reader.hpp"

namespace rollout {
namespace {

using loader::Diagnostics;
using loader::TreeNode;

// More combinations than this is surely a mistake (each is a full run).
constexpr std::size_t kMaxCombinations = 100'000;

// A value as the user wrote it, for sweep.csv: the scalar, or a compact flow form.
std::string flow_text(const TreeNode& n) {
  switch (n.kind) {
    case TreeNode::Kind::null:
      return "~";
    case TreeNode::Kind::scalar:
      return n.scalar;
    case TreeNode::Kind::sequence: {
      std::vector<std::string> parts;
      for (const TreeNode& item : n.items)
        parts.push_back(flow_text(item));
      return fmt::format("[{}]", fmt::join(parts, ", "));
    }
    case TreeNode::Kind::map: {
      std::vector<std::string> parts;
      for (const auto& e : n.entries)
        parts.push_back(fmt::format("{}: {}", e.key, flow_text(e.value)));
      return fmt::format("{{{}}}", fmt::join(parts, ", "));
    }
  }
  return "";
}

// Sets `value` at the dotted `path` of a document, creating maps on the way.
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

struct LeverValues {
  std::string path;
  SourceLocation where;
  std::vector<TreeNode> values;
};

}  // namespace

bool has_sweep_block(const std::string& path) {
  try {
    Diagnostics diagnostics;
    const auto root = loader::read_yaml_file(path, {path, 0, 0}, "", diagnostics);
    return root && root->is_map() && root->find("sweep") != nullptr;
  } catch (const InputError&) {
    return false;
  }
}

SweepPlan load_sweep(const std::string& path, const std::atomic<int>* stop) {
  Diagnostics diagnostics;
  auto root = loader::read_yaml_file(path, {path, 0, 0}, "", diagnostics);
  diagnostics.throw_if_any();
  const TreeNode* block = root->is_map() ? root->find("sweep") : nullptr;
  if (block == nullptr) {
    diagnostics.error(root->where, "sweep", "is missing: a sweep file needs a `sweep:` block");
    diagnostics.throw_if_any();
  }
  SweepPlan plan;
  std::string base_file = path;
  std::vector<LeverValues> levers;
  bool zip = false;
  {
    loader::MapReader sweep(*block, "sweep", diagnostics);
    if (const TreeNode* n = sweep.optional("scenario")) {
      if (auto name = loader::read_string(*n, "sweep.scenario", diagnostics)) {
        base_file = (std::filesystem::path(path).parent_path() / *name).lexically_normal().string();
      }
      for (const auto& e : root->entries) {
        if (e.key != "sweep") {
          diagnostics.error(
              e.key_where, e.key,
              "a sweep file naming its scenario holds only the `sweep:` block; put scenario keys "
              "in the scenario or a variant of it");
        }
      }
    }
    if (const TreeNode* n = sweep.optional("mode")) {
      zip = loader::read_choice(*n, "sweep.mode", {"grid", "zip"}, diagnostics).value_or("grid") ==
            "zip";
    }
    if (const TreeNode* n = sweep.required("levers")) {
      loader::MapReader lever_map(*n, "sweep.levers", diagnostics);
      for (const auto& e : n->entries) {
        const TreeNode* values = lever_map.optional(e.key);
        if (values == nullptr || values->kind != TreeNode::Kind::sequence ||
            values->items.empty()) {
          diagnostics.error(values ? values->where : e.key_where, "sweep.levers." + e.key,
                            "must be a non-empty list of the values to try");
          continue;
        }
        levers.push_back({e.key, e.key_where, values->items});
      }
      if (n->is_map() && n->entries.empty())
        diagnostics.error(n->where, "sweep.levers", "is empty, but needs a lever");
    }
    if (const TreeNode* n = sweep.optional("pareto")) {
      if (n->kind != TreeNode::Kind::sequence || n->items.size() != 2) {
        diagnostics.error(n->where, "sweep.pareto",
                          "must list two KPIs, e.g. [target_by_deadline, units_per_store_end]");
      } else {
        Kpi chosen[2] = {plan.pareto.first, plan.pareto.second};
        for (std::size_t i = 0; i < 2; ++i) {
          const std::string item_path = fmt::format("sweep.pareto[{}]", i);
          if (auto name = loader::read_string(n->items[i], item_path, diagnostics)) {
            if (auto k = kpi_named(*name)) {
              chosen[i] = *k;
            } else {
              diagnostics.error(
                  n->items[i].where, item_path,
                  fmt::format("'{}' is not a KPI{}", excerpt(*name), kpi_suggestion(*name)));
            }
          }
        }
        plan.pareto = {chosen[0], chosen[1]};
      }
    }
  }
  if (zip) {
    for (const LeverValues& l : levers) {
      if (l.values.size() != levers.front().values.size()) {
        diagnostics.error(
            l.where, "sweep.levers." + l.path,
            fmt::format(
                "has {} values, but {} has {}: zip pairs the i-th values, so the lists must "
                "be equally long",
                l.values.size(), levers.front().path, levers.front().values.size()));
      }
    }
  }
  std::size_t combinations = levers.empty() ? 0 : zip ? levers.front().values.size() : 1;
  bool too_many = false;
  for (const LeverValues& l : levers) {
    if (!zip) combinations *= l.values.size();
    if (combinations > kMaxCombinations) {
      diagnostics.error(
          block->where, "sweep.levers",
          fmt::format("makes more than {} combinations; split the sweep", kMaxCombinations));
      too_many = true;
      break;
    }
  }
  // A problem of the block (a Pareto KPI, the mode) does not hide those of the levers and
  // the scenarios they make: all are reported together, as a scenario's are. Without
  // combinations to try there is nothing more to check.
  const bool zip_mismatch =
      zip && std::any_of(levers.begin(), levers.end(), [&](const LeverValues& l) {
        return l.values.size() != levers.front().values.size();
      });
  if (too_many || zip_mismatch || combinations == 0) diagnostics.throw_if_any();

  // The base document: the named scenario, or this file without its sweep block. A base
  // that does not load stops here: every combination would repeat its problem.
  TreeNode base;
  try {
    Diagnostics base_problems;  // merged_document throws those it finds
    if (base_file == path) {
      TreeNode own = *root;
      own.entries.erase(std::remove_if(own.entries.begin(), own.entries.end(),
                                       [](const auto& e) { return e.key == "sweep"; }),
                        own.entries.end());
      base = loader::merged_document(std::move(own), path, base_problems);
    } else {
      base = loader::merged_document(
          loader::read_yaml_file(base_file, block->where, "sweep.scenario", base_problems),
          base_file, base_problems);
    }
    base_problems.throw_if_any();
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      diagnostics.error(d.where, d.path, d.message);
    diagnostics.throw_if_any();
  }
  for (const LeverValues& l : levers)
    plan.levers.push_back(l.path);

  // Every combination, validated; problems are collected across all of them.
  std::set<std::string> seen;
  for (std::size_t c = 0; c < combinations; ++c) {
    if (stop != nullptr && stop->load() != 0) throw Interrupted(stop->load());
    TreeNode document = base;
    std::vector<std::string> labels;
    std::size_t rest = c;
    for (std::size_t i = levers.size(); i-- > 0;) {  // the first lever varies slowest
      const std::size_t pick = zip ? c : rest % levers[i].values.size();
      if (!zip) rest /= levers[i].values.size();
      set_path(document, levers[i].path, levers[i].values[pick], levers[i].where);
      labels.insert(labels.begin(), flow_text(levers[i].values[pick]));
    }
    try {
      Diagnostics each;
      plan.scenarios.push_back(loader::scenario_from_document(document, base_file, each));
      plan.settings.push_back(labels);
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        if (seen.insert(d.to_string()).second) diagnostics.error(d.where, d.path, d.message);
      }
    }
  }
  diagnostics.throw_if_any();
  plan.name = plan.scenarios.front().name;
  return plan;
}

}  // namespace rollout
