#include "loader/map_reader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>

#include "common/text_similarity.hpp"
#include "rollout/scenario/kpi.hpp"

namespace rollout::loader {
namespace {

std::string_view presence_name(Presence p) {
  return p == Presence::required ? "required"
         : p == Presence::one_of ? "one of a group"
                                 : "optional";
}

}  // namespace

std::string join_path(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

void report_duplicate_keys(const TreeNode& map, const std::string& path, std::string_view what,
                           Diagnostics& diagnostics) {
  std::map<std::string, SourceLocation> first_seen;
  for (const MapEntry& e : map.entries) {
    auto [it, inserted] = first_seen.emplace(e.key, e.key_where);
    if (!inserted) {
      diagnostics.error(e.key_where, join_path(path, e.key),
                        fmt::format("duplicate {} '{}': already defined at {}:{}", what,
                                    excerpt(e.key), it->second.line, it->second.column));
    }
  }
}

MapReader::MapReader(const TreeNode& node, std::string path, Diagnostics& diagnostics)
    : MapReader(node, path, diagnostics, std::optional<std::string>(path)) {}

MapReader::MapReader(const TreeNode& node, std::string path, std::string pattern,
                     Diagnostics& diagnostics)
    : MapReader(node, std::move(path), diagnostics,
                std::optional<std::string>(std::move(pattern))) {}

MapReader::MapReader(const TreeNode& node, std::string path, Diagnostics& diagnostics, NoKeyTable)
    : MapReader(node, std::move(path), diagnostics, std::optional<std::string>()) {}

MapReader::MapReader(const TreeNode& node, std::string path, Diagnostics& diagnostics,
                     std::optional<std::string> pattern)
    : node_(node), path_(std::move(path)), diagnostics_(diagnostics), pattern_(std::move(pattern)) {
  if (!node_.is_map()) {
    diagnostics_.error(node_.where, path_,
                       fmt::format("is {}, but must be a map of keys", node_.kind_name()));
  }
}

MapReader::~MapReader() {
  finish();
}

const KeySpec& MapReader::spec(std::string_view key) const {
  // The key's own row, or else the row of the block's named entries (`regions.*`).
  const KeySpec* found = nullptr;
  if (pattern_) {
    found = find_scenario_key(join_path(*pattern_, key));
    if (found == nullptr) found = find_scenario_key(join_path(*pattern_, "*"));
  }
  if (found == nullptr) {
    throw InternalError(fmt::format(
        "the loader reads '{}', which the key table (sim/loader/scenario_keys.cpp) lacks",
        path_of(key)));
  }
  return *found;
}

double MapReader::fallback(std::string_view key) const {
  const KeySpec& s = spec(key);
  if (!s.fallback) {
    throw InternalError(fmt::format("the key table gives '{}' no default number", s.path));
  }
  return *s.fallback;
}

const TreeNode* MapReader::optional(std::string_view key) {
  return read_key(key, Presence::optional);
}

const TreeNode* MapReader::read_key(std::string_view key, Presence asked) {
  if (pattern_) {
    // The table and the reader must agree on whether a key is required, or the schema
    // would promise what the loader does not check (or the other way round).
    const KeySpec& row = spec(key);
    if ((row.presence == Presence::required) != (asked == Presence::required)) {
      throw InternalError(fmt::format("the loader reads '{}' as {}, but the key table says {}",
                                      path_of(key), presence_name(asked),
                                      presence_name(row.presence)));
    }
  }
  known_.emplace_back(key);
  if (!node_.is_map()) return nullptr;
  const TreeNode* value = node_.find(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

const TreeNode* MapReader::required(std::string_view key) {
  const TreeNode* value = read_key(key, Presence::required);
  if (value == nullptr && node_.is_map()) {
    diagnostics_.error(node_.where, path_of(key), "is missing, but is required");
  }
  return value;
}

int MapReader::one_of(const std::vector<std::string_view>& keys, bool is_required) {
  int found = -1;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (read_key(keys[i], Presence::one_of) == nullptr) continue;
    if (found >= 0) {
      diagnostics_.error(
          node_.find(keys[i])->where, path_of(keys[i]),
          fmt::format("cannot be given together with {}", keys[static_cast<std::size_t>(found)]));
    } else {
      found = static_cast<int>(i);
    }
  }
  if (found < 0 && is_required && node_.is_map()) {
    diagnostics_.error(node_.where, path_, fmt::format("needs one of: {}", fmt::join(keys, ", ")));
  }
  return found;
}

void MapReader::finish() {
  if (!node_.is_map()) return;
  report_duplicate_keys(node_, path_, "key", diagnostics_);
  for (const MapEntry& e : node_.entries) {
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    std::string message = fmt::format("unknown key '{}'", excerpt(e.key));
    if (const char* now = renamed_in_revision2(e.key); now != nullptr) {
      message += fmt::format(": revision 1 of the model called it so; it is now '{}'", now);
    } else if (!diagnostics_.full()) {
      if (auto suggestion = closest_match(e.key, known_))
        message += fmt::format("; did you mean '{}'?", *suggestion);
    }
    diagnostics_.error(e.key_where, join_path(path_, e.key), message);
  }
}

}  // namespace rollout::loader
