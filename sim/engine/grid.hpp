#pragma once
// A two-way table in one contiguous array, row-major: cell (i, j) at i * columns + j. The
// replication's tables by region and brand, region and format, format and age, region and
// planning month are grids, so that the index arithmetic is written once and a table cannot be
// read with the wrong width.
// A grid is a contiguous range: Eigen maps and spans see its cells in that order.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace rollout {

template <class T, class Allocator = std::allocator<T>>
class Grid {
 public:
  void resize(std::size_t rows, std::size_t columns) {
    columns_ = columns;
    cells_.assign(rows * columns, T{});
  }
  // The flat position of cell (row, column), for what addresses cells by one number.
  std::size_t index(std::size_t row, std::size_t column) const { return row * columns_ + column; }

  T& operator()(std::size_t row, std::size_t column) { return cells_[index(row, column)]; }
  const T& operator()(std::size_t row, std::size_t column) const {
    return cells_[index(row, column)];
  }

  T* data() { return cells_.data(); }
  const T* data() const { return cells_.data(); }
  std::size_t size() const { return cells_.size(); }
  std::span<T> cells() { return cells_; }
  std::span<const T> cells() const { return cells_; }
  T* begin() { return cells_.data(); }
  T* end() { return cells_.data() + cells_.size(); }
  const T* begin() const { return cells_.data(); }
  const T* end() const { return cells_.data() + cells_.size(); }

 private:
  std::vector<T, Allocator> cells_;
  std::size_t columns_ = 0;
};

}  // namespace rollout
