#pragma once
// Collects every problem found while loading, so the user sees all of them at once.

#include <string>
#include <vector>

#include "rollout/common/error.hpp"

namespace rollout::loader {

class Diagnostics {
 public:
  void error(const SourceLocation& where, std::string path, std::string message) {
    list_.push_back({where, std::move(path), std::move(message)});
  }
  std::size_t count() const { return list_.size(); }
  bool empty() const { return list_.empty(); }
  // Throws InputError with every problem, in file and line order, if there is any.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace rollout::loader
