// The run report's tile-grid maps of the regions (regions.csv; tiles from the scenario's
// regions data, docs/scenarios.md): where the stores end up, and how well they sell.
#include <fmt/format.h>
#include <algorithm>
#include <map>

#include "report/sections.hpp"
#include "rollout/results/number_format.hpp"

namespace rollout::report {

void write_region_maps(Page& page, const RunFolder& run, const LabelNames& names) {
  if (!run.scenario) return;
  const std::vector<Region>& regions = run.scenario->regions;
  const bool tiled = !regions.empty() && std::all_of(regions.begin(), regions.end(),
                                                     [](const Region& r) { return r.tile; });
  std::error_code ec;
  if (!tiled || !std::filesystem::exists(run.dir / "regions.csv", ec)) return;
  const NamedCsv csv = read_named_csv(run.dir / "regions.csv");
  std::map<std::string, const std::vector<loader::CsvField>*> by_region;
  for (const auto& row : csv.rows)
    by_region[csv.cell(row, "region")] = &row;
  const auto map_of = [&](const std::string& id, const std::string& title,
                          const std::string& value_label, const std::string& stat,
                          svg::Scale scale) {
    svg::TileMap map;
    map.id = id;
    map.title = title;
    map.value_label = value_label;
    map.scale = scale;
    for (const Region& r : regions) {
      const auto found = by_region.find(r.name);
      const auto value = [&](const std::string& column) {
        return found == by_region.end() ? NAN : cell_number(csv.cell(*found->second, column));
      };
      const double median = value(stat + "_p50");
      map.tiles.push_back({r.tile->row, r.tile->column, r.name, median,
                           fmt::format("{}{}: median {} (90% of replications between {} and {})",
                                       r.name, r.group.empty() ? "" : " (" + r.group + ")",
                                       svg::format_value(median, scale),
                                       svg::format_value(value(stat + "_p5"), scale),
                                       svg::format_value(value(stat + "_p95"), scale))});
    }
    page.chart(svg::render(map));
  };
  map_of("region-map-stores",
         fmt::format("{} stores by region at the end (median over replications)", names.brand),
         "median stores", "stores", svg::Scale::count);
  map_of("region-map-units-per-store",
         fmt::format("Units per {} store a month by region, last month (median)", names.brand),
         "median units a month", "units_per_store", svg::Scale::plain);
}

}  // namespace rollout::report
