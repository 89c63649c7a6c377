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

// The base document and where each variable was named, so that a candidate's problems point
// at the optimisation file's variable.
class PlanVariants {
 public:
  PlanVariants(loader::TreeNode base, std::string base_file,
               std::vector<SourceLocation> variable_where)
      : base_(std::move(base)),
        base_file_(std::move(base_file)),
        variable_where_(std::move(variable_where)) {}

  Scenario make(const std::vector<DecisionVariable>& variables,
                const std::vector<std::string>& values) const {
    loader::TreeNode document = base_;
    for (std::size_t i = 0; i < variables.size(); ++i) {
      loader::TreeNode value;
      value.kind = loader::TreeNode::Kind::scalar;
      value.scalar = values[i];
      value.where = variable_where_[i];
      loader::set_path(document, variables[i].path, value, variable_where_[i]);
    }
    loader::Diagnostics diagnostics;
    return loader::scenario_from_document(document, base_file_, diagnostics);
  }

  // The value at a dotted path of the base document, as written, if it is a scalar.
  std::string scalar_at(const std::string& path) const {
    const loader::TreeNode* node = &base_;
    std::size_t start = 0;
    while (node != nullptr && node->is_map()) {
      const std::size_t dot = path.find('.', start);
      node = node->find(path.substr(start, dot == std::string::npos ? dot : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return node != nullptr && node->kind == loader::TreeNode::Kind::scalar ? node->scalar : "";
  }

 private:
  loader::TreeNode base_;
  std::string base_file_;
  std::vector<SourceLocation> variable_where_;
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

// A statistic is one of four short forms, NAME(KPI) or P(KPI OP NUMBER), so a few string
// operations read it; std::regex warns under the sanitizers with g++ 12 (docs/design.md).
std::optional<KpiStatistic> parse_kpi_statistic(const std::string& text, std::string& why) {
  const std::string compact = without_spaces(text);
  KpiStatistic s;
  s.text = compact;
  const std::size_t open = compact.find('(');
  if (open == std::string::npos || compact.back() != ')' || open + 2 > compact.size() - 1) {
    why =
        "is not a statistic: write mean(KPI), median(KPI), pNN(KPI) (a percentile, e.g. p10), "
        "P(KPI) for a 0/1 KPI or P(KPI > x)";
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
    why = fmt::format(
        "'{}' is not a statistic: write mean(KPI), median(KPI), pNN(KPI) (a percentile, e.g. "
        "p10), P(KPI) for a 0/1 KPI or P(KPI > x)",
        excerpt(head));
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
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < variables.size(); ++i)
    texts.push_back(value_text(i, values[i]));
  return variants->make(variables, texts);
}

std::vector<KpiStatistic> OptimizationProblem::measured() const {
  std::vector<KpiStatistic> all;
  if (objective.statistic) all.push_back(*objective.statistic);
  for (const ConstraintSpec& c : constraints)
    all.push_back(c.statistic);
  return all;
}

std::string OptimizationProblem::value_text(std::size_t variable, double value) const {
  if (variables[variable].integer) return fmt::format("{}", std::llround(value));
  return fmt::format("{}", value);
}

bool has_optimize_block(const std::string& path) {
  return loader::has_block(path, "optimize");
}

namespace {

struct VariableRead {
  DecisionVariable variable;
  SourceLocation where;
};

std::optional<VariableRead> read_variable(const loader::MapEntry& entry, Diagnostics& diagnostics) {
  const std::string path = "optimize.variables." + entry.key;
  if (entry.value.kind == TreeNode::Kind::sequence) {
    diagnostics.error(entry.value.where, path,
                      "is a list of choices, but only ranges {min: A, max: B} are searched so "
                      "far; compare choices with `rollout sweep`");
    return std::nullopt;
  }
  loader::MapReader spec(entry.value, path, diagnostics);
  if (!spec.is_map()) return std::nullopt;
  VariableRead read;
  read.variable.path = entry.key;
  read.where = entry.key_where;
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

std::optional<ConstraintSpec> read_constraint(const TreeNode& node, const std::string& path,
                                              Diagnostics& diagnostics) {
  const auto text = loader::read_string(node, path, diagnostics);
  if (!text) return std::nullopt;
  const std::string compact = without_spaces(*text);
  const std::size_t close = compact.rfind(')');
  const std::string rest = close == std::string::npos ? "" : compact.substr(close + 1);
  if (rest.size() < 3 || (rest.rfind(">=", 0) != 0 && rest.rfind("<=", 0) != 0)) {
    diagnostics.error(node.where, path,
                      fmt::format("is '{}', but must be a statistic, >= or <=, and a number, e.g. "
                                  "'P(target_by_deadline) >= 0.8' or 'p10(npv) >= 0'",
                                  excerpt(*text)));
    return std::nullopt;
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
  if (!statistic) {
    diagnostics.error(node.where, path, fmt::format("is '{}', but {}", excerpt(*text), why));
    return std::nullopt;
  }
  if (!value) {
    diagnostics.error(node.where, path,
                      fmt::format("is '{}', but its bound '{}' is not a number", excerpt(*text),
                                  excerpt(rest.substr(2))));
    return std::nullopt;
  }
  c.statistic = *statistic;
  c.bound = percent ? *value / 100 : *value;
  const bool is_probability =
      statistic->kind == KpiStatistic::Kind::probability || info(statistic->kpi).binary();
  if (is_probability && (c.bound < 0 || c.bound > 1)) {
    diagnostics.error(node.where, path,
                      fmt::format("is '{}', but a probability's bound must be in [0, 1] (or 0% "
                                  "to 100%)",
                                  excerpt(*text)));
    return std::nullopt;
  }
  return c;
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
  std::vector<SourceLocation> variable_where;
  const TreeNode* objective_node = nullptr;
  std::string objective_path;
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
          variable_where.push_back(read->where);
        }
      }
      if (n->is_map() && n->entries.empty())
        diagnostics.error(n->where, "optimize.variables", "is empty, but needs a variable");
    }
    const int direction = spec.one_of({"minimize", "maximize"}, true);
    if (direction >= 0) {
      problem.objective.minimize = direction == 0;
      objective_path = spec.path_of(direction == 0 ? "minimize" : "maximize");
      objective_node = spec.optional(direction == 0 ? "minimize" : "maximize");
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
        if (auto v = loader::read_integer(*n, spec.path_of(key), diagnostics,
                                          loader::Range::between(1, 100'000'000)))
          into = static_cast<std::size_t>(*v);
      }
    };
    count("replications", problem.replications);
    count("max_replications", problem.max_replications);
    count("reevaluation_replications", problem.reevaluation_replications);
    if (const TreeNode* n = spec.optional("reevaluation_seed")) {
      if (auto v = loader::read_integer(*n, spec.path_of("reevaluation_seed"), diagnostics,
                                        loader::Range::at_least(0)))
        problem.reevaluation_seed = static_cast<std::uint64_t>(*v);
    }
    if (const TreeNode* n = spec.optional("tolerance"))
      tolerance = loader::read_number(*n, spec.path_of("tolerance"), diagnostics,
                                      loader::Range::positive());
    if (problem.replications && problem.max_replications &&
        *problem.max_replications < *problem.replications) {
      diagnostics.error(spec.where(), "optimize.max_replications",
                        fmt::format("is {}, but must be at least replications ({})",
                                    *problem.max_replications, *problem.replications));
    }
  }
  if (objective_node != nullptr) {
    if (auto text = loader::read_string(*objective_node, objective_path, diagnostics)) {
      problem.objective.text = *text;
      for (std::size_t i = 0; i < problem.variables.size(); ++i) {
        if (problem.variables[i].path == without_spaces(*text)) problem.objective.variable = i;
      }
      std::string why;
      if (!problem.objective.variable) {
        problem.objective.statistic = parse_kpi_statistic(*text, why);
        if (!problem.objective.statistic) {
          diagnostics.error(objective_node->where, objective_path,
                            fmt::format("is '{}', which is neither a variable nor a statistic: {}",
                                        excerpt(*text), why));
        }
      }
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
  auto variants = std::make_shared<PlanVariants>(base, problem.base_file, variable_where);
  for (DecisionVariable& v : problem.variables)
    v.base = parse_number(variants->scalar_at(v.path)).value_or(std::nan(""));
  problem.variants = variants;
  if (tolerance) problem.tolerance = *tolerance;

  // Statistics need the base scenario to say whether it reports their KPIs (economics).
  if (problem.objective.statistic) {
    read_statistic_reported(*problem.objective.statistic, problem.base, *objective_node,
                            objective_path, problem.objective.text, diagnostics);
  }
  for (std::size_t i = 0; i < problem.constraints.size(); ++i) {
    read_statistic_reported(problem.constraints[i].statistic, problem.base,
                            *constraint_nodes[i].first, constraint_nodes[i].second,
                            problem.constraints[i].text, diagnostics);
  }
  // Every variable at both ends of its range must make a valid scenario.
  std::set<std::string> seen;
  for (const bool at_max : {false, true}) {
    std::vector<double> values;
    for (const DecisionVariable& v : problem.variables)
      values.push_back(at_max ? v.max : v.min);
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
  for (std::size_t i = 0; i < problem.variables.size(); ++i) {
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
