#include "cli/cpu_check.hpp"

namespace rollout::cli {

// ROLLOUT_NEEDS_AVX2 is set by CMake when the rest of the program is built with AVX2 and FMA;
// this file itself is built without them.
const char* missing_instruction_set() {
#if defined(ROLLOUT_NEEDS_AVX2) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2")) return "AVX2";
  if (!__builtin_cpu_supports("fma")) return "FMA";
#endif
  return nullptr;
}

}  // namespace rollout::cli
