#include "rollout/inputs/sampling_design.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <numeric>

namespace rollout {

double independent_uniform(const Model& model, const ReplicationStreams& streams,
                           std::size_t input) {
  return streams.uniform(Stream::inputs, 0, name_slot(model.uncertain_inputs()[input].name));
}

void independent_uniforms(const Model& model, const ReplicationStreams& streams,
                          std::span<double> out) {
  for (std::size_t j = 0; j < model.uncertain_inputs().size(); ++j)
    out[j] = independent_uniform(model, streams, j);
}

InputDesign::InputDesign(const Model& model, std::size_t first, std::size_t count)
    : model_(model),
      sampling_(model.scenario().simulation.sampling),
      first_(first),
      count_(count),
      inputs_(model.uncertain_inputs().size()) {
  for (const UncertainInput& u : model.uncertain_inputs())
    slots_.push_back(name_slot(u.name));
  const std::uint64_t seed = model.scenario().simulation.seed;
  if (sampling_ == Sampling::sobol && inputs_ > 0) {
    if (inputs_ > BOOST_RANDOM_SOBOL_MAX_DIMENSION) {
      throw InputError(fmt::format(
          "simulation.sampling is sobol, but {} has {} uncertain inputs and Sobol' points "
          "exist in at most {} dimensions",
          model.scenario().name, inputs_, BOOST_RANDOM_SOBOL_MAX_DIMENSION));
    }
    sobol_.emplace(static_cast<std::size_t>(inputs_));
    const ReplicationStreams design(seed, 0);
    for (const std::uint64_t slot : slots_)
      shifts_.push_back(design.bits(Stream::design, 0, slot));
  }
  if (sampling_ == Sampling::lhs && inputs_ > 0 && count_ > 0) {
    // Normal scores per replication and input, correlated like the inputs should be.
    std::vector<double> scores(count_ * inputs_), scratch;
    for (std::size_t i = 0; i < count_; ++i) {
      const ReplicationStreams streams(seed, first_ + i);
      const std::span<double> row(scores.data() + i * inputs_, inputs_);
      for (std::size_t j = 0; j < inputs_; ++j)
        row[j] = streams.normal(Stream::design, 1, slots_[j]);
      if (const GaussianCopula* copula = model.copula()) copula->correlate_normals(row, scratch);
    }
    // Each input's stratum is its score's rank; the position inside it is uniform.
    lhs_.assign(count_ * inputs_, 0);
    std::vector<std::size_t> order(count_);
    const double width = 1.0 / static_cast<double>(count_);
    for (std::size_t j = 0; j < inputs_; ++j) {
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double sa = scores[a * inputs_ + j], sb = scores[b * inputs_ + j];
        return sa < sb || (sa == sb && a < b);
      });
      for (std::size_t rank = 0; rank < count_; ++rank) {
        const std::size_t i = order[rank];
        const double jitter =
            ReplicationStreams(seed, first_ + i).uniform(Stream::design, 2, slots_[j]);
        // Inside (rank, rank + 1) / n, never on a stratum's edge.
        lhs_[i * inputs_ + j] =
            std::clamp((static_cast<double>(rank) + jitter) * width,
                       static_cast<double>(rank) * width, static_cast<double>(rank + 1) * width);
      }
    }
  }
}

void InputDesign::uniforms(std::uint64_t index, std::vector<double>& out,
                           std::vector<double>& scratch) const {
  out.resize(inputs_);
  switch (sampling_) {
    case Sampling::random:
      independent_uniforms(model_, ReplicationStreams(model_.scenario().simulation.seed, index),
                           out);
      break;
    case Sampling::lhs: {
      if (index < first_ || index - first_ >= count_) {
        throw InternalError(
            fmt::format("LHS design of replications {}..{} asked for replication {}", first_,
                        first_ + count_ - 1, index));
      }
      const double* row = lhs_.data() + (index - first_) * inputs_;
      std::copy(row, row + inputs_, out.begin());
      return;  // dependence is already in the strata
    }
    case Sampling::sobol: {
      if (inputs_ == 0) return;
      // Boost's sequence leaves out the all-zero first point of Sobol's: its point m is
      // point m + 1 of the sequence whose first 2^k points are balanced.
      boost::random::sobol engine = *sobol_;
      if (index > 0) engine.seed(index - 1);
      for (std::size_t j = 0; j < inputs_; ++j) {
        const std::uint64_t point = index > 0 ? static_cast<std::uint64_t>(engine()) : 0;
        out[j] = open_unit(point ^ shifts_[j]);
      }
      break;
    }
  }
  if (const GaussianCopula* copula = model_.copula()) copula->correlate_uniforms(out, scratch);
}

}  // namespace rollout
