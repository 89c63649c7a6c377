#include "rollout/random/random_streams.hpp"

#include <boost/random/normal_distribution.hpp>
#include <limits>

namespace rollout {

namespace {

// The random words of the normal in lane `lane` of the call at (stream, month, slot), as a
// URBG for Boost.Random's ziggurat: first the lane's own word, which is all that 97% of
// draws use; then, for the rest, words from calls at the draw word (call << 32) | (lane + 1),
// which block(), normal(), normals() and engine() never use (the low half of their draw word
// is 0). Every normal therefore keeps its own addresses (docs/model.md, "Random numbers").
class NormalWords {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  NormalWords(std::uint64_t first, const ReplicationStreams& streams, Stream stream, int month,
              std::uint64_t slot, unsigned lane)
      : first_(first),
        streams_(streams),
        stream_(stream),
        month_(month),
        slot_(slot),
        lane_(lane) {}

  result_type operator()() {
    if (used_ == 0) {
      used_ = 4;
      return first_;
    }
    if (used_ == 4) {
      words_ = streams_.block(stream_, month_, slot_, (calls_ << 32) | (lane_ + 1));
      ++calls_;
      used_ = 0;
    }
    return words_[used_++];
  }

 private:
  std::uint64_t first_;
  const ReplicationStreams& streams_;
  Stream stream_;
  int month_;
  std::uint64_t slot_;
  std::uint64_t lane_;
  std::uint64_t calls_ = 0;
  unsigned used_ = 0;  // 0: the first word is next; 4: a new call is next
  Philox::ctr_type words_{};
};

// Boost's normal_distribution<double>() returns the unit ziggurat's value times 1 plus 0:
// the value itself.
double standard_normal(NormalWords& words) {
  return boost::random::normal_distribution<double>()(words);
}

}  // namespace

Normal4 ReplicationStreams::normals(Stream stream, int month, std::uint64_t slot) const {
  const auto bits = block(stream, month, slot);
  Normal4 out;
  for (unsigned lane = 0; lane < 4; ++lane) {
    NormalWords words(bits[lane], *this, stream, month, slot, lane);
    out.v[lane] = standard_normal(words);
  }
  return out;
}

double ReplicationStreams::normal(Stream stream, int month, std::uint64_t slot) const {
  NormalWords words(bits(stream, month, slot), *this, stream, month, slot, 0);
  return standard_normal(words);
}

}  // namespace rollout
