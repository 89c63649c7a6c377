#include "rollout/loader/scenario_writer.hpp"
#include "common/overloaded.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <cmath>

namespace rollout {
namespace {

// Shortest text that reads back to the same double.
std::string num(double x) {
  return fmt::format("{}", x);
}

class Writer {
 public:
  Writer() { out_.SetIndent(2); }

  void key_number(const char* key, double x) { out_ << YAML::Key << key << YAML::Value << num(x); }
  void key_integer(const char* key, std::int64_t x) {
    out_ << YAML::Key << key << YAML::Value << x;
  }
  void key_text(const char* key, const std::string& text) {
    out_ << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << text;
  }
  void key_bool(const char* key, bool b) {
    out_ << YAML::Key << key << YAML::Value << (b ? "true" : "false");
  }
  void key_param(const char* key, const Param& p) {
    out_ << YAML::Key << key << YAML::Value;
    distribution(p.distribution);
  }
  void key_yearly(const char* key, const YearlyParam& p) {
    if (!p.listed) return key_param(key, p.entries[0]);
    out_ << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    for (const Param& entry : p.entries)
      distribution(entry.distribution);
    out_ << YAML::EndSeq;
  }
  void key_numbers(const char* key, const std::vector<double>& values) {
    out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double v : values)
      out_ << num(v);
    out_ << YAML::EndSeq;
  }
  void begin_map(const char* key) { out_ << YAML::Key << key << YAML::Value << YAML::BeginMap; }
  void begin_map(const std::string& key) { begin_map(key.c_str()); }
  void end_map() { out_ << YAML::EndMap; }
  YAML::Emitter& raw() { return out_; }
  std::string text() const { return std::string(out_.c_str()) + "\n"; }

 private:
  void distribution(const Distribution& d) {
    std::visit(Overloaded{[&](const Fixed& f) { out_ << num(f.value); },
                          [&](const Discrete& dd) {
                            out_ << YAML::Flow << YAML::BeginMap << YAML::Key
                                 << DistributionSpelling<Discrete>::name << YAML::Value
                                 << YAML::BeginMap;
                            key_numbers("values", dd.values);
                            if (!dd.weights.empty()) key_numbers("weights", dd.weights);
                            out_ << YAML::EndMap << YAML::EndMap;
                          },
                          [&]<ParametricDistribution D>(const D& p) {
                            std::vector<std::pair<const char*, double>> shown;
                            for (const auto& parameter : DistributionSpelling<D>::parameters)
                              if (spelt_out(parameter, p))
                                shown.emplace_back(parameter.key, p.*parameter.member);
                            params(DistributionSpelling<D>::name, shown);
                          }},
               d);
  }
  void params(const char* name, const std::vector<std::pair<const char*, double>>& p) {
    out_ << YAML::Flow << YAML::BeginMap << YAML::Key << name << YAML::Value << YAML::BeginMap;
    for (const auto& [k, v] : p)
      key_number(k, v);
    out_ << YAML::EndMap << YAML::EndMap;
  }

