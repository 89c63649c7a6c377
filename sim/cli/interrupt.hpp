#pragma once
// SIGINT and SIGTERM stop a run cleanly: the handler only records the signal in a flag
// that the runner polls between replications. A signal handler can touch nothing but
// such a lock-free atomic, which is why this one piece of process-wide state exists.

#include <atomic>
#include <optional>

namespace rollout::cli {

// Installs the handlers (once) and returns the flag: 0, or the number of the signal.
const std::atomic<int>& interrupt_flag();

// Throws Interrupted if a signal has arrived: called before any output is written.
void throw_if_interrupted();

// Milliseconds from the signal's arrival (as the handler saw it) to now: the stop latency
// that the interrupted message reports, so that a test can check it from the process's own
// account rather than from a clock outside it.
std::optional<double> milliseconds_since_signal();  // none: no signal reached this process

}  // namespace rollout::cli
