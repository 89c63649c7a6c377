// The month step of one replication, one function per step of docs/model.md,
// called in this order by Replication::simulate.

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include <Eigen/Core>

#include "engine/allocation.hpp"
#include "engine/replication.hpp"
#include "engine/shocks.hpp"
#include "random/binomial.hpp"

namespace rollout {
namespace {

// mixed(r, b) = density(r, b) + spill * (sum of density(n, b) over r's neighbours n, in their
// order) for the W brands from `first`. The sums are kept in a local array of a fixed size: a
// buffer of a run-time size would be cleared and copied by calls of memset and memmove for every
// region (perf: 4% of a whole run).
template <std::size_t W>
void mix_neighbours(const AlignedGrid& density, std::size_t r,
                    std::span<const std::size_t> neighbours, std::size_t first, double spill,
                    AlignedGrid& mixed) {
  std::array<double, W> around{};
  for (const std::size_t n : neighbours) {
    const double* values = &density(n, first);
    for (std::size_t j = 0; j < W; ++j)
      around[j] += values[j];
  }
  const double* own = &density(r, first);
  double* out = &mixed(r, first);
  for (std::size_t j = 0; j < W; ++j)
    out[j] = own[j] + spill * around[j];
}

}  // namespace

void Replication::draw_shocks(const ReplicationStreams& streams, int t) {
  draw_regional_innovations(streams, t, *factor_, in_->national_weight, eps_, correlated_eps_);
}

// Step 1, demand (docs/model.md): shocks, market size, offline share, momentum, RoW shock.
void Replication::draw_demand(const ReplicationStreams& streams, int t) {
  const Inputs& in = *in_;
  const double psi = in.persistence, carry = std::sqrt(1 - psi * psi);
  draw_shocks(streams, t);
  const double sigma = in.shock_sd;
  const double level = in.units_per_year / 12 * std::exp(log_growth_[static_cast<std::size_t>(t)]) *
                       model_.season(t);
  const double phi_shift = in.offline_share_drift * t / 12.0;
  for (std::size_t r = 0; r < R_; ++r) {
    shock_[r] = psi * shock_[r] + carry * correlated_eps_[r];
    shock_factor_[r] = sigma * shock_[r] - sigma * sigma / 2;
  }
  // The regions' exp(sigma Z - sigma^2 / 2) as one vectorised exp (docs/design.md, "Speed").
  Eigen::Map<Eigen::ArrayXd> shock_factor(shock_factor_.data(), static_cast<Eigen::Index>(R_));
  shock_factor = shock_factor.exp();
  for (std::size_t r = 0; r < R_; ++r) {
    market_[r] = level * weight_[r] * shock_factor_[r];
    offline_phi_[r] = std::clamp(base_offline_[r] + phi_shift, 0.05, 0.95);
  }
  for (std::size_t b = 0; b < B_; ++b) {
    if (t >= 1) {
      const double xi = streams.normal(Stream::momentum, t, model_.brand_slot(b));
      momentum_[b] += in.brands[b].momentum_sd / std::sqrt(12.0) * xi;
    }
    exp_momentum_[b] = std::exp(momentum_[b]);
  }
  row_shock_ = psi * row_shock_ + carry * streams.normal(Stream::row, t, 0);
}

// Step 2, openings: openings planned L months ago come due; each opens with probability e; the
// openings split over formats by a multinomial draw (sequential binomials).
//
// Draw j of region r is the execution draw (j = 0) or format j - 1's share of what is left
// (j >= 1; the last format takes the rest). All regions' draws j are made together, so that the
// binomials' start masses are one vectorised exp (docs/design.md, "Speed"). Random numbers: draw
// i = r * K + j takes lane i % 4 of the generator call at slot i / 4 (so one call serves the
// draws of several regions when K < 4); a draw whose mean is too large for inversion takes an
// engine of its own at slot kLargeDraw | i, an address no lane uses.
void Replication::open_due_stores(const ReplicationStreams& streams, int t) {
  constexpr std::uint64_t kLargeDraw = std::uint64_t{1} << 63;
  month_openings_ = 0;
  std::fill(format_openings_.begin(), format_openings_.end(), 0);
  const int lead = model_.scenario().plan.lead_time_months;
  if (t < lead) return;
  const auto planned_month = static_cast<std::size_t>(t - lead);
  const auto& formats = model_.scenario().plan.formats;
  for (std::size_t r = 0; r < R_; ++r) {
    const std::int64_t due = planned_(r, planned_month);
    pipeline_[r] -= due;
    opening_left_[r] = due;
  }
  // A call is made only where one of its draws' regions has openings due.
  const std::size_t draws = R_ * K_;
  for (std::size_t first = 0; first < draws; first += 4) {
    const std::size_t end = std::min(first + 4, draws);
    bool due = false;
    for (std::size_t i = first; i < end; ++i)
      due = due || opening_left_[i / K_] > 0;
    if (!due) continue;
    const Philox::ctr_type lanes = streams.block(Stream::openings, t, first / 4);
    for (std::size_t i = first; i < end; ++i)
      opening_uniforms_.data()[i] = open_unit(lanes[i - first]);
  }
  // Binomial(n_r, p) for every region r, as draw j; n_r = opening_left_[r]. The draws by inversion
  // walk side by side (binomial_inversion_walks); the others have uniform 0, which it leaves alone.
  const auto draw_all = [&](std::size_t j, double p) {
    const bool random_draws = p > 0 && p < 1;  // else every draw is 0 or all of n
    for (std::size_t r = 0; r < R_; ++r) {
      opening_trials_[r] = static_cast<double>(opening_left_[r]);
      opening_walk_uniforms_[r] =
          binomial_by_inversion(opening_left_[r], p) ? opening_uniforms_(r, j) : 0.0;
    }
    const auto regions = static_cast<Eigen::Index>(R_);
    if (random_draws) {
      binomial_start_masses(Eigen::Map<const Eigen::ArrayXd>(opening_trials_.data(), regions), p,
                            Eigen::Map<Eigen::ArrayXd>(opening_start_.data(), regions));
      std::fill(opening_odds_.begin(), opening_odds_.end(), binomial_rarer_odds(p));
      binomial_inversion_walks(opening_trials_, opening_odds_, opening_start_,
                               opening_walk_uniforms_, opening_rarer_);
    }
    for (std::size_t r = 0; r < R_; ++r) {
      const std::int64_t n = opening_left_[r];
      if (n <= 0 || p <= 0) {
        opening_drawn_[r] = 0;
      } else if (p >= 1) {
        opening_drawn_[r] = n;
      } else if (binomial_by_inversion(n, p)) {
        opening_drawn_[r] = binomial_from_rarer(n, p, static_cast<std::int64_t>(opening_rarer_[r]));
      } else {
        auto engine = streams.engine(Stream::openings, t, kLargeDraw | (r * K_ + j));
        opening_drawn_[r] = binomial(n, p, engine);
      }
    }
  };
  draw_all(0, in_->execution_rate);
  for (std::size_t r = 0; r < R_; ++r) {
    opening_left_[r] = opening_drawn_[r];
    month_openings_ += opening_drawn_[r];
  }
  double mix_left = 1;
  for (std::size_t k = 0; k < K_; ++k) {
    const bool last = k + 1 == K_;
    if (!last) draw_all(k + 1, std::min(1.0, formats[k].mix / mix_left));
    mix_left -= formats[k].mix;
    const std::size_t slot = 2 + static_cast<std::size_t>(t);
    for (std::size_t r = 0; r < R_; ++r) {
      const std::int64_t here = last ? opening_left_[r] : opening_drawn_[r];
      cohorts_[cohort(r, k, slot)] += here;
      format_open_(r, k) += here;
      ramping_stores_(r, k) += here;
      ramping_gap_(r, k) += static_cast<double>(here) * ramp_gap_(k, 0);
      format_openings_[k] += here;
      opening_left_[r] -= here;
    }
  }
}

// Step 3, closures: closures by format, with the hazard raised where last month's sales per unit of
// presence fell below break-even; taken from the cohorts by largest remainder.
//
// Random numbers: the draw of region r and format k, i = r * K + k, takes lane i % 4 of the
// generator call at slot i / 4 (one call serves several regions when K < 4); a draw whose mean
// is too large for inversion takes an engine of its own at slot kLargeDraw | i, an address no
// lane uses.
void Replication::close_stores(const ReplicationStreams& streams, int t) {
  constexpr std::uint64_t kLargeDraw = std::uint64_t{1} << 63;
  month_closures_ = 0;
  std::fill(format_closures_.begin(), format_closures_.end(), 0);
  const auto now = static_cast<std::size_t>(t);
  const double kappa = in_->underperformance_factor;
  for (std::size_t r = 0; r < R_; ++r) {
    const bool underperformance = t > 0 && !std::isnan(last_v_[r]);
    for (std::size_t k = 0; k < K_; ++k) {
      double hazard = base_hazard_[k];
      if (underperformance) {
        const FormatInputs& format = in_->formats[k];
        hazard *=
            1 + kappa * std::max(0.0, 1 - last_v_[r] * format.presence_weight / format.break_even);
      }
      closure_hazard_(r, k) = std::min(1.0, hazard);
      closure_trials_(r, k) = static_cast<double>(format_open_(r, k));
    }
  }
  const auto cells = static_cast<Eigen::Index>(R_ * K_);
  binomial_start_masses(Eigen::Map<const Eigen::ArrayXd>(closure_trials_.data(), cells),
                        Eigen::Map<const Eigen::ArrayXd>(closure_hazard_.data(), cells),
                        Eigen::Map<Eigen::ArrayXd>(closure_start_.data(), cells));
  binomial_rarer_odds(Eigen::Map<const Eigen::ArrayXd>(closure_hazard_.data(), cells),
                      Eigen::Map<Eigen::ArrayXd>(closure_odds_.data(), cells));
  // Every draw by inversion gets its uniform; the others a 0, which binomial_inversion_walks
  // leaves alone.
  Philox::ctr_type lanes{};
  for (std::size_t i = 0; i < R_ * K_; ++i) {
    if (i % 4 == 0) lanes = streams.block(Stream::closures, t, i / 4);
    const bool inversion = binomial_by_inversion(format_open_.data()[i], closure_hazard_.data()[i]);
    closure_uniforms_.data()[i] = inversion ? open_unit(lanes[i % 4]) : 0.0;
  }
  binomial_inversion_walks(closure_trials_.cells(), closure_odds_.cells(), closure_start_.cells(),
                           closure_uniforms_.cells(), closure_rarer_.cells());
  for (std::size_t r = 0; r < R_; ++r) {
    for (std::size_t k = 0; k < K_; ++k) {
      std::int64_t& open = format_open_(r, k);
      if (open == 0) continue;
      const double hazard = closure_hazard_(r, k);
      std::int64_t closing = 0;
      if (binomial_by_inversion(open, hazard)) {
        closing =
            binomial_from_rarer(open, hazard, static_cast<std::int64_t>(closure_rarer_(r, k)));
      } else {
        auto engine = streams.engine(Stream::closures, t, kLargeDraw | format_open_.index(r, k));
        closing = binomial(open, hazard, engine);
      }
      if (closing == 0) continue;
      open -= closing;
      month_closures_ += closing;
      format_closures_[k] += closing;
      // Initial, mature, then the ramping cohorts opened in months matured .. t; slot c >= 2 holds
      // the cohort aged now + 2 - first - c.
      const std::size_t first = matured(k, now), active = now + 3 - first;
      std::int64_t* cohorts = &cohorts_[cohort(r, k, first)];
      const std::span<const std::int64_t> sizes(cohorts, active);
      if (closing == 1) {  // the commonest case, without a pass over every cohort's share
        const std::size_t c = cohort_of_one_closure(sizes);
        cohorts[c] -= 1;
        if (c >= 2) leave_ramping(r, k, 1, now + 2 - first - c);
        continue;
      }
      const std::size_t losing =
          split_closures(closing, sizes, std::span<CohortClosures>(cohort_taken_.data(), active),
                         std::span<std::int64_t>(cohort_remainders_.data(), active));
      for (std::size_t i = 0; i < losing; ++i) {
        const auto [c, taken] = cohort_taken_[i];
        cohorts[c] -= taken;
        if (c >= 2) leave_ramping(r, k, taken, now + 2 - first - c);
      }
    }
  }
  focal_closures_[now] = month_closures_;
}

// Step 4, presence: presence of own stores, weighted by format and ramp; P_{r,b} for every brand.
void Replication::update_presence(int t) {
  const auto now = static_cast<std::size_t>(t);
  const std::size_t f = model_.focal();
  const double productivity = in_->new_store_productivity;
  std::fill(format_stores_.begin(), format_stores_.end(), 0);
  for (std::size_t r = 0; r < R_; ++r) {
    double presence = 0;
    std::int64_t count = 0;
    for (std::size_t k = 0; k < K_; ++k) {
      const std::int64_t* cohorts = &cohorts_[cohort(r, k, matured(k, now))];
      // The mature cohort has ramp weight 1, the ramping ones 1 - exp(-(a+1)/tau) at age a.
      const double opened =
          static_cast<double>(cohorts[1] + ramping_stores_(r, k)) - ramping_gap_(r, k);
      const std::int64_t in_format = format_open_(r, k);
      count += in_format;
      format_stores_[k] += in_format;
      presence += in_->formats[k].presence_weight *
                  (static_cast<double>(cohorts[0]) * initial_ramp_(k, now) + productivity * opened);
    }
    own_presence_[r] = presence;
    own_stores_[r] = count;
    const double pop = model_.population(r);
    for (std::size_t b = 0; b < B_; ++b) {
      const double own = b == f ? presence : stores_(r, b);
      presence_(r, b) = own + in_->brands[b].third_party_presence * pop;
    }
  }
}

// Step 5, shares and units: offline shares (MCI), online shares with halo, units; RoW units.
// The exponentials and logarithms run as Eigen array functions over all regions and brands at
// once (vectorised; docs/design.md, "Speed"), on Eigen's column-major brands x regions view of
// the row-major region x brand grids.
void Replication::compute_shares_and_units(int t) {
  using BrandsByRegions = Eigen::Map<Eigen::ArrayXXd>;
  using BrandColumn = Eigen::Map<const Eigen::ArrayXd>;
  const Inputs& in = *in_;
  const std::size_t f = model_.focal();
  const RegionGraph& g = model_.graph();
  const double gamma = in.store_elasticity, eta = in.halo_elasticity, nu = in.neighbour_spillover;
  const auto B = static_cast<Eigen::Index>(B_), R = static_cast<Eigen::Index>(R_);
  const BrandsByRegions presence(presence_.data(), B, R);
  BrandsByRegions density(density_.data(), B, R), offline(soff_.data(), B, R),
      online(son_.data(), B, R), scratch(share_scratch_.data(), B, R);
  const BrandColumn momentum(momentum_.data(), B);

  // A_{r,b} = q_b exp(m_b) P^gamma, as exp(log q_b + m_b + gamma log P).
  for (std::size_t b = 0; b < B_; ++b)
    brand_scratch_[b] = log_q_[b] + momentum_[b];
  // In separate passes: a broadcast inside exp() or log() would make Eigen fall back to scalar
  // calls.
  offline = presence.log();
  offline = offline * gamma;
  offline.colwise() += BrandColumn(brand_scratch_.data(), B);
  offline = offline.exp();

  // D_{r,b} = P / pop + nu * mean over neighbours of P / pop;
  // B_{r,b} = o_b exp(m_b + eta log(D / D0)).
  density = presence.rowwise() /
            Eigen::Map<const Eigen::ArrayXd>(model_.populations().data(), R).transpose();
  // Plain loops over a region's brands: Eigen's expressions on 8-value columns cost more in
  // set-up than in arithmetic here (perf: a fifth of this function).
  for (std::size_t r = 0; r < R_; ++r) {
    const std::span<const std::size_t> neighbours(g.neighbours_begin(r), g.neighbours_end(r));
    // Without neighbours the sums are 0 and mixed = own + 0 * 0 = own.
    const double spill = neighbours.empty() ? 0.0 : nu / static_cast<double>(neighbours.size());
    std::size_t b = 0;
    for (; b + 4 <= B_; b += 4)
      mix_neighbours<4>(density_, r, neighbours, b, spill, share_scratch_);
    for (; b < B_; ++b)
      mix_neighbours<1>(density_, r, neighbours, b, spill, share_scratch_);
  }
  // halo_base_ holds log D0; where D0 = 0 the ratio counts as 1 (no halo): the halo's
  // exponent is computed everywhere (NaN there), then set to 0 in a loop the compiler
  // vectorises, where Eigen's select would go value by value.
  const BrandsByRegions halo_base(halo_base_.data(), B, R);
  scratch = scratch.log();
  scratch = eta * (scratch - halo_base);
  for (std::size_t i = 0; i < share_scratch_.size(); ++i)
    share_scratch_.data()[i] = std::isnan(halo_base_.data()[i]) ? 0.0 : share_scratch_.data()[i];
  scratch.colwise() += momentum;
  online = scratch.exp();
  online.colwise() *= BrandColumn(online_base_.data(), B);

  focal_offline_ = focal_online_ = market_total_ = 0;
  std::fill(brand_market_units_.begin(), brand_market_units_.end(), 0.0);
  for (std::size_t r = 0; r < R_; ++r) {
    double offline_sum = 0, online_sum = 0;
    for (std::size_t b = 0; b < B_; ++b) {
      offline_sum += soff_(r, b);
      online_sum += son_(r, b);
    }
    const double offline_units = market_[r] * offline_phi_[r],
                 online_units = market_[r] - offline_units;
    for (std::size_t b = 0; b < B_; ++b) {
      soff_(r, b) /= offline_sum;
      son_(r, b) /= online_sum;
      brand_market_units_[b] += offline_units * soff_(r, b) + online_units * son_(r, b);
    }
    const double focal_soff = soff_(r, f), focal_presence = presence_(r, f);
    const double focal_offline = offline_units * focal_soff;
    focal_offline_ += focal_offline;
    focal_online_ += online_units * son_(r, f);
    market_total_ += market_[r];
    own_units_[r] = focal_offline * own_presence_[r] / focal_presence;
    last_v_[r] = own_presence_[r] > 0 ? own_units_[r] / own_presence_[r] : std::nan("");
    marginal_weight_[r] = offline_units * gamma * focal_soff * (1 - focal_soff) / focal_presence;
  }
  const auto now = static_cast<std::size_t>(t);
  const double row_level =
      std::exp(log_row_growth_[now]) * model_.season_row(t) *
      std::exp(in.row_shock_sd * row_shock_ - in.row_shock_sd * in.row_shock_sd / 2);
  row_focal_ = 0;
  // Global units count towards a calendar quarter only inside one.
  if (model_.starts_quarter(t)) {
    std::fill(quarter_units_.begin(), quarter_units_.end(), 0.0);
    std::fill(quarter_market_units_.begin(), quarter_market_units_.end(), 0.0);
  }
  for (std::size_t b = 0; b < B_; ++b) {
    const BrandInputs& brand = in.brands[b];
    const double row =
        brand.row_units / 3 * std::exp(brand.row_growth * t / 12.0) * exp_momentum_[b] * row_level;
    if (b == f) row_focal_ = row;
    quarter_units_[b] += brand_market_units_[b] + row;
    quarter_market_units_[b] += brand_market_units_[b];
  }
}

// The planner's closure allowance Chat(t) = floor(L * cbar(t) + 0.5), cbar(t) the mean
// focal closures of months max(0, t - 11) .. t (docs/model.md, "6. Planning"). In integers,
// so that no rounding error can move it: floor((2 L sum + n) / (2 n)).
std::int64_t Replication::closure_allowance(int t) const {
  if (model_.scenario().plan.closure_allowance == ClosureAllowance::none) return 0;
  const auto last = static_cast<std::size_t>(t);
  const std::size_t first = last >= 11 ? last - 11 : 0;
  std::int64_t seen = 0;
  for (std::size_t m = first; m <= last; ++m)
    seen += focal_closures_[m];
  const auto months = static_cast<std::int64_t>(last - first + 1);
  const std::int64_t lead = model_.scenario().plan.lead_time_months;
  return (2 * lead * seen + months) / (2 * months);
}

// At the end of the month: every cohort is a month older; the ramping cohort that reaches A_k
// joins the mature one, and the initial and mature cohorts move up one slot (see cohort()).
void Replication::age_cohorts(int t) {
  const auto next = static_cast<std::size_t>(t) + 1;
  for (std::size_t k = 0; k < K_; ++k) {
    if (next >= mature_age_[k]) {
      const std::size_t initial = next - mature_age_[k];  // its slot this month; matured(k, t)
      for (std::size_t r = 0; r < R_; ++r) {
        std::int64_t* slots = &cohorts_[cohort(r, k, initial)];
        if (slots[2] != 0) leave_ramping(r, k, slots[2], mature_age_[k] - 1);
        slots[2] += slots[1];
        slots[1] = slots[0];
        slots[0] = 0;
      }
    }
    for (std::size_t r = 0; r < R_; ++r)
      ramping_gap_(r, k) *= ramp_decay_[k];
  }
}

void Replication::leave_ramping(std::size_t r, std::size_t k, std::int64_t stores,
                                std::size_t age) {
  std::int64_t& left = ramping_stores_(r, k);
  left -= stores;
  // Exactly 0 without ramping stores, whatever rounding the updates left.
  ramping_gap_(r, k) =
      left == 0 ? 0.0 : ramping_gap_(r, k) - static_cast<double>(stores) * ramp_gap_(k, age);
}

// At the end of the month, after planning: S_{r,b}(t+1) = S_{r,b}(t) exp(mu_b / 12).
void Replication::grow_competitor_stores() {
  for (std::size_t r = 0; r < R_; ++r) {
    for (std::size_t b = 0; b < B_; ++b)
      stores_(r, b) *= store_growth_[b];
  }
}

// Step 6, planning: at the end of month t, plan openings for month t + L and allocate them to
// regions.
void Replication::plan_openings(int t) {
  const Plan& plan = model_.scenario().plan;
  std::int64_t open = 0, pipeline = 0;
  for (std::size_t r = 0; r < R_; ++r) {
    open += own_stores_[r];
    pipeline += pipeline_[r];
  }
  const double assumed = in_->planning_execution_rate;
  const std::int64_t expected_pipeline =
      static_cast<std::int64_t>(std::floor(assumed * static_cast<double>(pipeline) + 0.5));
  const std::int64_t gap = std::max<std::int64_t>(
      0, plan.target_stores - open + closure_allowance(t) - expected_pipeline);
  const bool planning =
      t < plan.deadline_month || plan.after_deadline == AfterDeadline::keep_target;
  if (!planning || gap == 0) return;
  // The smallest n with n * e-hat >= gap; the 1e-9 keeps rounding error from adding one.
  const auto needed =
      static_cast<std::int64_t>(std::ceil(static_cast<double>(gap) / assumed - 1e-9));
  const std::int64_t total =
      std::min(static_cast<std::int64_t>(std::floor(model_.capacity(t))), needed);
  if (total <= 0) return;
  for (std::size_t r = 0; r < R_; ++r) {
    alloc_headroom_[r] = model_.focal_capacity(r) - own_stores_[r] - pipeline_[r];
    switch (plan.allocation) {
      case Allocation::population:
        alloc_weight_[r] = model_.population(r);
        break;
      case Allocation::demand:
        alloc_weight_[r] = weight_[r];
        break;
      case Allocation::headroom:
        alloc_weight_[r] = static_cast<double>(std::max<std::int64_t>(0, alloc_headroom_[r]));
        break;
      case Allocation::marginal:
        alloc_weight_[r] = marginal_weight_[r];
        break;
      case Allocation::fixed:
        alloc_weight_[r] = plan.fixed_shares[r];
        break;
    }
  }
  allocate_openings(total, alloc_weight_, alloc_headroom_, alloc_out_,
                    std::span<char>(alloc_eligible_.data(), R_),
                    std::span<double>(alloc_remainders_.data(), R_));
  const auto now = static_cast<std::size_t>(t);
  for (std::size_t r = 0; r < R_; ++r) {
    planned_(r, now) = alloc_out_[r];
    pipeline_[r] += alloc_out_[r];
  }
}

}  // namespace rollout
