#pragma once
// The two kinds of failure the library reports. The CLI catches them once, in main:
// InputError (bad scenario, bad arguments) exits 2, InternalError exits 1.

#include <atomic>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rollout {

// Where a value came from: a file and a 1-based line and column (0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

// One problem with the input: `FILE:LINE:COL: key.path: message`.
// A piece of user text as a message may quote it: its first line, at most `max_bytes`
// (never cutting a UTF-8 character), "..." where cut. Messages quote tokens through it,
// so a file that is no scenario (`extends: /etc/passwd`) is never printed whole.
std::string excerpt(std::string_view text, std::size_t max_bytes = 40);

struct Diagnostic {
  SourceLocation where;
  std::string path;  // dotted key path, e.g. plan.execution_rate.beta.a
  std::string message;

  std::string to_string() const;
};

// Every problem found in an input, reported together.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(const std::string& message);  // one problem with no location
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A run stopped on request (SIGINT or SIGTERM); nothing was written.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number)
      : std::runtime_error("interrupted"), signal_number_(signal_number) {}
  int signal_number() const { return signal_number_; }

 private:
  int signal_number_;
};

// Throws Interrupted when `stop` (a signal number, 0 until one arrives) is set; a null `stop`
// never stops. Long loops call it every few milliseconds' work.
inline void throw_if_stopped(const std::atomic<int>* stop) {
  if (stop == nullptr) return;
  if (const int signal = stop->load(std::memory_order_relaxed); signal != 0)
    throw Interrupted(signal);
}

// A broken invariant inside the library: a bug, not the user's fault.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace rollout
