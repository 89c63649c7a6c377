#include "rollout/loader/optimization_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

#include "loader/document.hpp"
#include "loader/map_reader.hpp"
#include "loader/value_reader.hpp"
#include "loader/variant_document.hpp"

namespace rollout {

// Where a variable was named in the optimisation file, and a choice variable's values as
// written (a value may be a distribution or a list, as a sweep's lever values may).
struct VariableSource {
  SourceLocation where;
  std::vector<loader::TreeNode> choices;
};

// A value set in a candidate's document, located where the optimisation file names it.
loader::TreeNode scalar_node(std::string text, const SourceLocation& where) {
  loader::TreeNode node;
  node.kind = loader::TreeNode::Kind::scalar;
  node.scalar = std::move(text);
  node.where = where;
  return node;
}

// The base document, from which candidates are made; their problems point at the optimisation
// file's variables.
class PlanVariants {
 public:
  PlanVariants(loader::TreeNode base, std::string base_file, std::vector<VariableSource> sources)
      : base_(std::move(base)), base_file_(std::move(base_file)), sources_(std::move(sources)) {}

  Scenario make(const OptimizationProblem& problem, std::span<const double> values) const {
    loader::TreeNode document = base_;
    loader::TreeNode shares;  // plan.fixed_shares, built whole: a region's name may hold a dot
    for (std::size_t i = 0; i < problem.variables.size(); ++i) {
      const VariableSource& source = sources_[i];
      if (problem.variables[i].is_share()) {
        shares.kind = loader::TreeNode::Kind::map;
        shares.where = source.where;
        shares.entries.push_back({problem.variables[i].share_of, source.where,
                                  scalar_node(problem.value_text(i, values[i]), source.where)});
        continue;
      }
      const loader::TreeNode value =
          problem.variables[i].is_choice()
              ? source.choices.at(static_cast<std::size_t>(std::llround(values[i])))
              : scalar_node(problem.value_text(i, values[i]), source.where);
      loader::set_path(document, problem.variables[i].path, value, source.where);
    }
    if (shares.is_map()) {
      loader::set_path(document, "plan.fixed_shares", shares, shares.where);
      loader::set_path(document, "plan.allocation", scalar_node("fixed", shares.where),
                       shares.where);
    }
    loader::Diagnostics diagnostics;
    return loader::scenario_from_document(document, base_file_, diagnostics);
  }

  // The value at a dotted path of the base document, as flow text ("" when absent).
  std::string text_at(const std::string& path) const {
    const loader::TreeNode* node = &base_;
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = path.find('.', start);
      node = node->is_map()
                 ? node->find(path.substr(start, dot == std::string::npos ? dot : dot - start))
                 : nullptr;
      if (node == nullptr) return "";
      if (dot == std::string::npos) return loader::flow_text(*node);
      start = dot + 1;
    }
  }

 private:
  loader::TreeNode base_;
  std::string base_file_;
  std::vector<VariableSource> sources_;
};

