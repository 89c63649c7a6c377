#include "rollout/analysis/sensitivity_outputs.hpp"

#include <fmt/format.h>

#include "results/json_number.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {
namespace {

nlohmann::ordered_json sobol_json(const SobolIndex& s) {
  return {{"first", json_number(s.first)},
          {"first_ci", {json_number(s.first_lo), json_number(s.first_hi)}},
          {"total", json_number(s.total)},
          {"total_ci", {json_number(s.total_lo), json_number(s.total_hi)}}};
}

std::string sobol_cells(const std::optional<SobolIndex>& s) {
  if (!s) return ",,,,,";
  return fmt::format("{},{},{},{},{},{}", csv_number(s->first), csv_number(s->first_lo),
                     csv_number(s->first_hi), csv_number(s->total), csv_number(s->total_lo),
                     csv_number(s->total_hi));
}

}  // namespace

std::string sensitivity_json(const Model& model, const SensitivityResult& result) {
  nlohmann::ordered_json doc;
  doc["run"] = {{"scenario", model.scenario().name},
                {"seed", model.scenario().simulation.seed},
                {"sampling", to_string(model.scenario().simulation.sampling)},
                {"replications", result.replications},
                {"tornado_replications", result.tornado_replications},
                {"sobol_rows", result.sobol_rows},
                {"design_replications", result.model_runs}};
  nlohmann::ordered_json kpis = nlohmann::ordered_json::object();
  for (const KpiSensitivity& k : result.kpis) {
    nlohmann::ordered_json entry;
    entry["count"] = k.count;
    entry["rank_regression_r2"] = json_number(k.r_squared);
    if (result.tornado_replications > 0)
      entry["tornado_base"] = {{"mean", json_number(k.base_mean)},
                               {"median", json_number(k.base_median)}};
    nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
    std::size_t rank = 1;
    for (const std::size_t j : k.ranking()) {
      const InputSensitivity& s = k.inputs[j];
      nlohmann::ordered_json row{{"rank", rank++},
                                 {"input", s.input},
                                 {"spearman", json_number(s.spearman)},
                                 {"srrc", json_number(s.srrc)}};
      if (s.tornado) {
        const TornadoBar& t = *s.tornado;
        row["tornado"] = {{"input_low", json_number(t.input_low)},
                          {"input_high", json_number(t.input_high)},
                          {"mean_low", json_number(t.mean_low)},
                          {"mean_high", json_number(t.mean_high)},
                          {"median_low", json_number(t.median_low)},
                          {"median_high", json_number(t.median_high)},
                          {"swing_mean", json_number(t.swing_mean())},
                          {"swing_median", json_number(t.swing_median())}};
      }
      if (s.sobol) row["sobol"] = sobol_json(*s.sobol);
      inputs.push_back(row);
    }
    entry["inputs"] = inputs;
    if (k.intrinsic) entry["intrinsic_sobol"] = sobol_json(*k.intrinsic);
    if (!k.note.empty()) entry["note"] = k.note;
    kpis[info(k.kpi).name] = entry;
  }
  doc["kpis"] = kpis;
  return doc.dump(2) + "\n";
}

std::string sensitivity_csv(const SensitivityResult& result) {
  std::string out =
      "kpi,rank,input,spearman,srrc,rank_regression_r2,input_low,input_high,mean_low,mean_high,"
      "swing_mean,median_low,median_high,swing_median,sobol_first,sobol_first_lo,sobol_first_hi,"
      "sobol_total,sobol_total_lo,sobol_total_hi\n";
  for (const KpiSensitivity& k : result.kpis) {
    const std::string kpi = info(k.kpi).name;
    std::size_t rank = 1;
    for (const std::size_t j : k.ranking()) {
      const InputSensitivity& s = k.inputs[j];
      std::string tornado = ",,,,,,,";
      if (s.tornado) {
        const TornadoBar& t = *s.tornado;
        tornado = fmt::format(
            "{},{},{},{},{},{},{},{}", csv_number(t.input_low), csv_number(t.input_high),
            csv_number(t.mean_low), csv_number(t.mean_high), csv_number(t.swing_mean()),
            csv_number(t.median_low), csv_number(t.median_high), csv_number(t.swing_median()));
      }
      out += fmt::format("{},{},{},{},{},{},{},{}\n", kpi, rank++, csv_text(s.input),
                         csv_number(s.spearman), csv_number(s.srrc), csv_number(k.r_squared),
                         tornado, sobol_cells(s.sobol));
    }
    if (k.intrinsic) {
      out += fmt::format("{},,(intrinsic),,,{},,,,,,,,,{}\n", kpi, csv_number(k.r_squared),
                         sobol_cells(k.intrinsic));
    }
  }
  return out;
}

}  // namespace rollout
