#include "rollout/engine/outcome.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <new>

#include "common/parallel_blocks.hpp"
#include "rollout/common/error.hpp"

namespace rollout {

std::string quarterly_series_name(const Model& model, std::size_t series) {
  const QuarterlyInfo& kind = info(quarterly_kind(series));
  if (!kind.per_brand) return kind.name;
  return fmt::format("{}.{}", kind.name,
                     model.scenario().brands.at(series - kQuarterlyBrandUnits).name);
}

OutcomeTable::OutcomeTable(const Model& model, std::size_t replications)
    : OutcomeTable(model, replications, replications) {}

void* map_table_bytes(std::size_t bytes) {
  void* data = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) throw std::bad_alloc();
  return data;
}

void unmap_table_bytes(void* data, std::size_t bytes) noexcept {
  ::munmap(data, bytes);
}

namespace {

// Asks Linux to back the whole 2 MB stretches of [data, data + bytes) with 2 MB pages. Where
// transparent huge pages are on request only (THP "madvise", as on this project's machines),
// first touching a large table otherwise costs a page fault every 4 KB: about 8% of a
// 10,000-replication run, all of it before the replications start (docs/performance.md).
// Only advice: where it is refused or unknown the table is the same, in small pages.
void prefer_huge_pages([[maybe_unused]] const double* data, [[maybe_unused]] std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (start + kHugePage - 1) & ~(kHugePage - 1),
                       end = (start + bytes) & ~(kHugePage - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

// Sizes `values` to `count` missing values, over `threads` contiguous blocks at once (the first
// touch of a large table is most of its cost), each a few megabytes at a time, so that a signal
// is answered within a fraction of a second even while gigabytes are first touched.
void fill_missing(OutcomeTable::Values& values, std::size_t count, const std::atomic<int>* stop,
                  unsigned threads) {
  constexpr std::size_t kChunk = std::size_t{1} << 20;  // 8 MB of doubles
  values.clear();
  values.resize(count);  // left unwritten (UninitializedAllocator)
  prefer_huge_pages(values.data(), count * sizeof(double));
  for_each_block(count, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t at = begin; at < end; at += kChunk) {
      throw_if_stopped(stop);
      std::fill(values.data() + at, values.data() + std::min(end, at + kChunk),
                std::numeric_limits<double>::quiet_NaN());
    }
  });
}

}  // namespace

OutcomeTable::OutcomeTable(const Model& model, std::size_t replications,
                           std::size_t series_replications, const std::atomic<int>* stop,
                           unsigned threads)
    : replications_(replications),
      series_replications_(std::min(series_replications, replications)),
      months_(static_cast<std::size_t>(model.months())),
      quarters_(static_cast<std::size_t>(model.quarters())),
      quarterly_series_(kQuarterlyBrandUnits + model.brands()),
      inputs_(model.uncertain_inputs().size()),
      regions_(model.regions()) {
  fill_missing(monthly_, series_replications_ * kMonthlyCount * months_, stop, threads);
  fill_missing(quarterly_, series_replications_ * quarterly_series_ * quarters_, stop, threads);
  fill_missing(kpis_, replications * kKpiCount, stop, threads);
  fill_missing(inputs_values_, replications * inputs_, stop, threads);
  fill_missing(regions_values_, series_replications_ * regions_ * region_stride(months_), stop,
               threads);
}

std::size_t OutcomeTable::bytes_per_kpi_row(const Model& model) {
  return sizeof(double) * (kKpiCount + model.uncertain_inputs().size());
}

std::size_t OutcomeTable::bytes_per_series_row(const Model& model) {
  const auto months = static_cast<std::size_t>(model.months()),
             quarters = static_cast<std::size_t>(model.quarters());
  return sizeof(double) *
         (kMonthlyCount * months + (kQuarterlyBrandUnits + model.brands()) * quarters +
          region_stride(months) * model.regions());
}

void OutcomeTable::append(const OutcomeTable& more) {
  if (more.months_ != months_ || more.quarterly_series_ != quarterly_series_ ||
      more.inputs_ != inputs_ || more.regions_ != regions_) {
    throw InternalError("appending an outcome table of another shape");
  }
  if (more.series_replications_ > 0 && series_replications_ < replications_) {
    throw InternalError(
        fmt::format("appending {} rows with series after a table whose series stop at row {} of {}",
                    more.series_replications_, series_replications_, replications_));
  }
  monthly_.insert(monthly_.end(), more.monthly_.begin(), more.monthly_.end());
  quarterly_.insert(quarterly_.end(), more.quarterly_.begin(), more.quarterly_.end());
  kpis_.insert(kpis_.end(), more.kpis_.begin(), more.kpis_.end());
  inputs_values_.insert(inputs_values_.end(), more.inputs_values_.begin(),
                        more.inputs_values_.end());
  regions_values_.insert(regions_values_.end(), more.regions_values_.begin(),
                         more.regions_values_.end());
  replications_ += more.replications_;
  series_replications_ += more.series_replications_;
}

OutcomeRow OutcomeTable::row(std::size_t i, std::vector<double>& scratch) {
  const std::size_t monthly = kMonthlyCount * months_, quarterly = quarterly_series_ * quarters_,
                    regions = regions_ * region_stride(months_);
  if (i < series_replications_) {
    return OutcomeRow{monthly_.data() + i * monthly, quarterly_.data() + i * quarterly,
                      kpis_.data() + i * kKpiCount, inputs_values_.data() + i * inputs_,
                      regions_values_.data() + i * regions};
  }
  // NaN, as a fresh table's cells are, so nothing of the previous replication shows through.
  scratch.assign(monthly + quarterly + regions, std::numeric_limits<double>::quiet_NaN());
  return OutcomeRow{scratch.data(), scratch.data() + monthly, kpis_.data() + i * kKpiCount,
                    inputs_values_.data() + i * inputs_, scratch.data() + monthly + quarterly};
}

OutcomeRow OutcomeTable::row(std::size_t i) {
  if (i >= series_replications_) {
    throw InternalError(fmt::format("row {} of a table keeping series for {} rows needs scratch", i,
                                    series_replications_));
  }
  std::vector<double> unused;
  return row(i, unused);
}

std::array<OutcomeTable::RowBlock, 5> OutcomeTable::row_blocks() {
  return {RowBlock{monthly_, kMonthlyCount * months_},
          RowBlock{quarterly_, quarterly_series_ * quarters_}, RowBlock{kpis_, kKpiCount},
          RowBlock{inputs_values_, inputs_},
          RowBlock{regions_values_, regions_ * region_stride(months_)}};
}

}  // namespace rollout
