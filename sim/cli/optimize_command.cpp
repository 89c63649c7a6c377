#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "rollout/analysis/optimize.hpp"
#include "rollout/analysis/optimize_file.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::cli {
namespace {

std::string values_text(const OptimizationProblem& problem, const std::vector<double>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (problem.variables[i].is_share()) {
      const bool first = i == 0 || !problem.variables[i - 1].is_share();
      if (std::isnan(values[i])) {
        if (first) text += fmt::format("{}the scenario's regional split", i == 0 ? "" : ", ");
        continue;
      }
      text += fmt::format("{}{}{}: {:.1f}%", i == 0 ? "" : ", ", first ? "plan.fixed_shares: " : "",
                          problem.variables[i].share_of, 100 * values[i]);
      continue;
    }
    text += fmt::format(
        "{}{} = {}", i == 0 ? "" : ", ", problem.variables[i].path,
        std::isnan(values[i]) ? "(as in the scenario)" : problem.value_text(i, values[i]));
  }
  return text;
}

// A candidate's values for the table: shares to three decimals, and at most 24 characters
// (optimize.csv has them all, exactly).
std::string table_values(const OptimizationProblem& problem, const std::vector<double>& values) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < values.size(); ++i) {
    texts.push_back(problem.variables[i].is_share() ? fmt::format("{:.3f}", values[i])
                                                    : problem.value_text(i, values[i]));
  }
  std::string text = fmt::format("{}", fmt::join(texts, ", "));
  return text.size() <= 24 ? text : text.substr(0, 21) + "...";
}

void print_figures(std::ostream& out, const std::string& what, const OptimizationProblem& problem,
                   const CandidateResult& r) {
  const std::vector<KpiStatistic> measured = problem.measured();
  fmt::print(out, "  {} (seed {}, {} replications):\n", what, r.seed,
             with_commas(static_cast<double>(r.replications)));
  for (std::size_t i = 0; i < measured.size(); ++i)
    fmt::print(out, "    {:<28} {}\n", measured[i].text,
               estimate_text(measured[i], r.statistics[i]));
}

}  // namespace

