#include "rollout/common/sha256.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include "rollout/common/error.hpp"

namespace rollout {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw InternalError("SHA-256 of the resolved scenario failed (OpenSSL EVP_Digest)");
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i)
    hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace rollout