namespace {

using loader::Diagnostics;
using loader::TreeNode;

std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string without_spaces(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

// Why a KPI name is not one, or "" when it is.
std::string kpi_problem(const std::string& name) {
  if (kpi_named(name)) return "";
  return fmt::format("'{}' is not a KPI{}", excerpt(name), kpi_suggestion(name));
}

}  // namespace

// What to write instead of something that is not a statistic.
constexpr const char* kStatisticForms =
    "write mean(KPI), median(KPI), pNN(KPI) (a percentile, e.g. p10), P(KPI) for a 0/1 KPI or "
    "P(KPI > x)";

// A statistic is one of four short forms, NAME(KPI) or P(KPI OP NUMBER), so a few string
// operations read it; std::regex warns under the sanitizers with g++ 12 (docs/design.md).
std::optional<KpiStatistic> parse_kpi_statistic(const std::string& text, std::string& why) {
  const std::string compact = without_spaces(text);
  KpiStatistic s;
  s.text = compact;
  const std::size_t open = compact.find('(');
  if (open == std::string::npos || compact.back() != ')' || open + 2 > compact.size() - 1) {
    why = fmt::format("is not a statistic: {}", kStatisticForms);
    return std::nullopt;
  }
  const std::string head = compact.substr(0, open);
  std::string kpi = compact.substr(open + 1, compact.size() - open - 2);
  if (head == "mean") {
    s.kind = KpiStatistic::Kind::mean;
  } else if (head == "median" || (head.size() > 1 && head[0] == 'p')) {
    s.kind = KpiStatistic::Kind::percentile;
    s.level = head == "median" ? 50 : parse_number(head.substr(1)).value_or(-1);
    if (s.level < 0 || s.level > 100) {
      why = fmt::format("'{}' is not a percentile from p0 to p100", excerpt(head));
      return std::nullopt;
    }
  } else if (head == "P") {
    s.kind = KpiStatistic::Kind::probability;
    const std::size_t op = kpi.find_first_of("<>");
    if (op != std::string::npos) {
      const bool equal = op + 1 < kpi.size() && kpi[op + 1] == '=';
      const bool greater = kpi[op] == '>';
      s.comparison =
          greater ? (equal ? KpiStatistic::Comparison::greater_equal
                           : KpiStatistic::Comparison::greater)
                  : (equal ? KpiStatistic::Comparison::less_equal : KpiStatistic::Comparison::less);
      const std::string number = kpi.substr(op + (equal ? 2 : 1));
      const auto threshold = parse_number(number);
      if (!threshold) {
        why = fmt::format("'{}' is not a number", excerpt(number));
        return std::nullopt;
      }
      s.threshold = *threshold;
      kpi.resize(op);
    }
  } else {
    why = fmt::format("'{}' is not a statistic: {}", excerpt(head), kStatisticForms);
    return std::nullopt;
  }
  why = kpi_problem(kpi);
  if (!why.empty()) return std::nullopt;
  s.kpi = *kpi_named(kpi);
  if (s.kind == KpiStatistic::Kind::probability && s.comparison == KpiStatistic::Comparison::none &&
      !info(s.kpi).binary()) {
    why = fmt::format("{} is not a 0/1 KPI: write a condition, e.g. P({} > 0)", kpi, kpi);
    return std::nullopt;
  }
  return s;
}

Scenario OptimizationProblem::candidate(std::span<const double> values) const {
  return variants->make(*this, normalised(values));
}

std::vector<double> OptimizationProblem::normalised(std::span<const double> values) const {
  std::vector<double> out(values.begin(), values.end());
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (!variables[i].is_share()) continue;
    sum += values[i];
    ++count;
  }
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].is_share())
      out[i] = sum > 0 ? values[i] / sum : 1.0 / static_cast<double>(count);
  }
  return out;
}

std::vector<KpiStatistic> OptimizationProblem::measured() const {
  std::vector<KpiStatistic> all;
  for (const ObjectiveSpec& o : objectives)
    if (o.statistic) all.push_back(*o.statistic);
  for (const ConstraintSpec& c : constraints)
    all.push_back(c.statistic);
  return all;
}

std::string OptimizationProblem::value_text(std::size_t variable, double value) const {
  if (std::isnan(value)) return "";
  const DecisionVariable& v = variables[variable];
  if (v.is_choice()) return v.choices.at(static_cast<std::size_t>(std::llround(value)));
  if (v.integer) return fmt::format("{}", std::llround(value));
  return fmt::format("{}", value);
}

bool has_optimize_block(const std::string& path) {
  return loader::has_block(path, "optimize");
}

