#pragma once
// One replication: its state and the month step, in the order of the steps of docs/model.md.
// A Replication owns all its working memory, sized once; running a replication
// allocates nothing per month or per draw. Use one per thread.

#include <Eigen/Dense>
#include <functional>
#include <span>
#include <vector>

#include "engine/allocation.hpp"
#include "engine/grid.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/inputs/sampler.hpp"
#include "rollout/model/model.hpp"
#include "rollout/random/random_streams.hpp"

namespace rollout {

// A read-only look at one month's state, for tests and diagnostics.
struct MonthView {
  int month = 0;
  std::span<const double> market_units;        // by brand
  std::span<const double> offline_share;       // soff, regions x brands
  std::span<const double> online_share;        // son, regions x brands
  std::span<const double> shocks;              // Z_r(t)
  std::span<const double> momentum;            // m_b(t)
  std::span<const double> log_attraction;      // log q_b
  std::span<const std::int64_t> focal_stores;  // own stores open, per region
  std::span<const double> stores;    // competitor store counts S_{r,b} (focal column unused)
  std::span<const double> presence;  // P_{r,b}, regions x brands
};
using MonthObserver = std::function<void(const MonthView&)>;

// The arrays that Eigen's exp and log read (replication_month.cpp). Aligned to Eigen's packet
// size: on a misaligned array Eigen computes the first few elements with scalar exp and log,
// and how many would then depend on where the allocator put the array, so that the same
// replication could give other last bits in another run (tests/test_economics.cpp caught it).
using VectorArray = std::vector<double, Eigen::aligned_allocator<double>>;
using AlignedGrid = Grid<double, Eigen::aligned_allocator<double>>;

class Replication {
 public:
  explicit Replication(const Model& model);
  Replication(const Replication&) = delete;
  Replication& operator=(const Replication&) = delete;

  // Runs replication `index` with its inputs drawn from the streams (the random design,
  // with the scenario's correlations) and writes its row. Runs under another design go
  // through run_with_uniforms, as run_replications does.
  void run(std::uint64_t index, OutcomeRow out, const MonthObserver* observer = nullptr);
  // As run(), with the uncertain inputs set from given uniforms (stratified designs).
  void run_with_uniforms(std::uint64_t index, const std::vector<double>& uniforms, OutcomeRow out,
                         const MonthObserver* observer = nullptr);

 private:
  void simulate(const ReplicationStreams& streams, OutcomeRow out, const MonthObserver* observer);
  // Set-up at month 0 (docs/model.md), in its order: demand weights, the paths of market and
  // RoW growth, ramps and hazards, initial stores, shocks and totals, then calibration.
  void set_up_initial_state(const ReplicationStreams& streams);
  void set_demand_weights();
  void set_growth_paths();
  void set_ramps_and_hazards();
  void place_initial_stores();
  void start_shocks_and_totals(const ReplicationStreams& streams);
  void spread_stores(std::int64_t total, std::span<std::int64_t> out);
  void calibrate_attractions();
  void draw_shocks(const ReplicationStreams& streams, int t);
  void draw_demand(const ReplicationStreams& streams, int t);
  void open_due_stores(const ReplicationStreams& streams, int t);
  void close_stores(const ReplicationStreams& streams, int t);
  void update_presence(int t);
  void compute_shares_and_units(int t);
  void plan_openings(int t);
  std::int64_t closure_allowance(int t) const;
  void grow_competitor_stores();
  void age_cohorts(int t);
  // Takes `stores` from the ramping cohort of region r and format k that is `age` months old.
  void leave_ramping(std::size_t r, std::size_t k, std::int64_t stores, std::size_t age);
  // Economics (replication_economics.cpp): the month's profit Pi(t) and its discounted sum,
  // and, in the last month, the own stores whose margin falls short of their fixed cost.
  void account_profit(int t);
  std::int64_t loss_making_stores(int t) const;
  // Throws InputError naming replication, month, region and series at the first value
  // that is not finite, before it can reach the statistics.
  void check_finite(int t) const;
  void record_month(int t, OutcomeRow out);
  void record_quarter(int q, OutcomeRow out);
  void record_kpis(OutcomeRow out);

  // Cohorts of one region and format (docs/model.md, "Closures"), oldest first: the initial
  // stores, the mature cohort (opened in the simulation, age >= A_k), then the ramping cohorts by
  // month of opening. The cohort opened in month tau lives in slot 2 + tau while it ramps; the
  // initial and mature cohorts sit in the two slots before the oldest ramping one, so a
  // format's cohorts are always one contiguous run of at most A_k + 2 slots. When a cohort
  // matures (age_cohorts) the two move up one slot.
  std::size_t cohort(std::size_t r, std::size_t k, std::size_t slot) const {
    return (r * K_ + k) * C_ + slot;
  }
  // How many cohorts of format k opened in the simulation have joined the mature one by month t:
  // those opened in months 0 .. t - A_k. Also the slot of the initial cohort in month t.
  std::size_t matured(std::size_t k, std::size_t t) const {
    return t >= mature_age_[k] ? t - mature_age_[k] + 1 : 0;
  }

