#include "rollout/inputs/sampler.hpp"

#include "rollout/inputs/sampling_design.hpp"

namespace rollout {
InputSampler::InputSampler(const Model& model)
    : model_(model), inputs_(inputs_shaped_for(model.scenario())) {
  inputs_.uncertain_values.assign(model.uncertain_inputs().size(), 0);
  uniforms_.assign(model.uncertain_inputs().size(), 0.5);
  // Fixed values are set once here; only uncertain ones are drawn per replication, into
  // the fields listed here in uncertain_inputs() order (the same visit makes both lists).
  visit_parameters(model.scenario(), inputs_, [&](const auto& p, auto& field) {
    if constexpr (std::is_same_v<std::decay_t<decltype(field)>, PerYear>) {
      for (std::size_t y = 0; y < field.by_year.size(); ++y) {
        if (p.year(y).is_fixed()) {
          field.by_year[y] = p.year(y).fixed_value();
        } else {
          uncertain_targets_.push_back(&field.by_year[y]);
        }
      }
    } else if (p.is_fixed()) {
      field = p.fixed_value();
    } else {
      uncertain_targets_.push_back(&field);
    }
  });
  if (uncertain_targets_.size() != model.uncertain_inputs().size())
    throw InternalError("sampler: one target per uncertain input expected");
}

const Inputs& InputSampler::sample(const ReplicationStreams& streams) {
  independent_uniforms(model_, streams, uniforms_);
  if (const GaussianCopula* copula = model_.copula())
    copula->correlate_uniforms(uniforms_, scratch_);
  return from_uniforms(uniforms_);
}

const Inputs& InputSampler::from_uniforms(const std::vector<double>& uniforms) {
  const auto& uncertain = model_.uncertain_inputs();
  if (uniforms.size() != uncertain.size())
    throw InternalError("sampler: one uniform per uncertain input expected");
  for (std::size_t j = 0; j < uncertain.size(); ++j) {
    const double value = quantile(uncertain[j].param->distribution, uniforms[j]);
    inputs_.uncertain_values[j] = value;
    *uncertain_targets_[j] = value;
  }
  return inputs_;
}

}  // namespace rollout