  YAML::Emitter out_;
};

void write_market(Writer& w, const Market& m) {
  w.begin_map("market");
  w.key_text("name", m.name);
  w.key_param("units_per_year", m.units_per_year);
  w.key_param("demand_weight_exponent", m.demand_weight_exponent);
  w.key_yearly("growth_per_year", m.growth_per_year);
  w.key_param("offline_share", m.offline_share);
  w.key_param("offline_share_drift_per_year", m.offline_share_drift_per_year);
  w.begin_map("shocks");
  w.key_param("sd", m.shocks.sd);
  w.key_param("national_weight", m.shocks.national_weight);
  w.key_param("spatial_dependence", m.shocks.spatial_dependence);
  w.key_param("persistence", m.shocks.persistence);
  w.end_map();
  w.key_numbers("seasonality", {m.seasonality.begin(), m.seasonality.end()});
  w.end_map();
}

void write_brands(Writer& w, const std::vector<Brand>& brands) {
  w.begin_map("brands");
  for (const Brand& b : brands) {
    w.begin_map(b.name);
    w.key_bool("focal", b.focal);
    w.key_number("market_share", b.market_share);
    w.key_number("online_share", b.online_share);
    w.key_param("third_party_presence_per_million", b.third_party_presence_per_million);
    if (b.initial_stores) w.key_integer("initial_stores", *b.initial_stores);
    if (!b.focal) w.key_param("store_growth_per_year", b.store_growth_per_year);
    w.key_param("row_units_per_quarter", b.row_units_per_quarter);
    w.key_param("row_growth_per_year", b.row_growth_per_year);
    w.key_param("momentum_sd_per_year", b.momentum_sd_per_year);
    w.key_bool("ranked", b.ranked);
    w.end_map();
  }
  w.end_map();
}

void write_regions(Writer& w, const std::vector<Region>& regions) {
  w.begin_map("regions");
  for (const Region& r : regions) {
    w.begin_map(r.name);
    w.key_number("population_millions", r.population_millions);
    w.key_number("gdp_per_capita", r.gdp_per_capita);
    if (r.offline_share) w.key_number("offline_share", *r.offline_share);
    w.raw() << YAML::Key << "neighbours" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const std::string& n : r.neighbours)
      w.raw() << YAML::DoubleQuoted << n;
    w.raw() << YAML::EndSeq;
    if (!r.initial_stores.empty()) {
      w.raw() << YAML::Key << "initial_stores" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [brand, count] : r.initial_stores)
        w.key_integer(brand.c_str(), count);
      w.raw() << YAML::EndMap;
    }
    if (r.focal_capacity) w.key_integer("focal_capacity", *r.focal_capacity);
    if (!r.group.empty()) w.key_text("group", r.group);
    if (r.tile) {
      w.key_integer("tile_row", r.tile->row);
      w.key_integer("tile_column", r.tile->column);
    }
    w.end_map();
  }
  w.end_map();
}

void write_plan(Writer& w, const Scenario& s) {
  const Plan& p = s.plan;
  w.begin_map("plan");
  w.key_integer("target_stores", p.target_stores);
  w.key_integer("deadline_month", p.deadline_month);
  w.key_number("reach_fraction", p.reach_fraction);
  auto& out = w.raw();
  out << YAML::Key << "opening_capacity_per_month" << YAML::Value;
  if (p.opening_capacity.size() == 1 && p.opening_capacity[0].month == 0) {
    out << num(p.opening_capacity[0].openings);
  } else {
    out << YAML::Flow << YAML::BeginSeq;
    for (const CapacityPoint& c : p.opening_capacity)
      out << YAML::Flow << YAML::BeginSeq << c.month << num(c.openings) << YAML::EndSeq;
    out << YAML::EndSeq;
  }
  out << YAML::Key << "allocation" << YAML::Value << to_string(p.allocation);
  if (!p.fixed_shares.empty()) {
    w.begin_map("fixed_shares");
    for (std::size_t r = 0; r < s.regions.size(); ++r) {
      if (p.fixed_shares[r] > 0) w.key_number(s.regions[r].name.c_str(), p.fixed_shares[r]);
    }
    w.end_map();
  }
  w.key_integer("lead_time_months", p.lead_time_months);
  out << YAML::Key << "after_deadline" << YAML::Value << to_string(p.after_deadline);
  out << YAML::Key << "closure_allowance" << YAML::Value << to_string(p.closure_allowance);
  w.key_param("planning_execution_rate", p.planning_execution_rate);
  w.key_param("execution_rate", p.execution_rate);
  w.key_param("new_store_productivity", p.new_store_productivity);
  w.key_param("underperformance_closure_factor", p.underperformance_closure_factor);
  if (p.initial_store_age_months) {
    w.key_integer("initial_store_age_months", *p.initial_store_age_months);
  } else {
    out << YAML::Key << "initial_store_age_months" << YAML::Value << "mature";
  }
  w.key_number("density_cap_per_million", p.density_cap_per_million);
  w.begin_map("formats");
  for (const StoreFormat& f : p.formats) {
    w.begin_map(f.name);
    w.key_number("mix", f.mix);
    w.key_number("initial_mix", f.initial_mix);
    w.key_param("presence_weight", f.presence_weight);
    w.key_param("ramp_months", f.ramp_months);
    w.key_param("closure_rate_per_year", f.closure_rate_per_year);
    w.key_param("break_even_units_per_month", f.break_even_units_per_month);
    w.end_map();
  }
  w.end_map();
  w.end_map();
}

