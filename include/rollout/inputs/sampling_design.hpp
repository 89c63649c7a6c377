#pragma once
// Where each replication's uncertain inputs sit in the unit cube (docs/scenarios.md,
// `simulation.sampling`). A design hands out one uniform per uncertain input, with the
// scenario's rank correlations already applied; the sampler turns them into values by
// the inputs' inverse CDFs.
//
//   random  independent uniforms from the `inputs` stream, addressed by input name: a
//           replication's inputs depend on (seed, replication) alone.
//   lhs     Latin hypercube over the run's replications: each input has exactly one
//           draw in each of the n equal-probability strata. The strata are assigned by
//           ranking (correlated) normal scores, so rank correlations hold too (Iman and
//           Conover). Depends on (seed, replication, n): a run of another size differs.
//   sobol   Sobol' points (Boost.Random, Joe-Kuo directions) with a random digital
//           shift per input drawn from the seed: point i is replication i's, so runs
//           extend like random ones. Balanced at powers of two.

#include <cstdint>
#include <span>
#include <vector>

#include <boost/random/sobol.hpp>

#include "rollout/model/model.hpp"
#include "rollout/random/random_streams.hpp"

namespace rollout {

// The random design's independent uniforms of one replication (no dependence applied).
void independent_uniforms(const Model& model, const ReplicationStreams& streams,
                          std::span<double> out);
// The same for uncertain input `input` alone.
double independent_uniform(const Model& model, const ReplicationStreams& streams,
                           std::size_t input);

class InputDesign {
 public:
  // The design of replications first..first+count-1 (only LHS depends on the range).
  InputDesign(const Model& model, std::size_t first, std::size_t count);

  // Replication `index`'s uniforms, one per uncertain input, dependence applied.
  // `scratch` is the caller's, so that threads share the design.
  void uniforms(std::uint64_t index, std::vector<double>& out, std::vector<double>& scratch) const;

  Sampling sampling() const { return sampling_; }

 private:
  const Model& model_;
  Sampling sampling_;
  std::size_t first_ = 0, count_ = 0, inputs_ = 0;
  std::vector<std::uint64_t> slots_;  // name_slot of each uncertain input
  std::vector<double> lhs_;           // [replication - first][input]
  std::vector<std::uint64_t> shifts_;
  std::optional<boost::random::sobol> sobol_;
};

}  // namespace rollout
