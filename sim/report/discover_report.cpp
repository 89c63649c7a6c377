// The discovery section of a `rollout discover` folder's report (discover.json): the PRIM
// trajectory, coverage against density, and the chosen box's input ranges.
#include <fmt/format.h>
#include <cmath>

#include "report/sections.hpp"
#include "rollout/analysis/discover_file.hpp"

namespace rollout::report {
namespace {

std::string bound_text(double value) {
  return std::isfinite(value) ? fmt::format("{:.4g}", value) : "–";
}

std::string percent(double share) {
  return fmt::format("{:.1f}%", 100 * share);
}

}  // namespace

void write_discovery_section(Page& page, const std::filesystem::path& dir) {
  const auto file = dir / "discover.json";
  const DiscoverFile d = parse_discover_file(read_text(file), file.string());
  if (d.trajectory.empty() || d.chosen_box >= d.trajectory.size())
    throw InputError(fmt::format("{}: chosen box {} is not in its trajectory of {} boxes",
                                 file.string(), d.chosen_box, d.trajectory.size()));
  const BoxRecord& chosen = d.trajectory[d.chosen_box];
  page.heading(2, fmt::format("Where {} concentrates", d.condition), "discovery");
  page.facts(
      {{"Condition", fmt::format("{}: {} of {} replications ({})", d.condition,
                                 d.replications_meeting_it, d.replications, percent(d.share))},
       {"Chosen box",
        fmt::format("box {}: holds {} of the replications meeting it (coverage), and {} of the "
                    "replications inside meet it (density), against {} overall; {} of all "
                    "replications fall inside (support)",
                    d.chosen_box, percent(chosen.coverage), percent(chosen.density),
                    percent(d.share), percent(chosen.support))}});
  page.note(
      "PRIM peels the space of uncertain inputs a slice at a time, keeping the part where the "
      "condition is densest: each point is one box of the trajectory, from box 0 (every "
      "replication: coverage 100%, density the overall share) to the last. Further along, a box "
      "is denser but covers fewer of the cases; the chosen box is highlighted.");
  svg::Scatter trajectory;
  trajectory.id = "prim-trajectory";
  trajectory.title = "PRIM trajectory: coverage against density, one point per box";
  trajectory.x_label = "coverage (share of the replications meeting the condition inside)";
  trajectory.y_label = "density (share inside meeting it)";
  trajectory.x_scale = svg::Scale::percent;
  trajectory.y_scale = svg::Scale::percent;
  trajectory.join_highlighted = false;
  trajectory.join_in_order = true;
  trajectory.path_name = "peeling order";
  trajectory.highlight_name = "chosen box";
  trajectory.other_name = "other boxes";
  for (const BoxRecord& b : d.trajectory) {
    const bool is_chosen = b.box == d.chosen_box;
    trajectory.points.push_back(
        {b.coverage, b.density, is_chosen ? fmt::format("box {}", b.box) : "",
         fmt::format("box {}: coverage {}, density {}, support {}, {} restriction(s)", b.box,
                     percent(b.coverage), percent(b.density), percent(b.support),
                     b.restrictions.size()),
         is_chosen});
  }
  page.chart(svg::render(trajectory));

  Table t;
  t.id = "discover-box";
  t.caption = fmt::format(
      "The inputs box {} restricts (sampled values, inclusive; – where that side is open), and "
      "the box's density with each restriction dropped: the larger the fall from {}, the more "
      "that input matters.",
      d.chosen_box, percent(chosen.density));
  t.header = {"input", "from", "to", "density without it"};
  t.numeric = {false, true, true, true};
  for (const auto& [input, r] : chosen.restrictions)
    t.rows.push_back({input, bound_text(r.lower), bound_text(r.upper), percent(r.density_without)});
  if (t.rows.empty())
    page.note("The chosen box restricts no input: it is every replication.");
  else
    page.table(t);
}

}  // namespace rollout::report
