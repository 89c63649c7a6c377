#include "rollout/analysis/sensitivity_outputs.hpp"

#include <fmt/format.h>

#include "results/json_number.hpp"
#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {
namespace {

nlohmann::ordered_json sobol_json(const SobolIndex& s) {
  return {{"first", json_number(s.first)},
          {"first_ci", {json_number(s.first_lo), json_number(s.first_hi)}},
          {"total", json_number(s.total)},
          {"total_ci", {json_number(s.total_lo), json_number(s.total_hi)}}};
}

void sobol_cells(CsvWriter& out, const std::optional<SobolIndex>& s) {
  if (!s) {
    out.blank(6);
    return;
  }
  out.number(s->first).number(s->first_lo).number(s->first_hi);
  out.number(s->total).number(s->total_lo).number(s->total_hi);
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
  CsvWriter out({"kpi",
                 "rank",
                 "input",
                 "spearman",
                 "srrc",
                 "rank_regression_r2",
                 "input_low",
                 "input_high",
                 "mean_low",
                 "mean_high",
                 "swing_mean",
                 "median_low",
                 "median_high",
                 "swing_median",
                 "sobol_first",
                 "sobol_first_lo",
                 "sobol_first_hi",
                 "sobol_total",
                 "sobol_total_lo",
                 "sobol_total_hi"});
  for (const KpiSensitivity& k : result.kpis) {
    const std::string kpi = info(k.kpi).name;
    std::size_t rank = 1;
    for (const std::size_t j : k.ranking()) {
      const InputSensitivity& s = k.inputs[j];
      out.text(kpi).count(rank++).text(s.input);
      out.number(s.spearman).number(s.srrc).number(k.r_squared);
      if (s.tornado) {
        const TornadoBar& t = *s.tornado;
        out.number(t.input_low).number(t.input_high).number(t.mean_low).number(t.mean_high);
        out.number(t.swing_mean()).number(t.median_low).number(t.median_high);
        out.number(t.swing_median());
      } else {
        out.blank(8);
      }
      sobol_cells(out, s.sobol);
      out.end_row();
    }
    if (k.intrinsic) {
      out.text(kpi).blank().text("(intrinsic)").blank(2).number(k.r_squared).blank(8);
      sobol_cells(out, k.intrinsic);
      out.end_row();
    }
  }
  return out.finish();
}

}  // namespace rollout