void write_economics(Writer& w, const Scenario& s) {
  if (!s.economics) return;
  const Economics& e = *s.economics;
  w.begin_map("economics");
  w.key_text("currency", e.currency);
  w.key_param("own_store_margin_per_unit", e.own_store_margin_per_unit);
  w.key_param("third_party_margin_per_unit", e.third_party_margin_per_unit);
  w.key_param("online_margin_per_unit", e.online_margin_per_unit);
  w.key_param("discount_rate_per_year", e.discount_rate_per_year);
  w.begin_map("formats");
  for (std::size_t k = 0; k < e.formats.size() && k < s.plan.formats.size(); ++k) {
    w.begin_map(s.plan.formats[k].name);
    w.key_param("fixed_cost_per_month", e.formats[k].fixed_cost_per_month);
    w.key_param("capital_cost_per_opening", e.formats[k].capital_cost_per_opening);
    w.key_param("cost_per_closure", e.formats[k].cost_per_closure);
    w.end_map();
  }
  w.end_map();
  w.end_map();
}

}  // namespace

std::string to_yaml(const Scenario& s) {
  Writer w;
  auto& out = w.raw();
  out << YAML::BeginMap;
  w.key_text("name", s.name);
  w.key_text("description", s.description);
  out << YAML::Key << "start_month" << YAML::Value << s.start_month.text();
  w.key_integer("months", s.months);
  w.begin_map("simulation");
  w.key_integer("replications", s.simulation.replications);
  out << YAML::Key << "seed" << YAML::Value << s.simulation.seed;
  w.key_numbers("percentiles", s.simulation.percentiles);
  w.key_text("sampling", to_string(s.simulation.sampling));
  w.key_bool("nearest_correlation", s.simulation.nearest_correlation);
  w.end_map();
  write_market(w, s.market);
  w.begin_map("rest_of_world");
  w.key_yearly("growth_per_year", s.rest_of_world.growth_per_year);
  w.key_param("shock_sd", s.rest_of_world.shock_sd);
  w.key_numbers("seasonality",
                {s.rest_of_world.seasonality.begin(), s.rest_of_world.seasonality.end()});
  w.end_map();
  write_brands(w, s.brands);
  write_regions(w, s.regions);
  w.begin_map("effects");
  w.key_param("store_elasticity", s.effects.store_elasticity);
  w.key_param("halo_elasticity", s.effects.halo_elasticity);
  w.key_param("neighbour_spillover", s.effects.neighbour_spillover);
  w.end_map();
  write_plan(w, s);
  write_economics(w, s);
  if (!s.correlations.empty()) {
    out << YAML::Key << "correlations" << YAML::Value << YAML::BeginSeq;
    for (const RankCorrelation& c : s.correlations) {
      out << YAML::BeginMap << YAML::Key << "between" << YAML::Value << YAML::Flow << YAML::BeginSeq
          << c.first << c.second << YAML::EndSeq;
      w.key_number("spearman", c.spearman);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  if (!out.good())
    throw InternalError("writing the scenario as YAML failed: " + out.GetLastError());
  return w.text();
}

}  // namespace rollout
