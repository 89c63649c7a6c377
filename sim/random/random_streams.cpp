#include "rollout/random/random_streams.hpp"

#include <Random123/boxmuller.hpp>

namespace rollout {

Normal4 ReplicationStreams::normals(Stream stream, int month, std::uint64_t slot) const {
  const auto bits = philox_(counter(stream, month, slot), key_);
  const r123::double2 a = r123::boxmuller(bits[0], bits[1]);
  const r123::double2 b = r123::boxmuller(bits[2], bits[3]);
  return Normal4{{a.x, a.y, b.x, b.y}};
}

double ReplicationStreams::normal(Stream stream, int month, std::uint64_t slot) const {
  const auto bits = philox_(counter(stream, month, slot), key_);
  return r123::boxmuller(bits[0], bits[1]).x;
}

}  // namespace rollout
