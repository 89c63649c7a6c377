#include "rollout/version.hpp"

namespace rollout {

std::string version() {
  return ROLLOUT_VERSION;
}

}  // namespace rollout