namespace {

struct VariableRead {
  DecisionVariable variable;
  VariableSource source;
};

std::optional<VariableRead> read_variable(const loader::MapEntry& entry, Diagnostics& diagnostics) {
  const std::string path = "optimize.variables." + entry.key;
  if (entry.value.kind == TreeNode::Kind::sequence) {
    if (entry.value.items.empty()) {
      diagnostics.error(entry.value.where, path, "is an empty list, but needs a choice");
      return std::nullopt;
    }
    VariableRead read;
    read.variable.path = entry.key;
    read.source = {entry.key_where, entry.value.items};
    for (const TreeNode& item : entry.value.items)
      read.variable.choices.push_back(loader::flow_text(item));
    return read;
  }
  if (entry.value.kind == TreeNode::Kind::scalar) {
    if (entry.key == "plan.fixed_shares" && entry.value.scalar == "shares") {
      VariableRead read;
      read.variable.path = entry.key;
      read.variable.share_of = "*";  // one variable per region, once the regions are known
      read.source.where = entry.key_where;
      return read;
    }
    diagnostics.error(entry.value.where, path,
                      fmt::format("is '{}', but must be a range {{min: A, max: B}}, a list of "
                                  "choices, or for plan.fixed_shares the word `shares`",
                                  excerpt(entry.value.scalar)));
    return std::nullopt;
  }
  loader::MapReader spec(entry.value, path, "optimize.variables.*", diagnostics);
  if (!spec.is_map()) return std::nullopt;
  VariableRead read;
  read.variable.path = entry.key;
  read.source.where = entry.key_where;
  if (const TreeNode* n = spec.optional("integer"))
    read.variable.integer =
        loader::read_bool(*n, spec.path_of("integer"), diagnostics).value_or(false);
  std::optional<double> bounds[2];
  const char* names[2] = {"min", "max"};
  for (int i = 0; i < 2; ++i) {
    if (const TreeNode* n = spec.required(names[i])) {
      if (!read.variable.integer) {
        bounds[i] = loader::read_number(*n, spec.path_of(names[i]), diagnostics);
      } else if (auto whole = loader::read_integer(*n, spec.path_of(names[i]), diagnostics)) {
        bounds[i] = static_cast<double>(*whole);
      }
    }
  }
  if (!bounds[0] || !bounds[1]) return std::nullopt;
  if (!(*bounds[0] < *bounds[1])) {
    diagnostics.error(
        spec.where(), path,
        fmt::format("has min {} and max {}, but min must be below max", *bounds[0], *bounds[1]));
    return std::nullopt;
  }
  read.variable.min = *bounds[0];
  read.variable.max = *bounds[1];
  return read;
}

void read_statistic_reported(const KpiStatistic& s, const Scenario& base, const TreeNode& where,
                             const std::string& path, const std::string& text,
                             Diagnostics& diagnostics) {
  const std::string why = unreported_reason(s.kpi, base.economics.has_value());
  if (!why.empty())
    diagnostics.error(where.where, path, fmt::format("is '{}', but {}", excerpt(text), why));
}

// An objective: a variable's path (a range's; a choice or a share has no order) or a statistic.
std::optional<ObjectiveSpec> read_objective(const TreeNode& node, const std::string& path,
                                            bool minimize,
                                            const std::vector<DecisionVariable>& variables,
                                            Diagnostics& diagnostics) {
  const auto text = loader::read_string(node, path, diagnostics);
  if (!text) return std::nullopt;
  ObjectiveSpec objective;
  objective.minimize = minimize;
  objective.text = *text;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].path != without_spaces(*text)) continue;
    if (variables[i].is_choice() || variables[i].is_share()) {
      diagnostics.error(
          node.where, path,
          fmt::format("is '{}', a {} variable, which has no order to minimise or "
                      "maximise; name a statistic, e.g. mean(npv)",
                      excerpt(*text), variables[i].is_choice() ? "choice" : "shares"));
      return std::nullopt;
    }
    objective.variable = i;
    return objective;
  }
  std::string why;
  objective.statistic = parse_kpi_statistic(*text, why);
  if (!objective.statistic) {
    diagnostics.error(node.where, path,
                      fmt::format("is '{}', which is neither a variable nor a statistic: {}",
                                  excerpt(*text), why));
    return std::nullopt;
  }
  return objective;
}

