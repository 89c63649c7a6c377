#include "rollout/results/summary.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <cmath>

#include "rollout/common/error.hpp"

namespace rollout {

void check_finite(const Summary& s, const std::string& what) {
  // One replication has no sd (NaN, as docs/outputs.md says); otherwise NaN or inf here
  // can only come from an overflow.
  const bool sd_ok = std::isfinite(s.sd) || (std::isnan(s.sd) && s.count < 2);
  if (std::isfinite(s.mean) && sd_ok) return;
  throw InputError(fmt::format(
      "{}: its {} across the replications is not a finite number (the values are too large "
      "for double precision); check the scenario's units and magnitudes",
      what, std::isfinite(s.mean) ? "standard deviation" : "mean"));
}

std::vector<KpiResult> summarize_kpis(const Model& model, const OutcomeTable& table) {
  const std::vector<double>& levels = model.scenario().simulation.percentiles;
  std::vector<KpiResult> results;
  std::vector<double> column(table.replications()), scratch;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const auto kpi = static_cast<Kpi>(k);
    const KpiInfo& about = info(kpi);
    KpiResult result;
    result.kpi = kpi;
    result.reported = reported(about, model.scenario().economics.has_value());
    if (!result.reported || (about.quarterly && model.quarters() == 0)) {
      results.push_back(result);
      continue;
    }
    std::size_t present = 0, ones = 0;
    for (std::size_t i = 0; i < table.replications(); ++i) {
      column[i] = table.kpi(i, kpi);
      present += std::isnan(column[i]) ? 0 : 1;
      ones += column[i] == 1 ? 1 : 0;
    }
    result.available = present > 0;
    if (result.available) {
      result.summary = summarize(column, levels, about.optional, scratch);
      check_finite(result.summary, about.name);
    }
    if (about.binary()) result.proportion = wilson(ones, table.replications());
    if (about.is_rank() && result.available) {
      result.rank_probabilities.assign(model.brands(), 0.0);
      for (double rank : column)
        result.rank_probabilities[static_cast<std::size_t>(rank) - 1] += 1;
      for (double& p : result.rank_probabilities)
        p /= static_cast<double>(table.replications());
    }
    if (kpi == Kpi::target_month) {
      const auto months = static_cast<std::size_t>(model.months());
      result.reached_by_month.assign(months, 0.0);
      for (const double t : column)  // NaN (never reached) counts in no month
        if (t >= 0 && t < static_cast<double>(months))
          result.reached_by_month[static_cast<std::size_t>(t)] += 1;
      double reached = 0;
      for (double& p : result.reached_by_month) {
        reached += p;
        p = reached / static_cast<double>(table.replications());
      }
    }
    results.push_back(std::move(result));
  }
  return results;
}

double central_value(const KpiResult& k) {
  if (info(k.kpi).binary()) return k.proportion.proportion;
  return k.available ? k.summary.mean : std::nan("");
}

std::vector<QuarterStores> stores_by_quarter(const Model& model, const OutcomeTable& table) {
  std::vector<QuarterStores> out;
  std::vector<double> column(table.series_replications()), scratch;
  const std::vector<double> levels{5, 50, 95};
  for (int q = 0; q < model.quarters(); ++q) {
    for (std::size_t i = 0; i < column.size(); ++i) {
      // At the end of calendar quarter q (its third month).
      const int last_month = model.first_quarter_month() + 3 * q + 2;
      column[i] = table.monthly(i, Monthly::stores, static_cast<std::size_t>(last_month));
    }
    const Summary s = summarize(column, levels, false, scratch);
    out.push_back(
        {model.quarter_label(q), s.percentiles[0], s.percentiles[1], s.percentiles[2], s.mean});
  }
  return out;
}

std::vector<AchievedCorrelation> achieved_correlations(const Model& model,
                                                       const OutcomeTable& table) {
  std::vector<AchievedCorrelation> out;
  const GaussianCopula* copula = model.copula();
  if (copula == nullptr || table.replications() < 2) return out;
  auto column = [&](std::size_t input) {
    std::vector<double> values(table.replications());
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] = table.input(i, input);
    return values;
  };
  const auto& names = copula->names();
  auto at = [&](const std::string& name) {
    return static_cast<Eigen::Index>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  for (const RankCorrelation& pair : model.scenario().correlations) {
    const Eigen::Index a = at(pair.first), b = at(pair.second);
    const auto column_a = column(copula->positions()[static_cast<std::size_t>(a)]);
    const auto column_b = column(copula->positions()[static_cast<std::size_t>(b)]);
    out.push_back({pair.first, pair.second, pair.spearman, copula->used_spearman()(a, b),
                   spearman(column_a, column_b)});
  }
  return out;
}

}  // namespace rollout
