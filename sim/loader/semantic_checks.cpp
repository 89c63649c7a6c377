#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "loader/readers.hpp"

namespace rollout::loader {
namespace {

void check_focal_brand(const Scenario& s, const TreeNode& root, Diagnostics& diagnostics) {
  std::vector<const Brand*> focal;
  for (const Brand& b : s.brands) {
    if (b.focal) focal.push_back(&b);
  }
  if (focal.empty() && !s.brands.empty()) {
    const TreeNode* brands = root.find("brands");
    diagnostics.error(brands != nullptr ? brands->where : root.where, "brands",
                      "no brand has focal: true, but exactly one brand must be the focal brand");
  }
  for (std::size_t i = 1; i < focal.size(); ++i) {
    diagnostics.error(
        focal[i]->where, join_path(join_path("brands", focal[i]->name), "focal"),
        fmt::format("is true, but '{}' is already the focal brand; exactly one brand must be focal",
                    focal[0]->name));
  }
}

void check_store_sources(const Scenario& s, Diagnostics& diagnostics) {
  for (const Brand& b : s.brands) {
    if (!b.initial_stores) continue;
    for (const Region& r : s.regions) {
      const bool regional = std::any_of(r.initial_stores.begin(), r.initial_stores.end(),
                                        [&](const auto& entry) { return entry.first == b.name; });
      if (regional) {
        diagnostics.error(
            b.where, join_path(join_path("brands", b.name), "initial_stores"),
            fmt::format("is a national total, but region '{}' also gives {}'s stores; give "
                        "either the national total or per-region counts",
                        r.name, b.name));
        break;
      }
    }
  }
}

// Values of an input worth testing a monotone condition at: its ends and median.
std::vector<double> probe_values(const Param& p) {
  if (p.is_fixed()) return {p.fixed_value()};
  const Support sup = support(p.distribution);
  const double lo = std::isfinite(sup.lo) ? sup.lo : quantile(p.distribution, 1e-6);
  const double hi = std::isfinite(sup.hi) ? sup.hi : quantile(p.distribution, 1 - 1e-6);
  return {lo, quantile(p.distribution, 0.5), hi};
}

// Every brand needs a positive offline-share target (docs/model.md, "Set-up at month 0"). The
// target rises with the national offline share, so it is checked at the lowest share the inputs
// allow.
void check_implied_offline_shares(const Scenario& s, Diagnostics& diagnostics) {
  const double lowest_phi0 =
      std::clamp(support(s.market.offline_share.distribution).lo, 0.05, 0.95);
  double worst_national = 1;
  for (double exponent : probe_values(s.market.demand_weight_exponent)) {
    const std::vector<double> w = demand_weights(s.regions, exponent);
    double national = 0;
    for (std::size_t r = 0; r < s.regions.size(); ++r) {
      national += w[r] * std::clamp(s.regions[r].offline_share.value_or(lowest_phi0), 0.05, 0.95);
    }
    worst_national = std::min(worst_national, national);
  }
  for (const Brand& b : s.brands) {
    const double target = implied_offline_share(b, worst_national);
    if (target > 0) continue;
    diagnostics.error(
        b.where, join_path("brands", b.name),
        fmt::format(
            "implied offline share is {:.6g} = (market_share {:.6g} - (1 - {:.6g}) x online_share "
            "{:.6g}) / "
            "{:.6g}, with {:.6g} the lowest national offline share at the start; it must be > 0: "
            "raise market_share or lower online_share",
            target, b.market_share, worst_national, b.online_share, worst_national,
            worst_national));
  }
}

}  // namespace

// A growth rate given year by year needs one entry per simulated year, ceil(months / 12).
static void check_yearly_lengths(const Scenario& s, Diagnostics& diagnostics) {
  const auto years = static_cast<std::size_t>(s.years());
  auto check = [&](const YearlyParam& p, const char* path) {
    if (!p.listed || p.entries.empty() || p.entries.size() == years) return;
    diagnostics.error(p.where, path,
                      fmt::format("has {} entries, but must have one per simulated year: {} "
                                  "(months: {}, so ceil({} / 12) = {})",
                                  p.entries.size(), years, s.months, s.months, years));
  };
  check(s.market.growth_per_year, "market.growth_per_year");
  check(s.rest_of_world.growth_per_year, "rest_of_world.growth_per_year");
}

// The spatial shocks use a dense R x R Cholesky factor (docs/model.md, "1. Demand"): its
// memory grows as R^2 and its factorisation as R^3, once per run, or once per replication
// when spatial_dependence is uncertain. Beyond these sizes a run takes minutes before its
// first replication (or per replication); they are refused up front instead.
constexpr std::size_t kMaxRegions = 2000;             // 32 MB, a few seconds to factorise
constexpr std::size_t kMaxRegionsUncertainRho = 300;  // about 10 ms a replication

static void check_region_count(const Scenario& s, const TreeNode& root, Diagnostics& diagnostics) {
  const TreeNode* at = root.find("regions");
  if (at == nullptr) at = root.find("regions_file");
  const SourceLocation where = at != nullptr ? at->where : root.where;
  const Param& rho = s.market.shocks.spatial_dependence;
  if (s.regions.size() > kMaxRegions) {
    diagnostics.error(where, "regions",
                      fmt::format("has {} regions, but at most {} are allowed: the spatial shocks' "
                                  "factor is a dense matrix of regions x regions; group regions",
                                  s.regions.size(), kMaxRegions));
  } else if (s.regions.size() > kMaxRegionsUncertainRho && !rho.is_fixed()) {
    diagnostics.error(
        rho.where, rho.name,
        fmt::format("is uncertain with {} regions, but an uncertain spatial dependence refactors "
                    "the regions x regions shock matrix in every replication and is allowed with "
                    "at most {} regions; fix it, or group regions",
                    s.regions.size(), kMaxRegionsUncertainRho));
  }
}

void check_scenario(Scenario& s, const TreeNode& root, Diagnostics& diagnostics) {
  check_yearly_lengths(s, diagnostics);
  check_focal_brand(s, root, diagnostics);
  check_store_sources(s, diagnostics);
  check_region_count(s, root, diagnostics);
  // The implied shares combine many inputs; after an earlier error they would mislead.
  if (diagnostics.empty() && !s.regions.empty()) check_implied_offline_shares(s, diagnostics);
}

}  // namespace rollout::loader
