#include "rollout/common/version.hpp"

namespace rollout {

std::string version() {
  return ROLLOUT_VERSION;
}

}  // namespace rollout
