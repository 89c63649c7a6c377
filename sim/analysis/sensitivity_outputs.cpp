#include "rollout/analysis/sensitivity_outputs.hpp"

#include <fmt/format.h>
#include <tuple>

#include "results/json_number.hpp"
#include "rollout/results/csv_writer.hpp"
#include "rollout/results/outputs.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const SobolIndex& s) {
  j = {{"first", json_number(s.first)},
       {"first_ci", interval_json(s.first_lo, s.first_hi)},
       {"total", json_number(s.total)},
       {"total_ci", interval_json(s.total_lo, s.total_hi)}};
}
void from_json(const Json& j, SobolIndex& s) {
  read_field(j, "first", s.first);
  std::tie(s.first_lo, s.first_hi) = interval_from_json(j.at("first_ci"));
  read_field(j, "total", s.total);
  std::tie(s.total_lo, s.total_hi) = interval_from_json(j.at("total_ci"));
}

// The swings are written for readers of the file; they follow from the ends.
void to_json(Json& j, const TornadoBar& t) {
  j = {
      {"input_low", json_number(t.input_low)},     {"input_high", json_number(t.input_high)},
      {"mean_low", json_number(t.mean_low)},       {"mean_high", json_number(t.mean_high)},
      {"median_low", json_number(t.median_low)},   {"median_high", json_number(t.median_high)},
      {"swing_mean", json_number(t.swing_mean())}, {"swing_median", json_number(t.swing_median())}};
}
void from_json(const Json& j, TornadoBar& t) {
  read_field(j, "input_low", t.input_low);
  read_field(j, "input_high", t.input_high);
  read_field(j, "mean_low", t.mean_low);
  read_field(j, "mean_high", t.mean_high);
  read_field(j, "median_low", t.median_low);
  read_field(j, "median_high", t.median_high);
}

void to_json(Json& j, const InputSensitivityRecord& r) {
  j = {{"rank", r.rank},
       {"input", r.input},
       {"spearman", json_number(r.spearman)},
       {"srrc", json_number(r.srrc)}};
  if (r.tornado) j["tornado"] = *r.tornado;
  if (r.sobol) j["sobol"] = *r.sobol;
}
void from_json(const Json& j, InputSensitivityRecord& r) {
  read_field(j, "rank", r.rank);
  read_field(j, "input", r.input);
  read_field(j, "spearman", r.spearman);
  read_field(j, "srrc", r.srrc);
  if (j.contains("tornado")) r.tornado = j.at("tornado").get<TornadoBar>();
  if (j.contains("sobol")) r.sobol = j.at("sobol").get<SobolIndex>();
}

void to_json(Json& j, const KpiSensitivityRecord& k) {
  j = {{"count", k.count}, {"rank_regression_r2", json_number(k.rank_regression_r2)}};
  if (k.tornado_base)
    j["tornado_base"] = {{"mean", json_number(k.tornado_base->first)},
                         {"median", json_number(k.tornado_base->second)}};
  j["inputs"] = k.inputs;
  if (k.intrinsic_sobol) j["intrinsic_sobol"] = *k.intrinsic_sobol;
  if (!k.note.empty()) j["note"] = k.note;
}
void from_json(const Json& j, KpiSensitivityRecord& k) {
  read_field(j, "count", k.count);
  read_field(j, "rank_regression_r2", k.rank_regression_r2);
  if (j.contains("tornado_base")) {
    const Json& base = j.at("tornado_base");
    k.tornado_base = {number_from_json(base.at("mean")), number_from_json(base.at("median"))};
  }
  read_field(j, "inputs", k.inputs);
  if (j.contains("intrinsic_sobol")) k.intrinsic_sobol = j.at("intrinsic_sobol").get<SobolIndex>();
  if (j.contains("note")) read_field(j, "note", k.note);
}

void to_json(Json& j, const SensitivityFile& s) {
  j = Json::object();
  j["run"] = {{"scenario", s.scenario},
              {"seed", s.seed},
              {"sampling", s.sampling},
              {"replications", s.replications},
              {"tornado_replications", s.tornado_replications},
              {"sobol_rows", s.sobol_rows},
              {"design_replications", s.design_replications}};
  j["kpis"] = named_records_json(s.kpis);
}
void from_json(const Json& j, SensitivityFile& s) {
  const Json& run = j.at("run");
  read_field(run, "scenario", s.scenario);
  read_field(run, "seed", s.seed);
  read_field(run, "sampling", s.sampling);
  read_field(run, "replications", s.replications);
  read_field(run, "tornado_replications", s.tornado_replications);
  read_field(run, "sobol_rows", s.sobol_rows);
  read_field(run, "design_replications", s.design_replications);
  read_named_records(j.at("kpis"), s.kpis);
}

SensitivityFile sensitivity_file(const Model& model, const SensitivityResult& result) {
  SensitivityFile file;
  file.scenario = model.scenario().name;
  file.seed = model.scenario().simulation.seed;
  file.sampling = to_string(model.scenario().simulation.sampling);
  file.replications = result.replications;
  file.tornado_replications = result.tornado_replications;
  file.sobol_rows = result.sobol_rows;
  file.design_replications = result.model_runs;
  for (const KpiSensitivity& k : result.kpis) {
    KpiSensitivityRecord entry;
    entry.count = k.count;
    entry.rank_regression_r2 = k.r_squared;
    if (result.tornado_replications > 0) entry.tornado_base = {k.base_mean, k.base_median};
    std::uint64_t rank = 1;
    for (const std::size_t j : k.ranking()) {
      const InputSensitivity& s = k.inputs[j];
      entry.inputs.push_back({rank++, s.input, s.spearman, s.srrc, s.tornado, s.sobol});
    }
    entry.intrinsic_sobol = k.intrinsic;
    entry.note = k.note;
    file.kpis.emplace_back(info(k.kpi).name, std::move(entry));
  }
  return file;
}

std::string sensitivity_file_text(const SensitivityFile& sensitivity) {
  return record_file_text(sensitivity);
}

std::string sensitivity_json(const Model& model, const SensitivityResult& result) {
  return sensitivity_file_text(sensitivity_file(model, result));
}

SensitivityFile parse_sensitivity_file(const std::string& text, const std::string& file) {
  return parse_record_file<SensitivityFile>(text, file);
}

namespace {

void sobol_cells(CsvWriter& out, const std::optional<SobolIndex>& s) {
  if (!s) {
    out.blank(6);
    return;
  }
  out.number(s->first).number(s->first_lo).number(s->first_hi);
  out.number(s->total).number(s->total_lo).number(s->total_hi);
}

}  // namespace

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
