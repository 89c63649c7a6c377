#include "rollout/common/base64.hpp"

#include <openssl/evp.h>

#include <limits>

#include "rollout/common/error.hpp"

namespace rollout {

std::string base64(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 4 * 3))
    throw InternalError("base64: text too long to encode in one call");
  // Four characters per three bytes, rounded up, and the terminating zero EVP writes.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace rollout
