#include "rollout/analysis/sensitivity_study.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "rollout/common/statistics.hpp"
#include "rollout/inputs/sampling_design.hpp"
#include "rollout/run/runner.hpp"

namespace rollout {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> kpi_column(const OutcomeTable& table, Kpi kpi) {
  std::vector<double> values(table.replications());
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = table.kpi(i, kpi);
  return values;
}

// Mean and median over the replications with a value.
std::pair<double, double> mean_and_median(const OutcomeTable& table, Kpi kpi) {
  std::vector<double> values;
  for (const double x : kpi_column(table, kpi)) {
    if (!std::isnan(x)) values.push_back(x);
  }
  if (values.empty()) return {kNaN, kNaN};
  double mean = 0;
  for (const double x : values)
    mean += x;
  std::sort(values.begin(), values.end());
  return {mean / static_cast<double>(values.size()), percentile_sorted(values, 50)};
}

// Runs replications first..first+n-1 with each replication's uniforms set by `inputs`.
class DesignRunner {
 public:
  DesignRunner(const Model& model, const SensitivityOptions& options, std::string stage,
               std::size_t total)
      : model_(model), options_(options), stage_(std::move(stage)), total_(total) {}

  OutcomeTable run(std::size_t first, std::size_t n,
                   std::function<void(std::uint64_t, std::vector<double>&)> inputs) {
    RunSettings settings;
    settings.replications = n;
    settings.first_replication = first;
    settings.threads = options_.threads;
    settings.group = options_.group;
    settings.series_below = 0;  // the measures read KPIs and inputs only
    settings.stop = options_.stop;
    settings.adjust_inputs = std::move(inputs);
    if (options_.on_progress) {
      settings.on_progress = [this](std::size_t done, std::size_t) {
        options_.on_progress(stage_, done_ + done, total_);
      };
    }
    OutcomeTable table = run_replications(model_, settings);
    done_ += n;
    return table;
  }
  std::size_t done() const { return done_; }

 private:
  const Model& model_;
  const SensitivityOptions& options_;
  std::string stage_;
  std::size_t total_, done_ = 0;
};

void add_rank_measures(const Model& model, const OutcomeTable& table, SensitivityResult& result) {
  std::vector<std::vector<double>> inputs(table.inputs(),
                                          std::vector<double>(table.replications()));
  for (std::size_t j = 0; j < table.inputs(); ++j) {
    for (std::size_t i = 0; i < table.replications(); ++i)
      inputs[j][i] = table.input(i, j);
  }
  for (KpiSensitivity& k : result.kpis) {
    const RankRegression r = rank_regression(inputs, kpi_column(table, k.kpi));
    k.count = r.count;
    k.r_squared = r.r_squared;
    for (std::size_t j = 0; j < model.uncertain_inputs().size(); ++j) {
      k.inputs[j].spearman = r.spearman[j];
      k.inputs[j].srrc = r.srrc[j];
    }
  }
}

void add_tornado(const Model& model, const SensitivityOptions& options, SensitivityResult& result) {
  const auto& uncertain = model.uncertain_inputs();
  const std::size_t m = options.tornado_replications;
  DesignRunner runner(model, options, "tornado", m * (2 * uncertain.size() + 1));
  const OutcomeTable base = runner.run(0, m, nullptr);
  for (KpiSensitivity& k : result.kpis)
    std::tie(k.base_mean, k.base_median) = mean_and_median(base, k.kpi);
  for (std::size_t j = 0; j < uncertain.size(); ++j) {
    TornadoBar bar;
    bar.input_low = quantile(uncertain[j].param->distribution, options.tornado_low);
    bar.input_high = quantile(uncertain[j].param->distribution, options.tornado_high);
    auto held_at = [j](double u) {
      return [j, u](std::uint64_t, std::vector<double>& uniforms) { uniforms[j] = u; };
    };
    const OutcomeTable low = runner.run(0, m, held_at(options.tornado_low));
    const OutcomeTable high = runner.run(0, m, held_at(options.tornado_high));
    for (KpiSensitivity& k : result.kpis) {
      TornadoBar kb = bar;
      std::tie(kb.mean_low, kb.median_low) = mean_and_median(low, k.kpi);
      std::tie(kb.mean_high, kb.median_high) = mean_and_median(high, k.kpi);
      k.inputs[j].tornado = kb;
    }
  }
  result.tornado_replications = m;
  result.model_runs += runner.done();
}

void add_sobol(const Model& model, const SensitivityOptions& options, SensitivityResult& result) {
  const auto& uncertain = model.uncertain_inputs();
  const std::size_t n = options.sobol_rows, d = uncertain.size();
  const std::uint64_t seed = model.scenario().simulation.seed;
  // Rows of A are replications 0..n-1 and rows of B replications n..2n-1, each with the
  // random design's independent uniforms and its own intrinsic randomness.
  auto own = [&model, seed](std::uint64_t index, std::vector<double>& uniforms) {
    independent_uniforms(model, ReplicationStreams(seed, index), uniforms);
  };
  DesignRunner runner(model, options, "Sobol'", n * (d + 3));
  const OutcomeTable a = runner.run(0, n, own);
  const OutcomeTable b = runner.run(n, n, own);
  std::vector<OutcomeTable> ab;
  for (std::size_t i = 0; i < d; ++i) {
    ab.push_back(
        runner.run(0, n, [&model, seed, i, n](std::uint64_t index, std::vector<double>& u) {
          independent_uniforms(model, ReplicationStreams(seed, index), u);
          u[i] = independent_uniform(model, ReplicationStreams(seed, index + n), i);
        }));
  }
  // The intrinsic factor: A's inputs with B's own randomness.
  ab.push_back(runner.run(n, n, [&model, seed, n](std::uint64_t index, std::vector<double>& u) {
    independent_uniforms(model, ReplicationStreams(seed, index - n), u);
  }));
  result.model_runs += runner.done();
  result.sobol_rows = n;

  for (KpiSensitivity& k : result.kpis) {
    if (info(k.kpi).optional) {
      k.note += fmt::format(
          "{}Sobol' indices need a value in every replication, but {} is missing "
          "where the target is never reached",
          k.note.empty() ? "" : "; ", info(k.kpi).name);
      continue;
    }
    SaltelliValues values{kpi_column(a, k.kpi), kpi_column(b, k.kpi), {}};
    for (const OutcomeTable& t : ab)
      values.ab.push_back(kpi_column(t, k.kpi));
    const bool varies =
        std::any_of(values.a.begin(), values.a.end(), [&](double x) { return x != values.a[0]; }) ||
        std::any_of(values.b.begin(), values.b.end(), [&](double x) { return x != values.a[0]; });
    if (!varies) {
      k.note += fmt::format("{}Sobol' indices need a KPI that varies, but {} was {} in every run",
                            k.note.empty() ? "" : "; ", info(k.kpi).name, values.a[0]);
      continue;
    }
    const std::vector<SobolIndex> s =
        jansen_indices(values, options.bootstrap, seed ^ name_slot(info(k.kpi).name));
    for (std::size_t j = 0; j < d; ++j)
      k.inputs[j].sobol = s[j];
    k.intrinsic = s[d];
  }
}

double importance(const InputSensitivity& s) {
  if (s.tornado) {
    // Held at one end the KPI never has a value (the target is never reached): the
    // input decides the KPI's very existence, which outranks any finite swing.
    if (std::isnan(s.tornado->mean_low) != std::isnan(s.tornado->mean_high))
      return std::numeric_limits<double>::infinity();
    return std::abs(s.tornado->swing_mean());
  }
  if (!std::isnan(s.srrc)) return std::abs(s.srrc);
  return std::abs(s.spearman);
}

}  // namespace

