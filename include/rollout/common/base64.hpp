#pragma once

#include <string>
#include <string_view>

namespace rollout {

// Standard base64 (RFC 4648, with padding) via OpenSSL's libcrypto: a report's charts as
// data URIs that save as SVG files.
std::string base64(std::string_view bytes);

}  // namespace rollout
