#include "rollout/analysis/prim.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "rollout/common/error.hpp"
#include "rollout/common/statistics.hpp"

namespace rollout {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct OpName {
  const char* text;
  Condition::Op op;
};
// Two-character operators first, so that "<=" is not read as "<".
constexpr OpName kOps[] = {{"==", Condition::Op::eq}, {"!=", Condition::Op::ne},
                           {"<=", Condition::Op::le}, {">=", Condition::Op::ge},
                           {"<", Condition::Op::lt},  {">", Condition::Op::gt}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool inside(const PrimBox& box, const std::vector<std::vector<double>>& inputs, std::size_t i,
            std::size_t skip = std::numeric_limits<std::size_t>::max()) {
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    if (j == skip) continue;
    const double x = inputs[j][i];
    if (x < box.lower[j] || x > box.upper[j]) return false;
  }
  return true;
}

void measure(PrimBox& box, const std::vector<std::size_t>& members,
             const std::vector<char>& of_interest, std::size_t total_hits, std::size_t n) {
  box.cases = members.size();
  box.hits = 0;
  for (const std::size_t i : members)
    box.hits += of_interest[i] != 0;
  box.coverage = static_cast<double>(box.hits) / static_cast<double>(total_hits);
  box.density = box.cases > 0 ? static_cast<double>(box.hits) / static_cast<double>(box.cases) : 0;
  box.support = static_cast<double>(box.cases) / static_cast<double>(n);
}

// Removing the cases below (or above) `cut` of one input.
struct Peel {
  std::size_t input = 0;
  bool lower = true;
  double cut = 0;
  bool strict = false;  // keep x > cut (x < cut) rather than x >= cut: ties at the cut go too
  std::size_t kept = 0, hits = 0;

  bool keeps(double x) const {
    return lower ? (strict ? x > cut : x >= cut) : (strict ? x < cut : x <= cut);
  }
  double density() const { return static_cast<double>(hits) / static_cast<double>(kept); }
};

// The peel of input j at one end: cut at the `alpha` quantile of the members' values;
// when ties there would make it remove nothing, cut strictly past them. Nothing when
// the peel would remove nothing or everything.
std::optional<Peel> candidate(const std::vector<std::size_t>& members,
                              const std::vector<double>& column,
                              const std::vector<char>& of_interest, std::size_t j, bool lower,
                              double alpha, std::vector<double>& scratch) {
  scratch.clear();
  for (const std::size_t i : members)
    scratch.push_back(column[i]);
  std::sort(scratch.begin(), scratch.end());
  Peel peel;
  peel.input = j;
  peel.lower = lower;
  peel.cut = percentile_sorted(scratch, 100 * (lower ? alpha : 1 - alpha));
  for (const bool strict : {false, true}) {
    peel.strict = strict;
    peel.kept = peel.hits = 0;
    for (const std::size_t i : members) {
      if (!peel.keeps(column[i])) continue;
      ++peel.kept;
      peel.hits += of_interest[i] != 0;
    }
    if (peel.kept < members.size()) break;
  }
  if (peel.kept == 0 || peel.kept == members.size()) return std::nullopt;
  return peel;
}

}  // namespace

bool Condition::holds(double x) const {
  if (std::isnan(x)) x = kInfinity;
  switch (op) {
    case Op::eq:
      return x == value;
    case Op::ne:
      return x != value;
    case Op::lt:
      return x < value;
    case Op::le:
      return x <= value;
    case Op::gt:
      return x > value;
    case Op::ge:
      return x >= value;
  }
  return false;
}

std::string Condition::describe() const {
  for (const OpName& o : kOps) {
    if (o.op == op) return fmt::format("{} {} {}", info(kpi).name, o.text, value);
  }
  return info(kpi).name;
}

