#pragma once
// Collects every problem found while loading, so the user sees all of them at once.

#include <string>
#include <vector>

#include "rollout/common/error.hpp"

namespace rollout::loader {

// At most kMaxProblems are kept (a file with thousands of misspelt names is one mistake
// repeated); the rest are counted and reported as one line.
class Diagnostics {
 public:
  static constexpr std::size_t kMaxProblems = 200;
  static constexpr std::size_t kMaxKeyBytes = 48;  // each key of a path, as shown

  void error(const SourceLocation& where, std::string path, std::string message) {
    if (full()) {
      ++dropped_;
      return;
    }
    list_.push_back({where, shown_path(path), std::move(message)});
  }
  std::size_t count() const { return list_.size() + dropped_; }
  bool empty() const { return list_.empty(); }
  // Whether further problems are only counted: callers skip costly work for a message
  // that will not be shown ("did you mean").
  bool full() const { return list_.size() >= kMaxProblems; }
  // Throws InputError with every problem, in file and line order, if there is any.
  void throw_if_any() const;

 private:
  // The key path with each over-long key shortened by excerpt().
  static std::string shown_path(const std::string& path);

  std::vector<Diagnostic> list_;
  std::size_t dropped_ = 0;
};

}  // namespace rollout::loader