std::optional<ConstraintSpec> read_constraint(const TreeNode& node, const std::string& path,
                                              Diagnostics& diagnostics) {
  const auto text = loader::read_string(node, path, diagnostics);
  if (!text) return std::nullopt;
  auto refuse = [&](const std::string& why) {
    diagnostics.error(node.where, path, fmt::format("is '{}', but {}", excerpt(*text), why));
    return std::nullopt;
  };
  const std::string compact = without_spaces(*text);
  const std::size_t close = compact.rfind(')');
  const std::string rest = close == std::string::npos ? "" : compact.substr(close + 1);
  if (rest.size() < 3 || (rest.rfind(">=", 0) != 0 && rest.rfind("<=", 0) != 0)) {
    return refuse(
        "must be a statistic, >= or <=, and a number, e.g. 'P(target_by_deadline) >= 0.8' or "
        "'p10(npv) >= 0'");
  }
  ConstraintSpec c;
  c.text = *text;
  c.at_least = rest[0] == '>';
  std::string bound = rest.substr(2);
  const bool percent = !bound.empty() && bound.back() == '%';
  if (percent) bound.pop_back();
  const auto value = parse_number(bound);
  std::string why;
  const auto statistic = parse_kpi_statistic(compact.substr(0, close + 1), why);
  if (!statistic) return refuse(why);
  if (!value) return refuse(fmt::format("its bound '{}' is not a number", excerpt(rest.substr(2))));
  c.statistic = *statistic;
  c.bound = percent ? *value / 100 : *value;
  if (statistic->is_probability() && (c.bound < 0 || c.bound > 1))
    return refuse("a probability's bound must be in [0, 1] (or 0% to 100%)");
  return c;
}

// Replaces `plan.fixed_shares: shares` by one variable per region of the base, in file order.
void expand_shares(OptimizationProblem& problem, std::vector<VariableSource>& sources) {
  std::vector<std::optional<std::string>> objective_paths;
  for (const ObjectiveSpec& o : problem.objectives)
    objective_paths.push_back(o.variable ? std::optional(problem.variables[*o.variable].path)
                                         : std::nullopt);
  std::vector<DecisionVariable> variables;
  std::vector<VariableSource> expanded;
  for (std::size_t i = 0; i < problem.variables.size(); ++i) {
    if (problem.variables[i].share_of != "*") {
      variables.push_back(problem.variables[i]);
      expanded.push_back(sources[i]);
      continue;
    }
    for (const Region& region : problem.base.regions) {
      DecisionVariable share;
      share.path = "plan.fixed_shares." + region.name;
      share.min = 0;
      share.max = 1;
      share.share_of = region.name;
      variables.push_back(share);
      expanded.push_back(sources[i]);
    }
  }
  problem.variables = std::move(variables);
  sources = std::move(expanded);
  for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
    problem.objectives[k].variable.reset();
    for (std::size_t i = 0; objective_paths[k] && i < problem.variables.size(); ++i) {
      if (problem.variables[i].path == *objective_paths[k]) problem.objectives[k].variable = i;
    }
  }
}

}  // namespace

