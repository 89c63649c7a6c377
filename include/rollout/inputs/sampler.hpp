#pragma once
// Per-replication draws of the uncertain inputs (docs/model.md, "Random numbers"). Each input's
// uniform comes from the `inputs` stream at the slot of its name, so adding or removing
// one input changes no other input's draw; the value is the inverse CDF at that uniform.

#include <vector>

#include "rollout/model/model.hpp"
#include "rollout/random/random_streams.hpp"
#include "rollout/scenario/parameters.hpp"

namespace rollout {

class InputSampler {
 public:
  explicit InputSampler(const Model& model);
  InputSampler(const InputSampler&) = delete;
  InputSampler& operator=(const InputSampler&) = delete;

  // Draws replication `streams`' inputs (the random design, with the scenario's rank
  // correlations) into the sampler's own Inputs and returns it.
  const Inputs& sample(const ReplicationStreams& streams);
  // Sets every input from given uniforms (one per uncertain input, in order): the hook
  // for stratified or quasi-random designs.
  const Inputs& from_uniforms(const std::vector<double>& uniforms);

 private:
  const Model& model_;
  Inputs inputs_;
  std::vector<double*> uncertain_targets_;  // where each uncertain input's value goes
  std::vector<double> uniforms_, scratch_;
};

}  // namespace rollout
