#pragma once
// sensitivity.json and sensitivity.csv (docs/outputs.md#sensitivity). sensitivity.json is
// also a type, SensitivityFile, written by `rollout sensitivity` and read by its report
// through the one field list in analysis/sensitivity_outputs.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rollout/analysis/sensitivity_study.hpp"
#include "rollout/model/model.hpp"

namespace rollout {

// One input's measures for one KPI, in the KPI's ranking (rank 1 most important).
struct InputSensitivityRecord {
  std::uint64_t rank = 0;
  std::string input;
  double spearman = 0, srrc = 0;
  std::optional<TornadoBar> tornado;
  std::optional<SobolIndex> sobol;
};

struct KpiSensitivityRecord {
  std::uint64_t count = 0;  // replications with a value, in the ordinary run
  double rank_regression_r2 = 0;
  // The tornado's runs with nothing held: the KPI's mean and median (with a tornado).
  std::optional<std::pair<double, double>> tornado_base;
  std::vector<InputSensitivityRecord> inputs;
  std::optional<SobolIndex> intrinsic_sobol;
  std::string note;  // why a measure is missing; "" when none is
};

struct SensitivityFile {
  std::string scenario;
  std::uint64_t seed = 0;
  std::string sampling;
  std::uint64_t replications = 0, tornado_replications = 0, sobol_rows = 0, design_replications = 0;
  std::vector<std::pair<std::string, KpiSensitivityRecord>> kpis;  // by KPI name
};

SensitivityFile sensitivity_file(const Model& model, const SensitivityResult& result);
std::string sensitivity_file_text(const SensitivityFile& sensitivity);
std::string sensitivity_json(const Model& model, const SensitivityResult& result);
// Throws InputError naming `file` and the missing key or wrong type.
SensitivityFile parse_sensitivity_file(const std::string& text, const std::string& file);

// One row per KPI and input, ranked within each KPI; the intrinsic factor last.
std::string sensitivity_csv(const SensitivityResult& result);

}  // namespace rollout