OptimizationProblem load_optimization(const std::string& path) {
  Diagnostics diagnostics;
  auto root = loader::read_yaml_file(path, {path, 0, 0}, "", diagnostics);
  diagnostics.throw_if_any();
  const TreeNode* block = root->is_map() ? root->find("optimize") : nullptr;
  if (block == nullptr) {
    diagnostics.error(root->where, "optimize",
                      "is missing: an optimisation file needs an `optimize:` block");
    diagnostics.throw_if_any();
  }
  OptimizationProblem problem;
  problem.file = path;
  std::vector<VariableSource> variable_sources;
  struct ObjectiveNode {
    const TreeNode* node;
    std::string path;
    bool minimize;
  };
  std::vector<ObjectiveNode> objective_nodes;
  std::vector<std::pair<const TreeNode*, std::string>> constraint_nodes;
  std::optional<double> tolerance;
  {
    loader::MapReader spec(*block, "optimize", diagnostics);
    problem.base_file =
        loader::base_file_of(*root, path, "optimize", spec.optional("scenario"), diagnostics);
    if (const TreeNode* n = spec.required("variables")) {
      loader::MapReader variables(*n, "optimize.variables", diagnostics);
      loader::report_duplicate_keys(*n, "optimize.variables", "variable", diagnostics);
      for (const auto& e : n->entries) {
        variables.optional(e.key);
        if (auto read = read_variable(e, diagnostics)) {
          problem.variables.push_back(read->variable);
          variable_sources.push_back(read->source);
        }
      }
      if (n->is_map() && n->entries.empty())
        diagnostics.error(n->where, "optimize.variables", "is empty, but needs a variable");
    }
    const int direction = spec.one_of({"minimize", "maximize", "objectives"}, true);
    if (direction == 0 || direction == 1) {
      const char* key = direction == 0 ? "minimize" : "maximize";
      objective_nodes.push_back({spec.optional(key), spec.path_of(key), direction == 0});
    } else if (direction == 2) {
      const TreeNode* list = spec.optional("objectives");
      if (list != nullptr && (list->kind != TreeNode::Kind::sequence || list->items.size() < 2)) {
        diagnostics.error(list->where, "optimize.objectives",
                          "must list two or more objectives, e.g. [{maximize: mean(npv)}, "
                          "{maximize: P(target_by_deadline)}]; one goes in minimize: or maximize:");
      } else if (list != nullptr) {
        for (std::size_t k = 0; k < list->items.size(); ++k) {
          const std::string item = fmt::format("optimize.objectives[{}]", k);
          loader::MapReader entry(list->items[k], item, "optimize.objectives[]", diagnostics);
          const int way = entry.one_of({"minimize", "maximize"}, true);
          if (way < 0) continue;
          const char* key = way == 0 ? "minimize" : "maximize";
          objective_nodes.push_back({entry.optional(key), entry.path_of(key), way == 0});
        }
      }
    }
    if (const TreeNode* n = spec.optional("constraints")) {
      if (n->kind != TreeNode::Kind::sequence) {
        diagnostics.error(n->where, "optimize.constraints",
                          fmt::format("is {}, but must be a list, e.g. "
                                      "['P(target_by_deadline) >= 0.8']",
                                      n->kind_name()));
      } else {
        for (std::size_t i = 0; i < n->items.size(); ++i)
          constraint_nodes.emplace_back(&n->items[i], fmt::format("optimize.constraints[{}]", i));
      }
    }
    auto count = [&](const char* key, std::optional<std::size_t>& into) {
      if (const TreeNode* n = spec.optional(key)) {
        if (auto v = loader::read_integer(*n, spec.path_of(key), diagnostics, spec.range(key)))
          into = static_cast<std::size_t>(*v);
      }
    };
    count("replications", problem.replications);
    count("max_replications", problem.max_replications);
    count("reevaluation_replications", problem.reevaluation_replications);
    for (const auto& [key, into] : {std::pair{"population", &problem.population},
                                    std::pair{"generations", &problem.generations}}) {
      if (const TreeNode* n = spec.optional(key)) {
        if (auto v = loader::read_integer(*n, spec.path_of(key), diagnostics, spec.range(key)))
          *into = static_cast<std::size_t>(*v);
      }
    }
    if (const TreeNode* n = spec.optional("reevaluation_seed")) {
      if (auto v = loader::read_integer(*n, spec.path_of("reevaluation_seed"), diagnostics,
                                        spec.range("reevaluation_seed")))
        problem.reevaluation_seed = static_cast<std::uint64_t>(*v);
    }
    if (const TreeNode* n = spec.optional("tolerance"))
      tolerance =
          loader::read_number(*n, spec.path_of("tolerance"), diagnostics, spec.range("tolerance"));
    if (problem.replications && problem.max_replications &&
        *problem.max_replications < *problem.replications) {
      diagnostics.error(spec.where(), "optimize.max_replications",
                        fmt::format("is {}, but must be at least replications ({})",
                                    *problem.max_replications, *problem.replications));
    }
  }
  std::vector<ObjectiveNode> read_objectives;
  for (const ObjectiveNode& on : objective_nodes) {
    if (on.node == nullptr) continue;
    if (auto objective =
            read_objective(*on.node, on.path, on.minimize, problem.variables, diagnostics)) {
      problem.objectives.push_back(*objective);
      read_objectives.push_back(on);
    }
  }
  std::vector<std::pair<const TreeNode*, std::string>> read_constraints;
  for (const auto& entry : constraint_nodes) {
    if (auto c = read_constraint(*entry.first, entry.second, diagnostics)) {
      problem.constraints.push_back(*c);
      read_constraints.push_back(entry);
    }
  }
  constraint_nodes = read_constraints;

  // The block's problems do not hide the base's or the candidates': all are reported at once.
  const TreeNode base =
      loader::base_document(*root, path, problem.base_file, "optimize", diagnostics);
  try {
    Diagnostics each;
    problem.base = loader::scenario_from_document(base, problem.base_file, each);
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      diagnostics.error(d.where, d.path, d.message);
    diagnostics.throw_if_any();
  }
  problem.name = problem.base.name;
  expand_shares(problem, variable_sources);
  auto variants = std::make_shared<PlanVariants>(base, problem.base_file, variable_sources);
  for (DecisionVariable& v : problem.variables) {
    if (v.is_share()) {
      const std::size_t r = problem.base.region_index(v.share_of);
      const bool fixed = problem.base.plan.allocation == Allocation::fixed;
      v.base = fixed && r < problem.base.plan.fixed_shares.size()
                   ? problem.base.plan.fixed_shares[r]
                   : std::nan("");
      continue;
    }
    const std::string text = variants->text_at(v.path);
    v.base = std::nan("");
    if (!v.is_choice()) v.base = parse_number(text).value_or(std::nan(""));
    for (std::size_t c = 0; c < v.choices.size(); ++c) {
      if (v.choices[c] == text) v.base = static_cast<double>(c);
    }
  }
  problem.variants = variants;
  if (tolerance) problem.tolerance = *tolerance;

  // Statistics need the base scenario to say whether it reports their KPIs (economics).
  for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
    if (!problem.objectives[k].statistic) continue;
    read_statistic_reported(*problem.objectives[k].statistic, problem.base,
                            *read_objectives[k].node, read_objectives[k].path,
                            problem.objectives[k].text, diagnostics);
  }
  for (std::size_t i = 0; i < problem.constraints.size(); ++i) {
    read_statistic_reported(problem.constraints[i].statistic, problem.base,
                            *constraint_nodes[i].first, constraint_nodes[i].second,
                            problem.constraints[i].text, diagnostics);
  }
  // Every variable at both ends of its range, and at each of its choices, must make a valid
  // scenario (the others at their first value).
  std::vector<std::vector<double>> probes;
  for (const bool at_max : {false, true}) {
    probes.emplace_back();
    for (const DecisionVariable& v : problem.variables)
      probes.back().push_back(v.is_choice() ? 0 : v.is_share() ? 1 : at_max ? v.max : v.min);
  }
  for (std::size_t i = 0; i < problem.variables.size(); ++i) {
    for (std::size_t c = 1; c < problem.variables[i].choices.size(); ++c) {
      probes.push_back(probes.front());
      probes.back()[i] = static_cast<double>(c);
    }
  }
  std::set<std::string> seen;
  for (const std::vector<double>& values : probes) {
    try {
      problem.candidate(values);
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        if (seen.insert(d.to_string()).second) diagnostics.error(d.where, d.path, d.message);
      }
    }
  }
  diagnostics.throw_if_any();
  return problem;
}

