#include <dlfcn.h>
#include <fmt/format.h>
#include <filesystem>
#include <string>
#include <system_error>

#include "analysis/evolution.hpp"
#include "rollout/common/error.hpp"

namespace rollout {
namespace {

constexpr const char* kModuleName = "librollout_pagmo.so";

// The module's entry point. The module stays loaded for the rest of the process (it is never
// closed): unloading pagmo and the threading library it brings could pull code from under a
// thread it started, and a second search in one process then finds it loaded.
EvolveFunction load_evolve() {
  std::error_code ignored;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ignored);
  for (const std::filesystem::path& folder :
       {program.parent_path(), program.parent_path().parent_path()}) {
    const std::filesystem::path module = folder / kModuleName;
    if (!std::filesystem::exists(module, ignored)) continue;
    void* handle = ::dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      throw InternalError(fmt::format("cannot load {}: {}", module.string(), ::dlerror()));
    }
    void* symbol = ::dlsym(handle, kEvolveSymbol);
    if (symbol == nullptr) {
      throw InternalError(fmt::format("{} has no {}", module.string(), kEvolveSymbol));
    }
    return reinterpret_cast<EvolveFunction>(symbol);
  }
  throw InternalError(
      fmt::format("the general search needs {}, built with the program, in the folder of the "
                  "rollout program ({}) or the one above it",
                  kModuleName, program.parent_path().string()));
}

}  // namespace

void evolve_with_pagmo(const EvolutionRequest& request) {
  load_evolve()(request);
}

}  // namespace rollout
