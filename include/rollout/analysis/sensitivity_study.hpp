#pragma once
// `rollout sensitivity`: which uncertain inputs drive each KPI, measured three ways.
//
//   ranks    Spearman and SRRC of the KPI on every input, from an ordinary run.
//   tornado  each input held at its P10, then its P90, while the others vary as usual,
//            over the same replications (common random numbers): the swing of the KPI's
//            mean and median.
//   Sobol'   first-order and total indices (Saltelli design, Jansen estimators, bootstrap
//            intervals). The replication's own randomness (demand shocks, momentum,
//            execution and closure draws) is one more factor, "intrinsic", so the indices
//            of the inputs and of chance add up as in a deterministic model.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rollout/analysis/sensitivity.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/run/process_group.hpp"

namespace rollout {

struct SensitivityOptions {
  std::vector<Kpi> kpis;
  bool tornado = true;
  std::size_t tornado_replications = 1000;
  double tornado_low = 0.10, tornado_high = 0.90;  // the quantiles an input is held at
  std::size_t sobol_rows = 0;                      // n of the Saltelli design; 0: none
  std::size_t bootstrap = 500;
  unsigned threads = 1;
  const ProcessGroup* group = nullptr;  // as RunSettings::group
  const std::atomic<int>* stop = nullptr;
  // Called with the stage ("tornado", "Sobol'"), the model runs done and their total.
  std::function<void(const std::string& stage, std::size_t done, std::size_t total)> on_progress;
};

struct TornadoBar {
  double input_low = 0, input_high = 0;  // the input's value at its low and high quantile
  double mean_low = 0, mean_high = 0;    // the KPI's mean (or proportion) with it held there
  double median_low = 0, median_high = 0;
  double swing_mean() const { return mean_high - mean_low; }
  double swing_median() const { return median_high - median_low; }
};

struct InputSensitivity {
  std::string input;
  double spearman = 0, srrc = 0;
  std::optional<TornadoBar> tornado;
  std::optional<SobolIndex> sobol;
};

struct KpiSensitivity {
  Kpi kpi = Kpi::stores_end;
  std::size_t count = 0;                  // replications with a value, in the ordinary run
  double r_squared = 0;                   // of the rank regression
  double base_mean = 0, base_median = 0;  // the tornado's runs with nothing held
  std::vector<InputSensitivity> inputs;   // in the model's order of uncertain inputs
  std::optional<SobolIndex> intrinsic;    // the replication's own randomness
  std::string note;                       // why a measure is missing, if one is
  // Input indices, most important first: by |tornado mean swing| when there is a
  // tornado (an input whose one end leaves the KPI without any value first), else by
  // |SRRC| (then |Spearman|); inputs without a value last.
  std::vector<std::size_t> ranking() const;
};

struct SensitivityResult {
  std::vector<KpiSensitivity> kpis;
  std::size_t replications = 0;          // of the ordinary run
  std::size_t tornado_replications = 0;  // per held input and end; 0 without a tornado
  std::size_t sobol_rows = 0;
  std::size_t model_runs = 0;  // replications simulated for the tornado and Sobol' designs
};

// The KPIs `sensitivity` reports when none are named.
std::vector<Kpi> default_sensitivity_kpis();

// Throws InputError when the options cannot work for this model (no uncertain input,
// Sobol' indices with correlated inputs, bad quantiles), before anything runs.
void check_sensitivity_options(const Model& model, const SensitivityOptions& options);

SensitivityResult study_sensitivity(const Model& model, const OutcomeTable& ordinary_run,
                                    const SensitivityOptions& options);

}  // namespace rollout
