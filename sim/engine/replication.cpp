// One replication: set-up of the initial state with calibration (docs/model.md, "Set-up at month
// 0"), the month loop, and what it records (docs/model.md, "Outputs of one replication"). The
// month's sub-steps are in replication_month.cpp.

#include "engine/replication.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/allocation.hpp"
#include "engine/calibration.hpp"

namespace rollout {

namespace {
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
}

Replication::Replication(const Model& model)
    : model_(model),
      sampler_(model),
      R_(model.regions()),
      B_(model.brands()),
      K_(model.formats()),
      C_(static_cast<std::size_t>(model.months()) + 2),
      T_(static_cast<std::size_t>(model.months())) {
  weight_.resize(R_);
  base_offline_.resize(R_);
  log_growth_.resize(T_);
  log_row_growth_.resize(T_);
  ramp_.resize(K_, T_);
  initial_ramp_.resize(K_, T_);
  ramp_gap_.resize(K_, T_);
  ramp_decay_.resize(K_);
  base_hazard_.resize(K_);
  mature_age_.resize(K_);
  store_growth_.resize(B_);
  log_q_.resize(B_);
  online_base_.resize(B_);
  cohorts_.resize(R_ * K_ * C_);
  format_open_.resize(R_, K_);
  ramping_stores_.resize(R_, K_);
  ramping_gap_.resize(R_, K_);
  closure_hazard_.resize(R_, K_);
  closure_trials_.resize(R_, K_);
  closure_start_.resize(R_, K_);
  closure_odds_.resize(R_, K_);
  closure_uniforms_.resize(R_, K_);
  closure_rarer_.resize(R_, K_);
  planned_.resize(R_, T_);
  opening_left_.resize(R_);
  opening_drawn_.resize(R_);
  opening_trials_.resize(R_);
  opening_start_.resize(R_);
  opening_odds_.resize(R_);
  opening_walk_uniforms_.resize(R_);
  opening_rarer_.resize(R_);
  opening_uniforms_.resize(R_, K_);
  pipeline_.resize(R_);
  focal_closures_.resize(T_);
  stores_.resize(R_, B_);
  shock_.resize(R_);
  eps_.resize(R_);
  correlated_eps_.resize(R_);
  momentum_.resize(B_);
  exp_momentum_.resize(B_);
  last_v_.resize(R_);
  market_.resize(R_);
  shock_factor_.resize(R_);
  offline_phi_.resize(R_);
  presence_.resize(R_, B_);
  density_.resize(R_, B_);
  share_scratch_.resize(R_, B_);
  brand_scratch_.resize(B_);
  own_presence_.resize(R_);
  soff_.resize(R_, B_);
  son_.resize(R_, B_);
  halo_base_.resize(R_, B_);
  own_units_.resize(R_);
  marginal_weight_.resize(R_);
  own_stores_.resize(R_);
  brand_market_units_.resize(B_);
  quarter_units_.resize(B_);
  quarter_market_units_.resize(B_);
  alloc_weight_.resize(R_);
  alloc_headroom_.resize(R_);
  alloc_out_.resize(R_);
  alloc_eligible_.resize(std::max(R_, K_));
  alloc_remainders_.resize(std::max(R_, K_));
  cohort_taken_.resize(C_);
  cohort_remainders_.resize(C_);
  format_split_.resize(K_);
  format_openings_.resize(K_);
  format_closures_.resize(K_);
  format_stores_.resize(K_);
  calibration_scratch_.resize(B_);
  calibration_weight_.resize(R_);
  offline_target_.resize(B_);
  presence_gamma_.resize(R_, B_);
  for (const StoreFormat& format : model.scenario().plan.formats)
    initial_mix_.push_back(format.initial_mix);
}

void Replication::run(std::uint64_t index, OutcomeRow out, const MonthObserver* observer) {
  const ReplicationStreams streams(model_.scenario().simulation.seed, index);
  index_ = index;
  in_ = &sampler_.sample(streams);
  simulate(streams, out, observer);
}

void Replication::run_with_uniforms(std::uint64_t index, const std::vector<double>& uniforms,
                                    OutcomeRow out, const MonthObserver* observer) {
  const ReplicationStreams streams(model_.scenario().simulation.seed, index);
  index_ = index;
  in_ = &sampler_.from_uniforms(uniforms);
  simulate(streams, out, observer);
}

void Replication::simulate(const ReplicationStreams& streams, OutcomeRow out,
                           const MonthObserver* observer) {
  set_up_initial_state(streams);
  const int months = model_.months();
  for (int t = 0; t < months; ++t) {
    draw_demand(streams, t);
    open_due_stores(streams, t);
    close_stores(streams, t);
    update_presence(t);
    compute_shares_and_units(t);
    if (model_.scenario().economics) account_profit(t);
    check_finite(t);
    plan_openings(t);
    record_month(t, out);
    if (observer != nullptr) {
      (*observer)(MonthView{t, brand_market_units_, soff_, son_, shock_, momentum_, log_q_,
                            own_stores_, stores_, presence_});
    }
    if (model_.ends_quarter(t)) record_quarter(model_.quarter_of(t), out);
    age_cohorts(t);
    grow_competitor_stores();
  }
  record_kpis(out);
  std::copy(in_->uncertain_values.begin(), in_->uncertain_values.end(), out.inputs);
}

// Splits a national total over regions by demand weight, largest remainder.
void Replication::spread_stores(std::int64_t total, std::span<std::int64_t> out) {
  std::fill(out.begin(), out.end(), 0);
  std::fill(alloc_eligible_.begin(), alloc_eligible_.begin() + static_cast<std::ptrdiff_t>(R_), 1);
  add_largest_remainder(total, weight_, std::span<const char>(alloc_eligible_.data(), R_), out,
                        std::span<double>(alloc_remainders_.data(), R_));
}

void Replication::set_up_initial_state(const ReplicationStreams& streams) {
  set_demand_weights();
  set_growth_paths();
  set_ramps_and_hazards();
  place_initial_stores();
  start_shocks_and_totals(streams);
  update_presence(0);
  calibrate_attractions();
}

// Demand weights w_r (normalised to sum 1) and the offline shares' starting points.
void Replication::set_demand_weights() {
  const Scenario& s = model_.scenario();
  double population = 0, gdp_population = 0;
  for (const Region& r : s.regions) {
    population += r.population_millions;
    gdp_population += r.population_millions * r.gdp_per_capita;
  }
  const double mean_gdp = gdp_population / population;
  double weight_sum = 0;
  for (std::size_t r = 0; r < R_; ++r) {
    const Region& region = s.regions[r];
    weight_[r] = region.population_millions *
                 std::pow(region.gdp_per_capita / mean_gdp, in_->demand_weight_exponent);
    weight_sum += weight_[r];
    base_offline_[r] = region.offline_share.value_or(in_->offline_share);
  }
  for (double& w : weight_)
    w /= weight_sum;
}

// Log growth of the market and of RoW up to each month (Growth(t), Grow(t)): the yearly
// draws compounded, linearly in the log within a year.
void Replication::set_growth_paths() {
  const Inputs& in = *in_;
  for (std::size_t t = 0; t < T_; ++t) {
    const std::size_t year = t / 12;
    double g = 0, row = 0;
    for (std::size_t y = 0; y < year; ++y) {
      g += in.growth[y];
      row += in.row_growth[y];
    }
    const double part = static_cast<double>(t % 12) / 12.0;
    log_growth_[t] = g + in.growth[year] * part;
    log_row_growth_[t] = row + in.row_growth[year] * part;
  }
}

// Ramp weights by age and of the initial cohort by month, the age A_k at which a cohort
// matures, the monthly closure hazards h_k, and the competitors' monthly store growth.
void Replication::set_ramps_and_hazards() {
  const Inputs& in = *in_;
  const auto& a0 = model_.scenario().plan.initial_store_age_months;
  for (std::size_t k = 0; k < K_; ++k) {
    const double tau = in.formats[k].ramp_months;
    const double mature_age = std::ceil(5 * tau);
    // Past the horizon no cohort matures; the bound also keeps the conversion defined.
    mature_age_[k] = static_cast<std::size_t>(std::min(mature_age, static_cast<double>(T_ + 1)));
    auto ramp = [&](double age) {
      return age >= mature_age ? 1.0 : 1.0 - std::exp(-(age + 1) / tau);
    };
    ramp_decay_[k] = std::exp(-1 / tau);
    for (std::size_t a = 0; a < T_; ++a) {
      ramp_(k, a) = ramp(static_cast<double>(a));
      ramp_gap_(k, a) = std::exp(-(static_cast<double>(a) + 1) / tau);
      initial_ramp_(k, a) = a0 ? ramp(static_cast<double>(*a0 + static_cast<int>(a))) : 1.0;
    }
    base_hazard_[k] = 1 - std::pow(1 - in.formats[k].closure_rate, 1.0 / 12);
  }
  for (std::size_t b = 0; b < B_; ++b)
    store_growth_[b] = std::exp(in.brands[b].store_growth / 12);
}

// Initial stores (docs/model.md, "Set-up at month 0"): competitors as real counts by region,
// the focal brand's as one cohort per region, split over formats by initial_mix.
void Replication::place_initial_stores() {
  const std::size_t f = model_.focal();
  std::fill(cohorts_.begin(), cohorts_.end(), 0);
  std::fill(ramping_stores_.begin(), ramping_stores_.end(), 0);
  std::fill(ramping_gap_.begin(), ramping_gap_.end(), 0.0);
  std::fill(planned_.begin(), planned_.end(), 0);
  std::fill(pipeline_.begin(), pipeline_.end(), 0);
  std::fill(focal_closures_.begin(), focal_closures_.end(), 0);
  for (std::size_t b = 0; b < B_; ++b) {
    if (model_.has_regional_stores(b)) {
      for (std::size_t r = 0; r < R_; ++r)
        alloc_out_[r] = model_.regional_stores(r, b);
    } else {
      spread_stores(model_.national_stores(b), alloc_out_);
    }
    for (std::size_t r = 0; r < R_; ++r)
      stores_(r, b) = static_cast<double>(alloc_out_[r]);
  }
  for (std::size_t r = 0; r < R_; ++r) {
    std::fill(format_split_.begin(), format_split_.end(), 0);
    std::fill(alloc_eligible_.begin(), alloc_eligible_.begin() + static_cast<std::ptrdiff_t>(K_),
              1);
    add_largest_remainder(static_cast<std::int64_t>(stores_(r, f)), initial_mix_,
                          std::span<const char>(alloc_eligible_.data(), K_),
                          std::span<std::int64_t>(format_split_.data(), K_),
                          std::span<double>(alloc_remainders_.data(), K_));
    for (std::size_t k = 0; k < K_; ++k) {
      cohorts_[cohort(r, k, 0)] = format_split_[k];
      format_open_(r, k) = format_split_[k];
    }
    stores_(r, f) = 0;  // the focal brand's stores live in the cohorts
  }
}

// Shocks start at Z(-1) = Y(-1); momentum at 0; no v_r before month 0; every total at 0.
void Replication::start_shocks_and_totals(const ReplicationStreams& streams) {
  if (model_.fixed_spatial_factor()) {
    factor_ = &*model_.fixed_spatial_factor();
  } else {
    own_factor_ = model_.graph().correlation_factor(in_->spatial_dependence);
    factor_ = &own_factor_;
  }
  draw_shocks(streams, -1);
  for (std::size_t r = 0; r < R_; ++r)
    shock_[r] = correlated_eps_[r];
  row_shock_ = streams.normal(Stream::row, -1, 0);
  std::fill(momentum_.begin(), momentum_.end(), 0.0);
  std::fill(last_v_.begin(), last_v_.end(), kMissing);
  focal_market_total_ = row_total_ = discounted_profit_ = 0;
  openings_total_ = closures_total_ = 0;
  std::fill(quarter_units_.begin(), quarter_units_.end(), 0.0);
  std::fill(quarter_market_units_.begin(), quarter_market_units_.end(), 0.0);
}

void Replication::calibrate_attractions() {
  const Scenario& s = model_.scenario();
  const double gamma = in_->store_elasticity;
  std::vector<double>& region_weight = calibration_weight_;
  double national_offline = 0;
  for (std::size_t r = 0; r < R_; ++r) {
    const double phi = std::clamp(base_offline_[r], 0.05, 0.95);
    region_weight[r] = weight_[r] * phi;
    national_offline += region_weight[r];
    for (std::size_t b = 0; b < B_; ++b)
      presence_gamma_(r, b) = std::pow(presence_(r, b), gamma);
  }
  std::vector<double>& target = offline_target_;
  for (std::size_t b = 0; b < B_; ++b) {
    target[b] = implied_offline_share(s.brands[b], national_offline);
    if (!(target[b] > 0)) {
      throw InputError(
          fmt::format("brands.{}: implied offline share is {:.6g} with the drawn national offline "
                      "share {:.6g}, but must be > 0",
                      s.brands[b].name, target[b], national_offline));
    }
    online_base_[b] = s.brands[b].online_share;
  }
  const CalibrationProblem problem{R_, B_, region_weight, presence_gamma_, target};
  calibrate(problem, log_q_, calibration_scratch_);
  for (double& q : log_q_)
    q = std::log(q);

  // The halo's reference density D_{r,b}(0) on the initial state.
  const double nu = in_->neighbour_spillover;
  const RegionGraph& g = model_.graph();
  for (std::size_t r = 0; r < R_; ++r) {
    for (std::size_t b = 0; b < B_; ++b) {
      double around = 0;
      for (const std::size_t* n = g.neighbours_begin(r); n != g.neighbours_end(r); ++n) {
        around += presence_(*n, b) / model_.population(*n);
      }
      const double deg = static_cast<double>(g.degree(r));
      const double base =
          presence_(r, b) / model_.population(r) + (deg > 0 ? nu * around / deg : 0);
      // Kept as a log for the halo's one exponential; where D(0) = 0 the ratio counts as 1.
      halo_base_(r, b) = base > 0 ? std::log(base) : kMissing;
    }
  }
}

void Replication::check_finite(int t) const {
  auto fail = [&](const std::string& region, const std::string& series, double value) {
    throw InputError(
        fmt::format("replication {}, month {} ({}), region {}: {} is {}: an overflow or a division "
                    "by zero inside the model; "
                    "check the scale of the inputs (units, growth rates, elasticities)",
                    index_, t, model_.month_label(t), region, series, value));
  };
  // The usual case first, as one vectorised test of every value: x * 0 is 0 for every finite
  // x and NaN otherwise, and a NaN makes the sum NaN. Only a failure looks for the culprit.
  const auto zero_if_all_finite = [](std::span<const double> values) {
    return (Eigen::Map<const Eigen::ArrayXd>(values.data(),
                                             static_cast<Eigen::Index>(values.size())) *
            0.0)
        .sum();
  };
  if (std::isfinite(profit_) && zero_if_all_finite(market_) + zero_if_all_finite(own_units_) +
                                        zero_if_all_finite(soff_.cells()) +
                                        zero_if_all_finite(son_.cells()) +
                                        zero_if_all_finite(quarter_units_) ==
                                    0)
    return;
  const auto& regions = model_.scenario().regions;
  const auto& brands = model_.scenario().brands;
  for (std::size_t r = 0; r < R_; ++r) {
    if (!std::isfinite(market_[r])) fail(regions[r].name, "market units", market_[r]);
    if (!std::isfinite(own_units_[r])) fail(regions[r].name, "own-store units", own_units_[r]);
    for (std::size_t b = 0; b < B_; ++b) {
      const double off = soff_(r, b), on = son_(r, b);
      if (!std::isfinite(off)) fail(regions[r].name, "offline share of " + brands[b].name, off);
      if (!std::isfinite(on)) fail(regions[r].name, "online share of " + brands[b].name, on);
    }
  }
  if (!std::isfinite(profit_)) fail("(all)", "the focal network's profit", profit_);
  for (std::size_t b = 0; b < B_; ++b) {
    if (!std::isfinite(quarter_units_[b]))
      fail("(all)", "global units of " + brands[b].name, quarter_units_[b]);
  }
}

void Replication::record_month(int t, OutcomeRow out) {
  const auto T = T_;
  const auto at = static_cast<std::size_t>(t);
  std::int64_t stores = 0, pipeline = 0;
  for (std::size_t r = 0; r < R_; ++r) {
    stores += own_stores_[r];
    pipeline += pipeline_[r];
  }
  double own_units = 0;
  for (std::size_t r = 0; r < R_; ++r)
    own_units += own_units_[r];
  const double focal_total = focal_offline_ + focal_online_;
  auto set = [&](Monthly m, double v) { out.monthly[static_cast<std::size_t>(m) * T + at] = v; };
  set(Monthly::stores, static_cast<double>(stores));
  set(Monthly::openings, static_cast<double>(month_openings_));
  set(Monthly::closures, static_cast<double>(month_closures_));
  set(Monthly::pipeline, static_cast<double>(pipeline));
  set(Monthly::offline_units, focal_offline_);
  set(Monthly::online_units, focal_online_);
  set(Monthly::offline_mix, focal_total > 0 ? focal_offline_ / focal_total : 0);
  set(Monthly::market_share, market_total_ > 0 ? focal_total / market_total_ : 0);
  set(Monthly::units_per_store, stores > 0 ? own_units / static_cast<double>(stores) : 0);
  set(Monthly::market_units, market_total_);
  if (model_.scenario().economics) {
    set(Monthly::profit, profit_);
    set(Monthly::discounted_profit_sum, discounted_profit_);
  }
  focal_market_total_ += focal_total;
  row_total_ += row_focal_;
  openings_total_ += month_openings_;
  closures_total_ += month_closures_;
  const std::size_t stride = region_stride(T);
  for (std::size_t r = 0; r < R_; ++r) {
    double* region = out.regions + r * stride;
    region[2 + at] = static_cast<double>(own_stores_[r]);
    region[2 + T + at] = own_units_[r];
    if (at + 1 == T) {
      region[0] = static_cast<double>(own_stores_[r]);
      region[1] =
          own_stores_[r] > 0 ? own_units_[r] / static_cast<double>(own_stores_[r]) : kMissing;
    }
  }
}

void Replication::record_quarter(int q, OutcomeRow out) {
  const std::size_t Q = static_cast<std::size_t>(model_.quarters());
  const auto at = static_cast<std::size_t>(q);
  const std::size_t f = model_.focal();
  double total = 0, market_total = 0;
  int rank = 1, market_rank = 1;
  for (std::size_t b = 0; b < B_; ++b) {
    total += quarter_units_[b];
    market_total += quarter_market_units_[b];
    if (b != f && model_.scenario().brands[b].ranked) {
      rank += quarter_units_[b] > quarter_units_[f] ? 1 : 0;
      market_rank += quarter_market_units_[b] > quarter_market_units_[f] ? 1 : 0;
    }
    out.quarterly[(kQuarterlyBrandUnits + b) * Q + at] = quarter_units_[b];
  }
  out.quarterly[kQuarterlyGlobalShare * Q + at] = quarter_units_[f] / total;
  out.quarterly[kQuarterlyGlobalRank * Q + at] = rank;
  out.quarterly[kQuarterlyMarketShare * Q + at] = quarter_market_units_[f] / market_total;
  out.quarterly[kQuarterlyMarketRank * Q + at] = market_rank;
}

void Replication::record_kpis(OutcomeRow out) {
  const Plan& plan = model_.scenario().plan;
  const auto T = T_;
  auto kpi = [&](Kpi k) -> double& { return out.kpis[static_cast<std::size_t>(k)]; };
  auto monthly = [&](Monthly m, std::size_t t) {
    return out.monthly[static_cast<std::size_t>(m) * T + t];
  };
  auto last_three = [&](Monthly m) {
    const std::size_t n = std::min<std::size_t>(3, T);
    double sum = 0;
    for (std::size_t t = T - n; t < T; ++t)
      sum += monthly(m, t);
    return sum / static_cast<double>(n);
  };
  kpi(Kpi::stores_end) = monthly(Monthly::stores, T - 1);
  const double threshold = plan.reach_fraction * static_cast<double>(plan.target_stores);
  kpi(Kpi::target_month) = kMissing;
  for (std::size_t t = 0; t < T; ++t) {
    if (monthly(Monthly::stores, t) >= threshold) {
      kpi(Kpi::target_month) = static_cast<double>(t);
      break;
    }
  }
  const double reached = kpi(Kpi::target_month);
  kpi(Kpi::target_by_deadline) = !std::isnan(reached) && reached < plan.deadline_month ? 1 : 0;
  kpi(Kpi::offline_mix_end) = last_three(Monthly::offline_mix);
  kpi(Kpi::market_share_end) = last_three(Monthly::market_share);
  kpi(Kpi::units_per_store_end) = last_three(Monthly::units_per_store);
  const std::size_t Q = static_cast<std::size_t>(model_.quarters());
  // Without a whole calendar quarter the last-quarter KPIs stay missing; none at rank 1.
  if (Q > 0) {
    kpi(Kpi::global_share_end) = out.quarterly[kQuarterlyGlobalShare * Q + Q - 1];
    kpi(Kpi::global_rank_end) = out.quarterly[kQuarterlyGlobalRank * Q + Q - 1];
    kpi(Kpi::market_rank_end) = out.quarterly[kQuarterlyMarketRank * Q + Q - 1];
  }
  double at_rank1 = 0;
  for (std::size_t q = 0; q < Q; ++q)
    at_rank1 += out.quarterly[kQuarterlyGlobalRank * Q + q] == 1 ? 1 : 0;
  kpi(Kpi::quarters_at_rank1) = at_rank1;
  kpi(Kpi::openings_total) = static_cast<double>(openings_total_);
  kpi(Kpi::closures_total) = static_cast<double>(closures_total_);
  kpi(Kpi::market_units_total) = focal_market_total_;
  kpi(Kpi::global_units_total) = focal_market_total_ + row_total_;
  if (model_.scenario().economics) {
    kpi(Kpi::npv) = discounted_profit_;
    kpi(Kpi::profit_end) = last_three(Monthly::profit);
    kpi(Kpi::loss_making_stores_end) = static_cast<double>(loss_making_end_);
  }
}

}  // namespace rollout
