#include "cli/interrupt.hpp"

#include <csignal>

#include "rollout/common/error.hpp"

namespace rollout::cli {
namespace {

std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free,
              "the signal flag must be safe to set in a handler");

extern "C" void on_signal(int number) {
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

}  // namespace rollout::cli
