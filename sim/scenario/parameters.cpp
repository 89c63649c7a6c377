#include "rollout/scenario/parameters.hpp"

#include <fmt/format.h>

namespace rollout {

Inputs inputs_shaped_for(const Scenario& scenario) {
  Inputs in;
  const auto years = static_cast<std::size_t>(scenario.years());
  in.growth.by_year.assign(years, 0);
  in.row_growth.by_year.assign(years, 0);
  in.brands.resize(scenario.brands.size());
  in.formats.resize(scenario.plan.formats.size());
  return in;
}

std::vector<const Param*> Scenario::params() const {
  std::vector<const Param*> all;
  const Inputs shape = inputs_shaped_for(*this);
  visit_parameters(*this, shape, [&](const Param& p, const auto&) { all.push_back(&p); });
  return all;
}

bool Scenario::is_per_year(const Param* p) const {
  bool per_year = false;
  const Inputs shape = inputs_shaped_for(*this);
  visit_parameters(*this, shape, [&](const Param& param, const auto& field) {
    if (&param == p) per_year = std::is_same_v<std::decay_t<decltype(field)>, PerYear>;
  });
  return per_year;
}

std::vector<UncertainInput> uncertain_inputs(const Scenario& scenario) {
  std::vector<UncertainInput> inputs;
  const Inputs shape = inputs_shaped_for(scenario);
  visit_parameters(scenario, shape, [&](const Param& p, const auto& field) {
    if (p.is_fixed()) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(field)>, PerYear>) {
      for (std::size_t y = 0; y < field.by_year.size(); ++y)
        inputs.push_back({fmt::format("{}.y{}", p.name, y + 1), &p});
    } else {
      inputs.push_back({p.name, &p});
    }
  });
  return inputs;
}

}  // namespace rollout
