// The report of `rollout optimize`: the chosen plan and its figures on fresh futures first, the
// base plan beside it, then every candidate the search evaluated, in order.
#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>

#include "loader/csv_table.hpp"
#include "report/sections.hpp"
#include "rollout/analysis/optimize.hpp"
#include "rollout/analysis/optimize_file.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::report {
namespace {

// More variables than this make the candidates' table too wide: optimize.csv has them.
constexpr std::size_t kMaxVariableColumns = 6;

// "plan.opening_capacity_per_month = 954", shares as a percentage each.
std::string values_text(const std::vector<std::pair<std::string, PlanValue>>& values) {
  std::vector<std::string> parts;
  for (const auto& [path, value] : values) {
    const double* share = std::get_if<double>(&value);
    const std::string shown = std::holds_alternative<std::monostate>(value) ? "as in the scenario"
                              : share != nullptr && path.rfind("plan.fixed_shares.", 0) == 0
                                  ? fmt::format("{:.1f}%", 100 * *share)
                                  : plan_value_text(value);
    parts.push_back(fmt::format("{} = {}", path, shown));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

void write_optimize_report(Page& page, const std::filesystem::path& dir) {
  const OptimizeFile about =
      parse_optimize_file(read_text(dir / "optimize.json"), (dir / "optimize.json").string());
  std::vector<KpiStatistic> measured;  // as optimize.csv's columns name them
  std::vector<std::string> names;
  const std::vector<std::pair<bool, std::string>>& objectives = about.objectives;
  const std::string objective_text = objectives.front().second;
  std::string why;
  for (const std::string& text : [&] {
         std::vector<std::string> all;
         for (const auto& o : objectives)
           all.push_back(o.second);
         for (const std::string& t : about.constraints)
           all.push_back(t.substr(0, t.find_last_of(')') + 1));
         return all;
       }()) {
    if (auto s = parse_kpi_statistic(text, why)) {
      measured.push_back(*s);
      names.push_back(s->text);
    }
  }

  page.heading(1, fmt::format("Optimisation: {}", about.scenario));
  std::string question = question_text(objectives, about.constraints);
  question[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(question[0])));
  page.paragraph(question);

  page.heading(2, "The answer", "answer");
  const std::optional<PlanRecord>& chosen = about.chosen;
  const PlanRecord& base = about.base;
  std::vector<std::pair<std::string, std::string>> answer;
  // Each statistic of a plan's re-evaluation, as "NAME WHERE: value [lo, hi]".
  auto add_figures = [&](const PlanRecord& plan, const std::string& where) {
    for (std::size_t i = 0; i < measured.size(); ++i) {
      if (const Estimate* e = plan.reevaluation.find(names[i]))
        answer.push_back({fmt::format("{} {}", names[i], where), estimate_text(measured[i], *e)});
    }
  };
  const std::vector<PlanRecord>& front = about.front;
  if (!front.empty()) {
    answer.push_back(
        {"Pareto front",
         fmt::format("{} plans that no other plan meeting the constraints matches on every "
                     "objective and beats on one (below, each on fresh futures)",
                     front.size())});
  } else if (!chosen) {
    answer.push_back({"Chosen plan", "none: no candidate met the constraints"});
  } else {
    answer.push_back({"Chosen plan", values_text(chosen->values)});
    add_figures(*chosen, "on fresh futures");
  }
  answer.push_back({"Base plan", values_text(base.values)});
  add_figures(base, "of the base plan, same futures");
  page.facts(answer);
  if (!front.empty()) {
    Table t;
    t.id = "front-table";
    t.caption = "The front, each plan on fresh futures (its file: front-N.yaml).";
    t.header = {"#", "values"};
    t.numeric = {true, false};
    for (const std::string& n : names) {
      t.header.push_back(n + " [95%]");
      t.numeric.push_back(true);
    }
    for (const PlanRecord& member : front) {
      std::vector<std::string> cells{std::to_string(member.candidate.value_or(0)),
                                     values_text(member.values)};
      for (std::size_t i = 0; i < names.size(); ++i) {
        const Estimate* e = member.reevaluation.find(names[i]);
        cells.push_back(e != nullptr ? estimate_text(measured[i], *e) : "");
      }
      t.rows.push_back(cells);
    }
    page.table(t);
  }
  page.note(fmt::format(
      "Fresh futures: seed {}, {} replications, which the search never saw; its own figures "
      "lean optimistic, as it chose the plan partly for its luck on its futures.",
      about.reevaluation_seed, with_commas(static_cast<double>(about.reevaluation_replications))));

  const auto count = [](std::uint64_t n) { return with_commas(static_cast<double>(n)); };
  page.facts({{"Method", about.method},
              {"Candidates", count(about.candidates)},
              {"Replications per candidate",
               fmt::format("{} (up to {} while a constraint was undecided)",
                           count(about.search_replications), count(about.search_max_replications))},
              {"Seed of the search", std::to_string(about.search_seed)},
              {"Wall time", fmt::format("{:.1f} s", about.wall_seconds)}});

  // The candidates, from optimize.csv.
  const NamedCsv csv = read_named_csv(dir / "optimize.csv");
  std::vector<std::string> variables;
  for (const VariableRecord& v : about.variables)
    variables.push_back(v.path);

  svg::Scatter progress;
  progress.id = "candidates";
  progress.title = "Every candidate in the order the search ran it";
  progress.x_label = "candidate";
  progress.y_label = objective_text;
  progress.join_highlighted = false;
  progress.highlight_name = "meets the constraints";
  progress.other_name = "misses a constraint";
  // The objective is a variable or the first statistic measured.
  const bool objective_is_statistic =
      std::find(variables.begin(), variables.end(), objective_text) == variables.end() &&
      !measured.empty();
  progress.y_scale = objective_is_statistic && (measured.front().is_probability() ||
                                                is_fraction_kpi(measured.front().kpi))
                         ? svg::Scale::percent
                         : svg::Scale::count;

  // Several objectives: the first two against each other, the front joined.
  auto objective_column = [&](const std::string& text) {
    if (std::find(variables.begin(), variables.end(), text) != variables.end()) return text;
    const auto s = parse_kpi_statistic(text, why);
    return s ? s->text : text;
  };
  auto scale_of = [&](const std::string& text) {
    const auto s = parse_kpi_statistic(text, why);
    return s && (s->is_probability() || is_fraction_kpi(s->kpi)) ? svg::Scale::percent
                                                                 : svg::Scale::count;
  };
  svg::Scatter tradeoff;
  tradeoff.id = "front";
  tradeoff.title = "The plans that meet the constraints, and their Pareto front";
  if (objectives.size() >= 2) {
    tradeoff.x_label = objectives[0].second;
    tradeoff.y_label = objectives[1].second;
    tradeoff.x_scale = scale_of(objectives[0].second);
    tradeoff.y_scale = scale_of(objectives[1].second);
  }

  Table t;
  t.id = "candidate-table";
  t.caption =
      "Every candidate of the search; the chosen one in bold. optimize.csv has them all, "
      "with every value exactly.";
  t.header = {"#"};
  t.numeric = {true};
  const bool variable_columns = variables.size() <= kMaxVariableColumns;
  for (const std::string& v : variables) {
    if (!variable_columns) break;
    t.header.push_back(v);
    t.numeric.push_back(true);
  }
  t.header.push_back("replications");
  t.numeric.push_back(true);
  for (const std::string& n : names) {
    if (!csv.has(n)) continue;
    t.header.push_back(n + " [95%]");
    t.numeric.push_back(true);
  }
  t.header.push_back("meets the constraints");
  t.numeric.push_back(false);
  for (const auto& row : csv.rows) {
    if (csv.cell(row, "stage") != "search") continue;
    const std::string number = csv.cell(row, "plan");
    std::vector<std::string> cells{number};
    for (const std::string& v : variables)
      if (variable_columns) cells.push_back(csv.cell(row, v));
    cells.push_back(with_commas(cell_number(csv.cell(row, "replications"))));
    std::string tooltip = fmt::format("candidate {}", number);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!csv.has(names[i])) continue;
      cells.push_back(
          estimate_text(measured[i], Estimate{cell_number(csv.cell(row, names[i])),
                                              cell_number(csv.cell(row, names[i] + ".lo95")),
                                              cell_number(csv.cell(row, names[i] + ".hi95"))}));
      tooltip += fmt::format("\n{}: {}", names[i], cells.back());
    }
    const bool feasible = csv.cell(row, "feasible") == "1";
    cells.push_back(feasible ? "yes" : "no");
    const double y = objective_is_statistic ? cell_number(csv.cell(row, names.front()))
                                            : cell_number(csv.cell(row, objective_text));
    progress.points.push_back({cell_number(number), y, "", tooltip, feasible});
    if (objectives.size() >= 2 && feasible) {
      tradeoff.points.push_back({cell_number(csv.cell(row, objective_column(objectives[0].second))),
                                 cell_number(csv.cell(row, objective_column(objectives[1].second))),
                                 "#" + number, tooltip, csv.cell(row, "front") == "1"});
    }
    t.rows.push_back(cells);
    t.emphasised_rows.push_back(csv.cell(row, "chosen") == "1");
  }
  page.heading(2, "The search", "search");
  page.note(
      "Each point is one candidate plan, run on the same futures as every other; filled "
      "points meet the constraints. The chosen plan is the best of those.");
  if (objectives.size() >= 2) page.chart(svg::render(tradeoff));
  page.chart(svg::render(progress));
  page.table(t);
}

}  // namespace rollout::report
