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

namespace {

template <class T>
constexpr bool kYearly = std::is_same_v<std::decay_t<T>, YearlyParam>;

}  // namespace

std::string YearlyParam::input_name(std::size_t y) const {
  return fmt::format("{}.y{}", name, y + 1);
}

std::vector<const Param*> Scenario::params() const {
  std::vector<const Param*> all;
  const Inputs shape = inputs_shaped_for(*this);
  visit_parameters(*this, shape, [&](const auto& p, const auto&) {
    if constexpr (kYearly<decltype(p)>) {
      for (const Param& entry : p.entries)
        all.push_back(&entry);
    } else {
      all.push_back(&p);
    }
  });
  return all;
}

bool Scenario::is_per_year(const Param* p) const {
  bool per_year = false;
  const Inputs shape = inputs_shaped_for(*this);
  visit_parameters(*this, shape, [&](const auto& param, const auto&) {
    if constexpr (kYearly<decltype(param)>) {
      if (!param.listed && &param.entries[0] == p) per_year = true;
    }
  });
  return per_year;
}

std::vector<UncertainInput> uncertain_inputs(const Scenario& scenario) {
  std::vector<UncertainInput> inputs;
  const Inputs shape = inputs_shaped_for(scenario);
  visit_parameters(scenario, shape, [&](const auto& p, const auto& field) {
    if constexpr (kYearly<decltype(p)>) {
      for (std::size_t y = 0; y < field.by_year.size(); ++y) {
        if (!p.year(y).is_fixed()) inputs.push_back({p.input_name(y), &p.year(y)});
      }
    } else if (!p.is_fixed()) {
      inputs.push_back({p.name, &p});
    }
  });
  return inputs;
}

}  // namespace rollout