int optimize_command(const OptimizeOptions& options, std::ostream& out, std::ostream& err) {
  const OptimizationProblem problem = load_optimization(options.file);
  const OptimizeSettings settings =
      optimize_settings(problem, options.overrides.seed, options.overrides.replications);
  const std::filesystem::path dir = options.out.value_or(std::filesystem::path("results") /
                                                         folder_name("optimize-" + problem.name));
  check_replaceable(dir);  // before the search, not after it
  const std::vector<Scenario> scenarios{problem.base};
  const RunRequest request = run_request(options.overrides, scenarios, err);
  const OptimizationResult result = optimize(problem, settings, request);
  throw_if_interrupted();
  if (!options.overrides.writes) return kExitOk;  // under mpirun: rank 0 writes and prints

  const std::string chosen_name = problem.name + "-optimized";
  StagedFolder staged(dir);
  staged.add({{"optimize.csv", optimize_csv(problem, result)},
              {"optimize.json", optimize_file_text(optimize_file(problem, result))}});
  for (std::size_t member : result.front) {
    staged.add(
        {{fmt::format("front-{}.yaml", member + 1),
          chosen_plan_yaml(problem, result.candidates[member].values,
                           fmt::format("{}-front-{}", problem.name, member + 1), dir.string())}});
  }
  if (result.chosen) {
    staged.add({{"chosen.yaml", chosen_plan_yaml(problem, result.candidates[*result.chosen].values,
                                                 chosen_name, dir.string())}});
  }
  commit_results(staged, options.overrides);

  const std::vector<KpiStatistic> measured = problem.measured();
  std::vector<std::pair<bool, std::string>> objective_texts;
  for (const ObjectiveSpec& o : problem.objectives)
    objective_texts.emplace_back(o.minimize, o.text);
  std::vector<std::string> constraint_texts;
  for (const ConstraintSpec& c : problem.constraints)
    constraint_texts.push_back(c.text);
  fmt::print(out, "{}: {}\n", problem.name, question_text(objective_texts, constraint_texts));
  fmt::print(out, "{}; seed {}, {} replications per candidate{}\n\n", result.method, settings.seed,
             with_commas(static_cast<double>(settings.replications)),
             settings.max_replications > settings.replications
                 ? fmt::format(" (up to {} while a constraint is undecided)",
                               with_commas(static_cast<double>(settings.max_replications)))
                 : "");
  std::string header = fmt::format("  {:>9}  {:<24} {:>12}", "candidate", "values", "replications");
  for (const KpiStatistic& s : measured)
    header += fmt::format("  {:<28}", s.text);
  fmt::print(out, "{}  feasible\n", header);
  for (std::size_t c = 0; c < result.candidates.size(); ++c) {
    const CandidateResult& r = result.candidates[c];
    std::string row = fmt::format("  {:>9}  {:<24} {:>12}", c + 1, table_values(problem, r.values),
                                  with_commas(static_cast<double>(r.replications)));
    for (std::size_t i = 0; i < measured.size(); ++i)
      row += fmt::format("  {:<28}", estimate_text(measured[i], r.statistics[i]));
    fmt::print(out, "{}  {}\n", row, r.feasible ? "yes" : "no");
  }
  fmt::print(out, "\n");
  // Candidates the search could not tell from the bound even at its most replications: the
  // threshold is known to about their range, however finely the bisection went on.
  std::vector<double> undecided;
  for (const CandidateResult& r : result.candidates) {
    if (!constraints_decided(problem, r) && r.values.size() == 1 &&
        !problem.variables[0].is_choice())
      undecided.push_back(r.values[0]);
  }
  if (!undecided.empty()) {
    const auto [lo, hi] = std::minmax_element(undecided.begin(), undecided.end());
    fmt::print(out,
               "{} to {}: within the noise of a bound even at {} replications, so the threshold "
               "is known to about this range (max_replications narrows it)\n\n",
               problem.value_text(0, *lo), problem.value_text(0, *hi),
               with_commas(static_cast<double>(settings.max_replications)));
  }
  if (result.chosen) {
    const CandidateResult& found = result.candidates[*result.chosen];
    fmt::print(out, "chosen: {}\n", values_text(problem, found.values));
    print_figures(out, "as the search saw it", problem, found);
    print_figures(out, "re-evaluated on fresh futures", problem, *result.chosen_again);
    for (std::size_t c = 0; c < problem.constraints.size(); ++c) {
      const ConstraintSpec& constraint = problem.constraints[c];
      const Estimate& again =
          result.chosen_again->statistics[measured.size() - problem.constraints.size() + c];
      if (constraint.satisfied_by(again.value)) continue;
      if (again.decides(constraint.bound)) {
        fmt::print(out,
                   "  note: on fresh futures the chosen plan misses {}: the search's figures were "
                   "partly luck; raise replications or max_replications\n",
                   constraint.text);
      } else {
        fmt::print(out,
                   "  note: on fresh futures the chosen plan is just short of {}, within the noise "
                   "of the estimate (its 95% interval holds the bound)\n",
                   constraint.text);
      }
    }
  } else if (!result.front.empty()) {
    fmt::print(out,
               "Pareto front: {} plans that no other plan meeting the constraints matches on "
               "every objective and beats on one; on fresh futures (seed {}, {} replications):\n",
               result.front.size(), settings.reevaluation_seed,
               with_commas(static_cast<double>(settings.reevaluation_replications)));
    for (std::size_t f = 0; f < result.front.size(); ++f) {
      const CandidateResult& again = result.front_again[f];
      std::string row =
          fmt::format("  {:>9}  {:<24}", result.front[f] + 1, table_values(problem, again.values));
      for (std::size_t i = 0; i < measured.size(); ++i)
        row += fmt::format("  {:<28}", estimate_text(measured[i], again.statistics[i]));
      fmt::print(out, "{}\n", row);
    }
  } else {
    fmt::print(out, "no plan in the range meets the constraints (see the first candidate)\n");
  }
  print_figures(out,
                fmt::format("base plan, {}, on the same fresh futures",
                            values_text(problem, result.base_again.values)),
                problem, result.base_again);
  fmt::print(out, "\nwrote {}: optimize.csv, optimize.json{}{} ({:.1f} s)\n", dir.string(),
             result.chosen ? ", chosen.yaml" : "",
             result.front.empty() ? "" : fmt::format(", front-N.yaml (one per plan of the front)"),
             result.wall_seconds);
  say_report_written(options.overrides, dir, out);
  return kExitOk;
}

RegisteredCommand register_optimize_command(CLI::App& app) {
  auto options = std::make_shared<OptimizeOptions>();
  options->overrides.no_catalog = true;  // candidates are not runs to keep on record
  auto* command = app.add_subcommand(
      "optimize",
      "Find the plan that best meets an objective under chance constraints, on common random "
      "numbers, and re-evaluate it on fresh futures");
  command
      ->add_option("file", options->file,
                   "An optimisation file, or a scenario with an optimize: block")
      ->required();
  add_sampling_options(*command, options->overrides);
  command->get_option("--replications")
      ->description("Replications per candidate (default: the file's, else the scenario's)");
  command->get_option("--seed")->description(
      "The search's seed, a whole number from 0 to 2^64 - 1 (default: the "
      "scenario's); the re-evaluation uses another");
  command->add_option("--out,-o", options->out,
                      "Output folder (default: results/optimize-<scenario name>)");
  command->add_flag("--report", options->overrides.report,
                    "Also write report.html: the chosen plan against the base plan, and every "
                    "candidate");
  return running_command(command, options, &optimize_command);
}

}  // namespace rollout::cli