std::vector<std::size_t> KpiSensitivity::ranking() const {
  std::vector<std::size_t> order(inputs.size());
  for (std::size_t j = 0; j < order.size(); ++j)
    order[j] = j;
  std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    const double x = importance(inputs[a]), y = importance(inputs[b]);
    if (std::isnan(y)) return !std::isnan(x);
    return x > y;
  });
  return order;
}

std::vector<Kpi> default_sensitivity_kpis() {
  return {kSensitivityDefaultKpis.begin(), kSensitivityDefaultKpis.end()};
}

void check_sensitivity_options(const Model& model, const SensitivityOptions& options) {
  if (model.uncertain_inputs().empty()) {
    throw InputError(fmt::format(
        "{} has no uncertain input: every input is a fixed number, so nothing can drive the "
        "outcome",
        model.scenario().name));
  }
  if (options.kpis.empty()) throw InputError("sensitivity needs at least one KPI");
  if (!(options.tornado_low > 0 && options.tornado_low < options.tornado_high &&
        options.tornado_high < 1)) {
    throw InputError(
        fmt::format("the tornado quantiles are {} and {}, but must satisfy 0 < low < high < 1",
                    options.tornado_low, options.tornado_high));
  }
  if (options.tornado && options.tornado_replications < 2)
    throw InputError("the tornado needs at least 2 replications per bar");
  if (options.sobol_rows > 0) {
    if (model.copula() != nullptr) {
      throw InputError(fmt::format(
          "Sobol' indices assume independent inputs, but {} correlates {}; drop its "
          "correlations: block for this analysis, or use the rank measures and the tornado",
          model.scenario().name, fmt::join(model.copula()->names(), ", ")));
    }
    if (options.sobol_rows < 10)
      throw InputError(
          fmt::format("--sobol is {}, but needs at least 10 rows", options.sobol_rows));
  }
}

SensitivityResult study_sensitivity(const Model& model, const OutcomeTable& ordinary_run,
                                    const SensitivityOptions& options) {
  check_sensitivity_options(model, options);
  SensitivityResult result;
  result.replications = ordinary_run.replications();
  for (const Kpi kpi : options.kpis) {
    KpiSensitivity k;
    k.kpi = kpi;
    k.base_mean = k.base_median = kNaN;
    for (const UncertainInput& u : model.uncertain_inputs())
      k.inputs.push_back({u.name, kNaN, kNaN, std::nullopt, std::nullopt});
    result.kpis.push_back(std::move(k));
  }
  add_rank_measures(model, ordinary_run, result);
  for (KpiSensitivity& k : result.kpis) {
    if (info(k.kpi).optional) {
      k.note = fmt::format(
          "{} is summarised over the replications that have it (that reach the "
          "target); '-' at P10 or P90 means none did with the input held there",
          info(k.kpi).name);
    }
  }
  if (options.tornado) add_tornado(model, options, result);
  if (options.sobol_rows > 0) add_sobol(model, options, result);
  return result;
}

}  // namespace rollout
