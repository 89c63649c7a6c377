#pragma once

#include <string>

namespace rollout {

// The library's version, as in CMakeLists.txt (e.g. "0.1.0"); written into every summary.
std::string version();

}  // namespace rollout
