#include "rollout/inputs/sampler.hpp"

#include "rollout/inputs/sampling_design.hpp"

namespace rollout {
namespace {

// The fields of `in`, in the order of Scenario::params().
std::vector<double*> fields(Inputs& in) {
  std::vector<double*> f{&in.units_per_year,
                         &in.demand_weight_exponent,
                         nullptr,
                         &in.offline_share,
                         &in.offline_share_drift,
                         &in.shock_sd,
                         &in.national_weight,
                         &in.spatial_dependence,
                         &in.persistence,
                         nullptr,
                         &in.row_shock_sd};
  for (BrandInputs& b : in.brands) {
    f.insert(f.end(), {&b.third_party_presence, &b.store_growth, &b.row_units, &b.row_growth,
                       &b.momentum_sd});
  }
  f.insert(f.end(), {&in.store_elasticity, &in.halo_elasticity, &in.neighbour_spillover,
                     &in.planning_execution_rate, &in.execution_rate, &in.new_store_productivity,
                     &in.underperformance_factor});
  for (FormatInputs& k : in.formats) {
    f.insert(f.end(), {&k.presence_weight, &k.ramp_months, &k.closure_rate, &k.break_even});
  }
  return f;
}

}  // namespace

InputSampler::InputSampler(const Model& model) : model_(model) {
  const auto years = static_cast<std::size_t>(model.years());
  inputs_.growth_by_year.assign(years, 0);
  inputs_.row_growth_by_year.assign(years, 0);
  inputs_.brands.resize(model.brands());
  inputs_.formats.resize(model.formats());
  inputs_.uncertain_values.assign(model.uncertain_inputs().size(), 0);
  uniforms_.assign(model.uncertain_inputs().size(), 0.5);

  const Scenario& s = model.scenario();
  const std::vector<const Param*> params = s.params();
  std::vector<double*> targets = fields(inputs_);
  if (targets.size() != params.size())
    throw InternalError("sampler: inputs and params out of step");
  // Fixed values are set once here; only uncertain ones are drawn per replication.
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Param* p = params[i];
    if (model.is_per_year(p)) {
      std::vector<double>& by_year =
          p == &s.market.growth_per_year ? inputs_.growth_by_year : inputs_.row_growth_by_year;
      for (std::size_t y = 0; y < years; ++y) {
        if (p->is_fixed()) {
          by_year[y] = p->fixed_value();
        }
      }
    } else if (p->is_fixed()) {
      *targets[i] = p->fixed_value();
    }
  }
  // Targets of the uncertain inputs, in model.uncertain_inputs() order.
  std::size_t year = 0;
  const Param* previous = nullptr;
  for (const UncertainInput& u : model.uncertain_inputs()) {
    if (model.is_per_year(u.param)) {
      year = u.param == previous ? year + 1 : 0;
      std::vector<double>& by_year = u.param == &s.market.growth_per_year
                                         ? inputs_.growth_by_year
                                         : inputs_.row_growth_by_year;
      uncertain_targets_.push_back(&by_year[year]);
    } else {
      const auto at = std::find(params.begin(), params.end(), u.param) - params.begin();
      uncertain_targets_.push_back(targets[static_cast<std::size_t>(at)]);
    }
    previous = u.param;
  }
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
