#include "cli/cpu_check.hpp"

namespace rollout::cli {

// ROLLOUT_NEEDS_AVX2 is set by CMake when the rest of the program is built with AVX2 and FMA
// (ROLLOUT_ARCH x86-64-v3 or v4), ROLLOUT_NEEDS_AVX512 when with the AVX-512 subsets of
// x86-64-v4; this file itself is built without them.
const char* missing_instruction_set() {
#if defined(ROLLOUT_NEEDS_AVX2) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2")) return "AVX2";
  if (!__builtin_cpu_supports("fma")) return "FMA";
#if defined(ROLLOUT_NEEDS_AVX512)
  if (!__builtin_cpu_supports("avx512f")) return "AVX-512F";
  if (!__builtin_cpu_supports("avx512bw")) return "AVX-512BW";
  if (!__builtin_cpu_supports("avx512cd")) return "AVX-512CD";
  if (!__builtin_cpu_supports("avx512dq")) return "AVX-512DQ";
  if (!__builtin_cpu_supports("avx512vl")) return "AVX-512VL";
#endif
#endif
  return nullptr;
}

}  // namespace rollout::cli
