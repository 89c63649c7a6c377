#pragma once
// The processor check at start-up: the binary is built for one x86-64 ISA level (CMake's
// ROLLOUT_ARCH, docs/design.md "Speed"), and on a processor without it the first vector
// instruction would kill the program with SIGILL. cpu_check.cpp is compiled for the baseline
// instruction set, so the check itself runs anywhere.

namespace rollout::cli {

// The name of an instruction set extension the build uses and this processor lacks, or nullptr.
const char* missing_instruction_set();

}  // namespace rollout::cli