Condition parse_condition(std::string_view text, std::optional<Kpi> kpi) {
  const auto bad = [&](const std::string& why) {
    return InputError(fmt::format("--when is '{}', but {}", text, why));
  };
  const std::string_view body = trim(text);
  std::size_t at = std::string_view::npos;
  const OpName* found = nullptr;
  for (const OpName& o : kOps) {
    const std::size_t p = body.find(o.text);
    if (p != std::string_view::npos && (at == std::string_view::npos || p < at ||
                                        (p == at && std::string_view(o.text).size() > 1))) {
      at = p;
      found = &o;
    }
  }
  if (found == nullptr)
    throw bad(
        "must be KPI OP NUMBER with OP one of ==, !=, <, <=, >, >= (e.g. 'target_by_deadline == "
        "0')");
  Condition c;
  c.op = found->op;
  const std::string_view name = trim(body.substr(0, at));
  const std::string_view number = trim(body.substr(at + std::string_view(found->text).size()));
  if (name.empty()) {
    if (!kpi) throw bad("names no KPI; write 'KPI OP NUMBER' or give --kpi");
    c.kpi = *kpi;
  } else {
    const auto named = kpi_named(name);
    if (!named) throw bad(fmt::format("'{}' is not a KPI{}", name, kpi_suggestion(name)));
    if (kpi && *kpi != *named)
      throw bad(fmt::format("it names {} while --kpi names {}", name, info(*kpi).name));
    c.kpi = *named;
  }
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), c.value);
  if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(c.value))
    throw bad(fmt::format("'{}' is not a number", number));
  return c;
}

bool PrimBox::restricts(std::size_t j) const {
  return lower[j] > -kInfinity || upper[j] < kInfinity;
}

std::vector<PrimBox> prim_peel(const std::vector<std::vector<double>>& inputs,
                               const std::vector<char>& of_interest, const PrimSettings& settings) {
  const std::size_t n = of_interest.size(), d = inputs.size();
  if (!(settings.peel > 0 && settings.peel < 0.5))
    throw InputError(
        fmt::format("the peeling share is {}, but must be in (0, 0.5)", settings.peel));
  if (!(settings.min_support > 0 && settings.min_support < 1)) {
    throw InputError(
        fmt::format("the minimum support is {}, but must be in (0, 1)", settings.min_support));
  }
  for (const auto& column : inputs) {
    if (column.size() != n) throw InternalError("prim_peel: every input needs one value per case");
  }
  const std::size_t total_hits =
      static_cast<std::size_t>(std::count(of_interest.begin(), of_interest.end(), char{1}));
  if (total_hits == 0) throw InputError("no replication meets the condition: nothing to discover");

  std::vector<std::size_t> members(n);
  for (std::size_t i = 0; i < n; ++i)
    members[i] = i;
  PrimBox box;
  box.lower.assign(d, -kInfinity);
  box.upper.assign(d, kInfinity);
  measure(box, members, of_interest, total_hits, n);
  std::vector<PrimBox> trajectory{box};
  const double min_cases = settings.min_support * static_cast<double>(n);

  std::vector<double> scratch;
  while (box.density < 1) {
    // The best peel: the highest density after it; on a tie, the one keeping more cases.
    std::optional<Peel> best;
    for (std::size_t j = 0; j < d; ++j) {
      for (const bool lower : {true, false}) {
        const auto peel =
            candidate(members, inputs[j], of_interest, j, lower, settings.peel, scratch);
        if (!peel || static_cast<double>(peel->kept) < min_cases) continue;
        if (!best || peel->density() > best->density() ||
            (peel->density() == best->density() && peel->kept > best->kept))
          best = peel;
      }
    }
    if (!best || best->density() <= box.density) break;
    std::vector<std::size_t> kept;
    double bound = best->lower ? kInfinity : -kInfinity;
    for (const std::size_t i : members) {
      const double x = inputs[best->input][i];
      if (!best->keeps(x)) continue;
      kept.push_back(i);
      bound = best->lower ? std::min(bound, x) : std::max(bound, x);
    }
    members = std::move(kept);
    (best->lower ? box.lower : box.upper)[best->input] = bound;
    measure(box, members, of_interest, total_hits, n);
    trajectory.push_back(box);
  }
  return trajectory;
}

double density_without(const PrimBox& box, std::size_t j,
                       const std::vector<std::vector<double>>& inputs,
                       const std::vector<char>& of_interest) {
  std::size_t cases = 0, hits = 0;
  for (std::size_t i = 0; i < of_interest.size(); ++i) {
    if (!inside(box, inputs, i, j)) continue;
    ++cases;
    hits += of_interest[i] != 0;
  }
  return cases > 0 ? static_cast<double>(hits) / static_cast<double>(cases) : 0;
}

}  // namespace rollout
