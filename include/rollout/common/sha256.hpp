#pragma once

#include <string>

namespace rollout {

// Hex SHA-256 of a text (the resolved scenario), via OpenSSL's libcrypto.
std::string sha256_hex(const std::string& text);

}  // namespace rollout
