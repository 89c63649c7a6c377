#pragma once
// Random numbers addressed by (seed, replication, stream, month, slot), docs/model.md "Random
// numbers".
//
// Philox4x64 (Random123) is a counter-based generator: its output is a pure function of
// a key and a counter. The key holds (seed, replication); the counter holds (stream,
// month, slot, draw). A draw therefore never depends on how many draws any other
// address made, nor on the thread or process that computes it, and two scenarios run
// with the same seed see the same numbers at the same addresses (common random numbers).

// philox.h sets up Random123's feature macros, which MicroURNG.hpp needs: keep it first.
#include <Random123/philox.h>

#include <Random123/MicroURNG.hpp>
#include <cstdint>
#include <string_view>

namespace rollout {

enum class Stream : std::uint64_t {
  inputs = 1,    // per-replication draws of uncertain inputs, slot = hash of the input's name
  demand = 2,    // national factor F and regional eps, slot = region block
  momentum = 3,  // xi, slot = hash of the brand's name
  row = 4,       // rest-of-world shock xr
  openings = 5,  // execution and format-split binomials, slot = (region x K + draw) / 4
  closures = 6,  // closure binomials, slot = (region x K + format) / 4, a lane each
  design = 7,    // sampling designs (LHS ranks and jitter, Sobol shifts), slot = input name
  analysis = 8,  // resampling in analyses (bootstrap), keyed by resample instead of replication
  backtest = 9,  // a backtest's PIT tie-breaks, keyed by observation row, slot = forecast origin
};

// FNV-1a, 64 bits: a stable slot for a name, the same on every platform and run.
constexpr std::uint64_t name_slot(std::string_view name) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// Uniform in the open interval (0, 1) from 64 random bits (53 of them used).
inline double open_unit(std::uint64_t bits) {
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53;
}

struct Normal4 {
  double v[4];
};

using Philox = r123::Philox4x64;

// The generator of one replication.
class ReplicationStreams {
 public:
  ReplicationStreams(std::uint64_t seed, std::uint64_t replication) : key_{{seed, replication}} {}

  // Month -1 exists (the shocks' start values), so months are stored shifted by one.
  Philox::ctr_type counter(Stream stream, int month, std::uint64_t slot,
                           std::uint64_t draw = 0) const {
    return {
        {static_cast<std::uint64_t>(stream), static_cast<std::uint64_t>(month + 1), slot, draw}};
  }

  // 64 random bits at (stream, month, slot).
  std::uint64_t bits(Stream stream, int month, std::uint64_t slot) const {
    return philox_(counter(stream, month, slot), key_)[0];
  }

  // 4 x 64 random bits at (stream, month, slot), one generator call: one address for each of up to
  // four draws that need one uniform each (docs/model.md allows several uniforms per call).
  // A nonzero `draw` addresses further words of such a draw (the normals' slow paths).
  Philox::ctr_type block(Stream stream, int month, std::uint64_t slot,
                         std::uint64_t draw = 0) const {
    return philox_(counter(stream, month, slot, draw), key_);
  }

  // One uniform in (0, 1) at (stream, month, slot).
  double uniform(Stream stream, int month, std::uint64_t slot) const {
    return open_unit(bits(stream, month, slot));
  }

  // Four independent standard normals at (stream, month, slot), one from each word of the call,
  // by Boost.Random's ziggurat (the rare draws that need more words take them at addresses of
  // their own: sim/random/random_streams.cpp).
  Normal4 normals(Stream stream, int month, std::uint64_t slot) const;
  // The first of normals(stream, month, slot), the same bits, for the draws that need one normal
  // at their address.
  double normal(Stream stream, int month, std::uint64_t slot) const;

  // A URBG for a variable number of draws at one address (binomials): its sequence is
  // a function of the address alone. At most 2^32 draws per address.
  r123::MicroURNG<Philox> engine(Stream stream, int month, std::uint64_t slot) const {
    auto c = counter(stream, month, slot);
    c[3] = 0;  // the high 32 bits of the last word count the draws
    return r123::MicroURNG<Philox>(c, key_);
  }

 private:
  Philox::key_type key_;
  Philox philox_;
};

}  // namespace rollout
