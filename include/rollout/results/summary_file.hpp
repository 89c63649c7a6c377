#pragma once
// summary.json as a type (docs/outputs.md, summary.json). The run's writer fills a
// SummaryFile and serialises it; the report and the catalogue parse the file back into one.
// Both directions go through the one field list in results/summary_file.cpp, so writer
// and readers cannot spell a field differently.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rollout/run/run_session.hpp"
#include "rollout/scenario/kpi.hpp"

namespace rollout {

// summary.json's "run": how the run was made.
struct RunRecord {
  RunInfo info;             // scenario, its SHA-256, seed, replications, threads, ..., precision
  std::string start_month;  // "2021-11"
  int months = 0;
  std::string sampling;  // the sampling design's name
  // With rank correlations: whether the copula used the nearest valid matrix.
  std::optional<bool> nearest_correlation_used;
};

// One KPI's entry. A 0/1 KPI has a proportion and its 95% Wilson interval; another KPI its
// mean, sd, se and percentiles by name ("p5"); one with no value in any replication only a
// count of 0. A missing number (JSON null) reads as NaN.
struct KpiRecord {
  std::optional<double> proportion;
  std::array<double, 2> ci95{};  // with a proportion
  std::optional<double> mean;
  double sd = 0, se = 0;                                    // with a mean
  std::vector<std::pair<std::string, double>> percentiles;  // with a mean, in the run's order
  std::uint64_t count = 0;                                  // replications with a value
  std::vector<double> rank_probabilities;                   // ranks: P(rank = 1), P(rank = 2), ...
  // target_month: P(reached by the month), by calendar month "2021-11".
  std::vector<std::pair<std::string, double>> reached_by_month;

  // "mean", "sd", "se", "proportion", "count" or a percentile's name; NaN when absent.
  double statistic(const std::string& name) const;
};

struct SummaryFile {
  RunRecord run;
  std::vector<std::pair<std::string, KpiRecord>> kpis;  // by KPI name, in table order
  std::vector<std::string> uncertain_inputs;

  const KpiRecord* find(Kpi k) const;  // nullptr when the run does not report it
  const KpiRecord* find(const std::string& name) const;
};

// The text of summary.json (two-space indent, a final newline).
std::string summary_file_text(const SummaryFile& summary);
// Parses summary.json's text; throws InputError naming `file` and the field that is missing
// or of the wrong type.
SummaryFile parse_summary_file(const std::string& text, const std::string& file);

}  // namespace rollout