  const Model& model_;
  InputSampler sampler_;
  const Inputs* in_ = nullptr;
  std::uint64_t index_ = 0;  // the replication being run
  std::size_t R_, B_, K_, C_, T_;
  const Eigen::MatrixXd* factor_ = nullptr;  // the spatial Cholesky factor in use
  Eigen::MatrixXd own_factor_;               // when rho is uncertain

  // Per-replication constants.
  std::vector<double> weight_, base_offline_, log_growth_, log_row_growth_;
  Grid<double> ramp_, initial_ramp_;                // [format][age], [format][month]
  Grid<double> ramp_gap_;                           // [format][age]: 1 - ramp, exp(-(a+1)/tau)
  std::vector<double> ramp_decay_;                  // per format: exp(-1/tau)
  std::vector<double> base_hazard_, store_growth_;  // per format, per brand
  std::vector<std::size_t> mature_age_;             // A_k = ceil(5 tau_ramp_k), per format
  std::vector<double> log_q_, online_base_;         // per brand: log q_b, o_b

  // State.
  std::vector<std::int64_t> cohorts_;  // [region][format][slot], see cohort()
  Grid<std::int64_t> format_open_;     // [region][format]: own stores open
  // The ramping cohorts of each region and format in two numbers, kept as cohorts open, close
  // and age, so that presence needs no walk over them: their stores N and the sum D of each
  // cohort's stores times its ramp gap exp(-(a+1)/tau). Their ramp-weighted stores are N - D,
  // and D shrinks by exp(-1/tau) a month (docs/design.md, "Speed").
  Grid<std::int64_t> ramping_stores_;
  Grid<double> ramping_gap_;
  // Closures (close_stores), [region][format]: hazard, trials, the inversion's start mass, odds
  // and uniform (0 where the draw is not by inversion), and the walk's count of the rarer outcome.
  AlignedGrid closure_hazard_, closure_trials_, closure_start_;
  Grid<double> closure_odds_, closure_uniforms_, closure_rarer_;
  Grid<std::int64_t> planned_;  // [region][planning month]
  // Openings coming due (open_due_stores), per region: what is left to place, the current draw's
  // trials (what is left, as doubles for the vectorised start masses), start masses, odds,
  // uniform (0 where not by inversion), the walk's count of the rarer outcome and the result, and
  // the uniforms of all K draws [region][draw].
  std::vector<std::int64_t> opening_left_, opening_drawn_;
  VectorArray opening_trials_, opening_start_;
  std::vector<double> opening_odds_, opening_walk_uniforms_, opening_rarer_;
  Grid<double> opening_uniforms_;
  std::vector<std::int64_t> pipeline_;        // per region
  std::vector<std::int64_t> focal_closures_;  // per month: what the planner has seen close
  Grid<double> stores_;                       // competitor stores [region][brand]
  std::vector<double> shock_, eps_, correlated_eps_;
  double row_shock_ = 0;
  std::vector<double> momentum_, exp_momentum_;
  std::vector<double> last_v_;  // v_r(t-1), NaN where undefined

  // This month.
  std::vector<double> market_, offline_phi_, own_presence_;
  VectorArray shock_factor_;           // per region: exp(sigma Z_r - sigma^2 / 2)
  AlignedGrid presence_, soff_, son_;  // [region][brand]
  AlignedGrid density_;                // P_{r,b} / pop_r
  AlignedGrid share_scratch_;          // [region][brand]
  std::vector<double> brand_scratch_;  // [brand]
  AlignedGrid halo_base_;              // log D_{r,b}(0), NaN where D(0) = 0
  std::vector<double> own_units_, marginal_weight_;
  std::vector<std::int64_t> own_stores_;
  std::vector<double> brand_market_units_, quarter_units_, quarter_market_units_;
  double focal_offline_ = 0, focal_online_ = 0, market_total_ = 0, row_focal_ = 0;
  std::int64_t month_openings_ = 0, month_closures_ = 0;
  std::vector<std::int64_t> format_openings_, format_closures_, format_stores_;  // per format
  double profit_ = 0;                 // Pi(t), with economics
  std::int64_t loss_making_end_ = 0;  // loss-making own stores in the last month

  // Totals over the horizon.
  double focal_market_total_ = 0, row_total_ = 0, discounted_profit_ = 0;
  std::int64_t openings_total_ = 0, closures_total_ = 0;

  // Scratch for allocation rules.
  std::vector<double> alloc_weight_, alloc_remainders_;
  std::vector<std::int64_t> alloc_headroom_, alloc_out_, cohort_remainders_;
  std::vector<CohortClosures> cohort_taken_;
  std::vector<std::int64_t> format_split_;  // [format]: a region's initial stores by format
  std::vector<char> alloc_eligible_;
  std::vector<double> calibration_scratch_, calibration_weight_, offline_target_, initial_mix_;
  Grid<double> presence_gamma_;  // [region][brand]: P^gamma at month 0
};

}  // namespace rollout
