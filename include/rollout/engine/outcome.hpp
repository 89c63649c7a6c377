#pragma once
// What one replication records (docs/model.md, "Outputs of one replication"), stored one row per
// replication so that threads write disjoint rows and statistics read columns in replication order.

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "rollout/model/model.hpp"
#include "rollout/scenario/kpi.hpp"

namespace rollout {

// Quarterly series (scenario/kpi.hpp, Quarterly): series s < kQuarterlyBrandUnits is the kind
// at position s, series kQuarterlyBrandUnits + b brand b's global units.
inline constexpr std::size_t kQuarterlyGlobalShare =
    static_cast<std::size_t>(Quarterly::global_share);
inline constexpr std::size_t kQuarterlyGlobalRank =
    static_cast<std::size_t>(Quarterly::global_rank);
inline constexpr std::size_t kQuarterlyMarketShare =
    static_cast<std::size_t>(Quarterly::market_share);
inline constexpr std::size_t kQuarterlyMarketRank =
    static_cast<std::size_t>(Quarterly::market_rank);
inline constexpr std::size_t kQuarterlyBrandUnits =
    static_cast<std::size_t>(Quarterly::brand_units);
// The kind of quarterly series `series`.
inline Quarterly quarterly_kind(std::size_t series) {
  return static_cast<Quarterly>(std::min(series, kQuarterlyBrandUnits));
}
// The name of quarterly series `series` in series.csv: global_share, ..., global_units.BRAND.
std::string quarterly_series_name(const Model& model, std::size_t series);
inline bool is_rank_series(std::size_t series) {
  return info(quarterly_kind(series)).rank;
}

// Storage of kLargeTableBytes or more is mapped from the kernel and returned to it directly,
// not through malloc and free: a stopped run of millions of replications releases its table
// in one munmap. Under AddressSanitizer, whose free() marks every freed byte's shadow, the
// 3.6 GB table of 5,000,000 replications of the default took about 1 s to release, which a
// Ctrl-C waited for (docs/cli.md, "Stopping"); mapped, 0.05-0.4 s. Smaller tables, every test's,
// keep malloc and the sanitizer's bounds checks. map_table_bytes throws std::bad_alloc when
// the kernel refuses.
inline constexpr std::size_t kLargeTableBytes = std::size_t{64} << 20;
void* map_table_bytes(std::size_t bytes);
void unmap_table_bytes(void* data, std::size_t bytes) noexcept;

// An allocator whose value-less construct() leaves a new element unwritten (default-initialised),
// so that a vector's resize() does not touch the memory: the standard one writes zeros.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  // The one rule of which blocks are mapped, for allocate and deallocate alike.
  static bool mapped(std::size_t count) { return count >= kLargeTableBytes / sizeof(T); }
  T* allocate(std::size_t count) {
    if (!mapped(count)) return std::allocator<T>::allocate(count);
    if (count > std::size_t(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(map_table_bytes(count * sizeof(T)));
  }
  void deallocate(T* data, std::size_t count) noexcept {
    if (!mapped(count)) return std::allocator<T>::deallocate(data, count);
    unmap_table_bytes(data, count * sizeof(T));
  }
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// One replication's row in each block.
struct OutcomeRow {
  double* monthly;    // [metric][month]
  double* quarterly;  // [series][quarter]
  double* kpis;       // [kpi]
  double* inputs;     // [uncertain input]
  // [region][stores, units_per_store (NaN where no store) at the end, then stores by month,
  // then own-store units by month]: region_stride(months) values per region.
  double* regions;
};

// Values per region in a row's regions block.
inline std::size_t region_stride(std::size_t months) {
  return 2 + 2 * months;
}

// Every replication keeps its KPIs and inputs. Its series (monthly, quarterly, regions:
// nine tenths of a row) are kept for the first `series_replications` rows only, so that a
// run of millions of replications needs memory for its KPIs plus a bounded sample of
// series; percentile bands over time are read from that sample.
class OutcomeTable {
 public:
  // The table's storage: resize() leaves new values unwritten, so that the constructor can
  // spread their first touch over threads before anything reads them.
  using Values = std::vector<double, UninitializedAllocator<double>>;

  OutcomeTable(const Model& model, std::size_t replications);
  // `stop`, when set and non-zero (a signal number), ends the set-up with Interrupted:
  // the first touch of a table of millions of rows takes seconds (docs/cli.md, "Stopping").
  // `threads` share the first touch of the table's memory.
  OutcomeTable(const Model& model, std::size_t replications, std::size_t series_replications,
               const std::atomic<int>* stop = nullptr, unsigned threads = 1);

  // Bytes one replication's KPIs and inputs take, and its series; with the statistics'
  // working copies, a run of n replications keeping series for s of them needs about
  // n * (bytes_per_kpi_row + 16) + s * bytes_per_series_row.
  static std::size_t bytes_per_kpi_row(const Model& model);
  static std::size_t bytes_per_series_row(const Model& model);

  std::size_t replications() const { return replications_; }
  // Rows 0 .. series_replications() - 1 have series.
  std::size_t series_replications() const { return series_replications_; }
  std::size_t months() const { return months_; }
  std::size_t quarters() const { return quarters_; }
  std::size_t quarterly_series() const { return quarterly_series_; }
  std::size_t inputs() const { return inputs_; }
  std::size_t regions() const { return regions_; }

  // Where replication row i is written. Rows past series_replications() write their
  // series into `scratch` (one per worker), which the replication still reads back.
  OutcomeRow row(std::size_t i, std::vector<double>& scratch);
  OutcomeRow row(std::size_t i);  // a row with series: i < series_replications()
  // The table's storage as blocks of rows (row i of a block at data[i * per_row]; a block
  // has data.size() / per_row rows), for moving rows between processes.
  struct RowBlock {
    std::span<double> data;
    std::size_t per_row;
  };
  std::array<RowBlock, 5> row_blocks();
  // Appends another table's rows (the next replication indices) after this one's.
  void append(const OutcomeTable& more);

  double monthly(std::size_t i, Monthly m, std::size_t t) const {
    return monthly_[i * kMonthlyCount * months_ + static_cast<std::size_t>(m) * months_ + t];
  }
  double quarterly(std::size_t i, std::size_t series, std::size_t q) const {
    return quarterly_[(i * quarterly_series_ + series) * quarters_ + q];
  }
  double kpi(std::size_t i, Kpi k) const {
    return kpis_[i * kKpiCount + static_cast<std::size_t>(k)];
  }
  double input(std::size_t i, std::size_t j) const { return inputs_values_[i * inputs_ + j]; }
  // At the end (last month).
  double region_stores(std::size_t i, std::size_t r) const { return region_value(i, r, 0); }
  double region_units_per_store(std::size_t i, std::size_t r) const {
    return region_value(i, r, 1);
  }
  // Month by month: own stores open at the month's end, and their units of the month.
  double region_month_stores(std::size_t i, std::size_t r, std::size_t t) const {
    return region_value(i, r, 2 + t);
  }
  double region_month_units(std::size_t i, std::size_t r, std::size_t t) const {
    return region_value(i, r, 2 + months_ + t);
  }
  // Row i's values in storage order, for readers that take many columns in one pass over the
  // rows: series m month by month (months() values); region r's stores month by month, then its
  // own-store units month by month (2 months() values).
  const double* monthly_row(std::size_t i, Monthly m) const {
    return &monthly_[i * kMonthlyCount * months_ + static_cast<std::size_t>(m) * months_];
  }
  const double* region_month_row(std::size_t i, std::size_t r) const {
    return &regions_values_[(i * regions_ + r) * region_stride(months_) + 2];
  }

 private:
  double region_value(std::size_t i, std::size_t r, std::size_t at) const {
    return regions_values_[(i * regions_ + r) * region_stride(months_) + at];
  }

  std::size_t replications_, series_replications_, months_, quarters_, quarterly_series_, inputs_,
      regions_;
  Values monthly_, quarterly_, kpis_, inputs_values_, regions_values_;
};

}  // namespace rollout
