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
#include "loader/variant_document.hpp"

namespace rollout {
namespace {

using loader::Diagnostics;
using loader::TreeNode;

// More combinations than this is surely a mistake (each is a full run).
constexpr std::size_t kMaxCombinations = 100'000;

struct LeverValues {
  std::string path;
  SourceLocation where;
  std::vector<TreeNode> values;
};

}  // namespace

bool has_sweep_block(const std::string& path) {
  return loader::has_block(path, "sweep");
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
    base_file = loader::base_file_of(*root, path, "sweep", sweep.optional("scenario"), diagnostics);
    if (const TreeNode* n = sweep.optional("mode")) {
      zip = loader::read_choice(*n, "sweep.mode", sweep.spec("mode").choices, diagnostics)
                .value_or("grid") == "zip";
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
  const TreeNode base = loader::base_document(*root, path, base_file, "sweep", diagnostics);
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
      loader::set_path(document, levers[i].path, levers[i].values[pick], levers[i].where);
      labels.insert(labels.begin(), loader::flow_text(levers[i].values[pick]));
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
