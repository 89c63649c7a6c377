// The economics of the focal network (docs/model.md, "Economics"): each month's operating
// result and its discounted sum, and the stores that lose money at the end. Only for a
// scenario with an economics block.

#include <cmath>

#include "engine/replication.hpp"

namespace rollout {

// Pi(t) = m_own Uown + m_3p (Uoff - Uown) + m_on Uon - sum_k (F_k n_k + C_k O_k + D_k X_k),
// summed over regions, with n_k after the month's closures; NPV discounts month t by
// (1 + r)^((t + 1) / 12), as its result arrives at the month's end.
void Replication::account_profit(int t) {
  const EconomicsInputs& e = in_->economics;
  double own_units = 0;
  for (std::size_t r = 0; r < R_; ++r)
    own_units += own_units_[r];
  double profit = e.own_store_margin * own_units +
                  e.third_party_margin * (focal_offline_ - own_units) +
                  e.online_margin * focal_online_;
  for (std::size_t k = 0; k < K_; ++k) {
    const FormatInputs& format = in_->formats[k];
    profit -= format.fixed_cost * static_cast<double>(format_stores_[k]) +
              format.capital_cost * static_cast<double>(format_openings_[k]) +
              format.closure_cost * static_cast<double>(format_closures_[k]);
  }
  profit_ = profit;
  discounted_profit_ += profit / std::pow(1 + e.discount_rate, (t + 1) / 12.0);
  // Counted in the last month itself: the cohorts age (and move) at its end.
  if (t + 1 == model_.months()) loss_making_end_ = loss_making_stores(t);
}

// A store of format k and age a in region r sells v_r(t) weight_k ramp_k(a) (times pi if it
// opened in the simulation); it loses money when m_own times that is strictly below F_k.
// Regions without own presence have no v_r and are not counted.
std::int64_t Replication::loss_making_stores(int t) const {
  const auto now = static_cast<std::size_t>(t);
  const double margin = in_->economics.own_store_margin;
  const double productivity = in_->new_store_productivity;
  std::int64_t losing = 0;
  for (std::size_t r = 0; r < R_; ++r) {
    const double v = last_v_[r];
    if (std::isnan(v)) continue;
    for (std::size_t k = 0; k < K_; ++k) {
      const FormatInputs& format = in_->formats[k];
      const double mature = v * format.presence_weight;
      auto loses = [&](double units) { return margin * units < format.fixed_cost; };
      const std::size_t first = matured(k, now);
      const std::int64_t* cohorts = &cohorts_[cohort(r, k, first)];
      if (loses(mature * initial_ramp_(k, now))) losing += cohorts[0];
      if (loses(mature * productivity)) losing += cohorts[1];
      for (std::size_t tau = first; tau <= now; ++tau) {
        const std::int64_t n = cohorts[2 + tau - first];
        if (n > 0 && loses(mature * ramp_(k, now - tau) * productivity)) losing += n;
      }
    }
  }
  return losing;
}

}  // namespace rollout
