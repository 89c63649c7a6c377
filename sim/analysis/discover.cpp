#include "rollout/analysis/discover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "results/json_number.hpp"
#include "rollout/results/csv_writer.hpp"

namespace rollout {

std::size_t default_box(const std::vector<PrimBox>& trajectory) {
  std::size_t chosen = 0;
  for (std::size_t b = 0; b < trajectory.size(); ++b) {
    if (trajectory[b].coverage >= 0.5) chosen = b;
  }
  return chosen;
}

std::string discover_json(const Model& model, const Discovery& d, std::size_t replications) {
  nlohmann::ordered_json doc;
  doc["run"] = {{"scenario", model.scenario().name},
                {"seed", model.scenario().simulation.seed},
                {"replications", replications}};
  const auto hits = std::count(d.of_interest.begin(), d.of_interest.end(), char{1});
  doc["condition"] = {{"text", d.condition.describe()},
                      {"replications_meeting_it", hits},
                      {"share", static_cast<double>(hits) / static_cast<double>(replications)}};
  const auto& uncertain = model.uncertain_inputs();
  nlohmann::ordered_json boxes = nlohmann::ordered_json::array();
  for (std::size_t b = 0; b < d.trajectory.size(); ++b) {
    const PrimBox& box = d.trajectory[b];
    nlohmann::ordered_json limits = nlohmann::ordered_json::object();
    for (std::size_t j = 0; j < uncertain.size(); ++j) {
      if (!box.restricts(j)) continue;
      limits[uncertain[j].name] = {
          {"lower", json_number(box.lower[j])},
          {"upper", json_number(box.upper[j])},
          {"density_without", json_number(density_without(box, j, d.inputs, d.of_interest))}};
    }
    boxes.push_back({{"box", b},
                     {"cases", box.cases},
                     {"hits", box.hits},
                     {"coverage", box.coverage},
                     {"density", box.density},
                     {"support", box.support},
                     {"restrictions", limits}});
  }
  doc["chosen_box"] = d.chosen;
  doc["trajectory"] = boxes;
  return doc.dump(2) + "\n";
}

std::string discover_csv(const Model& model, const Discovery& d) {
  const auto& uncertain = model.uncertain_inputs();
  std::vector<std::string> header{"box", "cases", "hits", "coverage", "density", "support"};
  for (const UncertainInput& u : uncertain) {
    header.push_back(u.name + ".lower");
    header.push_back(u.name + ".upper");
  }
  CsvWriter out(header);
  for (std::size_t b = 0; b < d.trajectory.size(); ++b) {
    const PrimBox& box = d.trajectory[b];
    out.count(b).count(box.cases).count(box.hits);
    out.number(box.coverage).number(box.density).number(box.support);
    // An unbounded side is an empty cell.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t j = 0; j < uncertain.size(); ++j) {
      out.number(std::isfinite(box.lower[j]) ? box.lower[j] : nan);
      out.number(std::isfinite(box.upper[j]) ? box.upper[j] : nan);
    }
    out.end_row();
  }
  return out.finish();
}

}  // namespace rollout
