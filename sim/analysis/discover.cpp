#include "rollout/analysis/discover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "rollout/results/csv_writer.hpp"

namespace rollout {

std::size_t default_box(const std::vector<PrimBox>& trajectory) {
  std::size_t chosen = 0;
  for (std::size_t b = 0; b < trajectory.size(); ++b) {
    if (trajectory[b].coverage >= 0.5) chosen = b;
  }
  return chosen;
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
