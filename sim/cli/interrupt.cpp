#include "cli/interrupt.hpp"

#include <time.h>

#include <csignal>
#include <cstdint>

#include "rollout/common/error.hpp"

namespace rollout::cli {
namespace {

std::atomic<int> received_signal{0};
std::atomic<std::int64_t> received_at_ns{0};  // CLOCK_MONOTONIC at the first signal
static_assert(std::atomic<int>::is_always_lock_free &&
                  std::atomic<std::int64_t>::is_always_lock_free,
              "the signal flag must be safe to set in a handler");

std::int64_t monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);  // async-signal-safe (POSIX), unlike std::chrono
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

extern "C" void on_signal(int number) {
  std::int64_t none = 0;
  received_at_ns.compare_exchange_strong(none, monotonic_ns());
  received_signal.store(number);
}

}  // namespace

const std::atomic<int>& interrupt_flag() {
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return true;
  }();
  (void)installed;
  return received_signal;
}

void throw_if_interrupted() {
  if (const int number = interrupt_flag().load(); number != 0) throw Interrupted(number);
}

std::optional<double> milliseconds_since_signal() {
  const std::int64_t at = received_at_ns.load();
  if (at == 0) return std::nullopt;
  return static_cast<double>(monotonic_ns() - at) / 1e6;
}

}  // namespace rollout::cli