std::string chosen_plan_yaml(const OptimizationProblem& problem, std::span<const double> values,
                             const std::string& name, const std::string& folder) {
  namespace fs = std::filesystem;
  YAML::Node document;
  document["extends"] = fs::absolute(problem.base_file)
                            .lexically_normal()
                            .lexically_relative(fs::absolute(folder).lexically_normal())
                            .generic_string();
  document["name"] = name;
  const std::vector<double> shares = problem.normalised(values);
  for (std::size_t i = 0; i < problem.variables.size(); ++i) {
    if (problem.variables[i].is_share()) {  // by name: a region's name may hold a dot
      document["plan"]["allocation"] = "fixed";
      document["plan"]["fixed_shares"][problem.variables[i].share_of] =
          YAML::Load(problem.value_text(i, shares[i]));
      continue;
    }
    const std::string& path = problem.variables[i].path;
    YAML::Node node = document;
    std::size_t start = 0;
    for (std::size_t dot = path.find('.'); dot != std::string::npos;
         start = dot + 1, dot = path.find('.', start)) {
      node.reset(node[path.substr(start, dot - start)]);
    }
    node[path.substr(start)] = YAML::Load(problem.value_text(i, values[i]));
  }
  YAML::Emitter out;
  out << document;
  return fmt::format(
      "# The plan `rollout optimize {}` chose:\n"
      "# the base scenario with just the variables set (optimize.json has its figures).\n"
      "{}\n",
      problem.file, out.c_str());
}

}  // namespace rollout
