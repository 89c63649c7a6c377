#pragma once
// discover.json as a type (docs/outputs.md): written by `rollout discover` and read by the
// report's discovery section through the one field list in analysis/discover_file.cpp.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "rollout/analysis/discover.hpp"

namespace rollout {

// One input's bounds in a box: sampled values, inclusive; NaN where only the other side is
// bounded.
struct BoxRestrictionRecord {
  double lower = 0, upper = 0;
  double density_without = 0;  // the box's density with this restriction dropped
};

struct BoxRecord {
  std::uint64_t box = 0, cases = 0, hits = 0;
  double coverage = 0, density = 0, support = 0;
  std::vector<std::pair<std::string, BoxRestrictionRecord>> restrictions;  // by input name
};

struct DiscoverFile {
  std::string scenario;
  std::uint64_t seed = 0, replications = 0;
  std::string condition;  // "target_by_deadline == 0"
  std::uint64_t replications_meeting_it = 0;
  double share = 0;
  std::uint64_t chosen_box = 0;
  std::vector<BoxRecord> trajectory;  // box 0 holds every replication
};

DiscoverFile discover_file(const Model& model, const Discovery& d, std::size_t replications);
std::string discover_file_text(const DiscoverFile& discover);
// Throws InputError naming `file` and the missing key or wrong type.
DiscoverFile parse_discover_file(const std::string& text, const std::string& file);

}  // namespace rollout
