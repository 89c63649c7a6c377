#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/text_similarity.hpp"
#include "loader/csv_table.hpp"
#include "loader/readers.hpp"

namespace rollout::loader {
namespace {

TreeNode scalar_node(const std::string& text, const SourceLocation& where) {
  TreeNode n;
  n.kind = text.empty() ? TreeNode::Kind::null : TreeNode::Kind::scalar;
  n.scalar = text;
  n.where = where;
  return n;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The region key a CSV column maps to; "" for an unknown column.
std::string column_key(const std::string& column) {
  static const std::vector<std::string> direct{
      "population_millions", "gdp_per_capita", "neighbours", "offline_share",
      "focal_capacity",      "group",          "tile_row",   "tile_column"};
  if (std::find(direct.begin(), direct.end(), column) != direct.end()) return column;
  if (column.rfind("gdp_per_capita_", 0) == 0) return "gdp_per_capita";  // the unit is free
  if (column == "macro_region") return "group";
  if (column.rfind("initial_stores.", 0) == 0 && column.size() > 15) return column;
  return "";
}

// Turns a CSV table into the same tree an inline `regions:` map gives, so one reader
// serves both and every cell keeps its line and column.
std::optional<TreeNode> csv_to_tree(const CsvTable& table, Diagnostics& diagnostics) {
  // Without a region column this is no regions table (a wrong path, /etc/passwd): one
  // message, and none of its cells, which may be private.
  const bool has_region_column =
      std::any_of(table.header.begin(), table.header.end(), [](const CsvField& f) {
        const std::string column = trim(f.text);
        return column == "region" || column == "name";
      });
  if (!has_region_column) {
    diagnostics.error({table.file, 1, 1}, "regions_file",
                      "is not a regions table: the header has no 'region' column");
    return std::nullopt;
  }
  int name_column = -1;
  std::vector<std::string> keys;
  bool ok = true;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string column = trim(table.header[c].text);
    const SourceLocation where{table.file, table.header[c].line, table.header[c].column};
    if ((column == "region" || column == "name") && name_column < 0) {
      name_column = static_cast<int>(c);
      keys.emplace_back();
      continue;
    }
    keys.push_back(column_key(column));
    if (keys.back().empty()) {
      std::string message = fmt::format(
          "unknown column '{}'; expected region, population_millions, gdp_per_capita[_UNIT], "
          "neighbours, offline_share, focal_capacity, group (or macro_region), tile_row, "
          "tile_column, initial_stores.BRAND",
          excerpt(column));
      const std::vector<std::string> known{"region",     "population_millions", "gdp_per_capita",
                                           "neighbours", "offline_share",       "focal_capacity",
                                           "group",      "macro_region",        "tile_row",
                                           "tile_column"};
      if (auto s = closest_match(column, known)) message += fmt::format("; did you mean '{}'?", *s);
      diagnostics.error(where, "regions_file", message);
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  TreeNode root;
  root.kind = TreeNode::Kind::map;
  root.where = {table.file, 1, 1};
  for (const auto& row : table.rows) {
    const CsvField& name_cell = row[static_cast<std::size_t>(name_column)];
    TreeNode region;
    region.kind = TreeNode::Kind::map;
    region.where = {table.file, name_cell.line, name_cell.column};
    TreeNode stores;
    stores.kind = TreeNode::Kind::map;
    stores.where = region.where;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (static_cast<int>(c) == name_column) continue;
      const SourceLocation where{table.file, row[c].line, row[c].column};
      const std::string text = trim(row[c].text);
      if (keys[c] == "neighbours") {
        TreeNode list;
        list.kind = TreeNode::Kind::sequence;
        list.where = where;
        std::stringstream parts(text);
        std::string part;
        while (std::getline(parts, part, ';')) {
          if (!trim(part).empty()) list.items.push_back(scalar_node(trim(part), where));
        }
        region.entries.push_back({keys[c], where, std::move(list)});
      } else if (keys[c].rfind("initial_stores.", 0) == 0) {
        stores.entries.push_back({keys[c].substr(15), where, scalar_node(text, where)});
      } else {
        region.entries.push_back({keys[c], where, scalar_node(text, where)});
      }
    }
    if (!stores.entries.empty())
      region.entries.push_back({"initial_stores", region.where, std::move(stores)});
    root.entries.push_back({trim(name_cell.text), region.where, std::move(region)});
  }
  return root;
}

std::optional<TreeNode> load_regions_file(const TreeNode& node, Diagnostics& diagnostics) {
  const auto name = read_string(node, "regions_file", diagnostics);
  if (!name) return std::nullopt;
  const std::filesystem::path base = std::filesystem::path(node.where.file).parent_path();
  const std::string path = (base / *name).lexically_normal().string();
  const std::string extension = std::filesystem::path(path).extension().string();
  if (extension == ".yaml" || extension == ".yml") {
    return read_yaml_file(path, node.where, "regions_file", diagnostics);
  }
  if (extension != ".csv") {
    diagnostics.error(
        node.where, "regions_file",
        fmt::format("is '{}', but must name a .csv, .yaml or .yml file", excerpt(*name)));
    return std::nullopt;
  }
  const auto text = read_text_file(path, node.where, "regions_file", diagnostics);
  if (!text) return std::nullopt;
  if (!check_utf8(*text, path, diagnostics)) return std::nullopt;
  const auto table = parse_csv(*text, path, diagnostics);
  if (!table) return std::nullopt;
  return csv_to_tree(*table, diagnostics);
}

Region read_region(const MapEntry& entry, Diagnostics& diagnostics) {
  Region r;
  r.name = entry.key;
  r.where = entry.key_where;
  // Labels, file rows and neighbour lists name a region: it needs a name to be named by.
  if (entry.key.empty())
    diagnostics.error(entry.key_where, "regions", "has a region named '', but a name is required");
  MapReader map(entry.value, join_path("regions", entry.key), "regions.*", diagnostics);
  if (!map.is_map()) return r;
  if (const TreeNode* n = map.required("population_millions")) {
    r.population_millions = read_number(*n, map.path_of("population_millions"), diagnostics,
                                        map.range("population_millions"))
                                .value_or(0);
  }
  if (const TreeNode* n = map.required("gdp_per_capita")) {
    r.gdp_per_capita =
        read_number(*n, map.path_of("gdp_per_capita"), diagnostics, map.range("gdp_per_capita"))
            .value_or(0);
  }
  if (const TreeNode* n = map.optional("offline_share")) {
    r.offline_share =
        read_number(*n, map.path_of("offline_share"), diagnostics, map.range("offline_share"));
  }
  if (const TreeNode* n = map.optional("neighbours")) {
    const std::string path = map.path_of("neighbours");
    if (n->kind != TreeNode::Kind::sequence) {
      diagnostics.error(n->where, path,
                        fmt::format("is {}, but must be a list of region names", n->kind_name()));
    } else {
      for (std::size_t i = 0; i < n->items.size(); ++i) {
        if (auto name = read_string(n->items[i], fmt::format("{}[{}]", path, i), diagnostics)) {
          r.neighbours.push_back(*name);
        }
      }
    }
  }
  if (const TreeNode* n = map.optional("initial_stores")) {
    const std::string path = map.path_of("initial_stores");
    MapReader stores(*n, path, "regions.*.initial_stores", diagnostics);
    if (stores.is_map()) {
      for (const MapEntry& e : n->entries) {
        if (const TreeNode* count = stores.optional(e.key)) {
          if (auto v =
                  read_integer(*count, stores.path_of(e.key), diagnostics, stores.range(e.key))) {
            r.initial_stores.emplace_back(e.key, *v);
          }
        }
      }
    }
  }
  if (const TreeNode* n = map.optional("focal_capacity")) {
    r.focal_capacity =
        read_integer(*n, map.path_of("focal_capacity"), diagnostics, map.range("focal_capacity"));
  }
  if (const TreeNode* n = map.optional("group"))
    r.group = read_string(*n, map.path_of("group"), diagnostics).value_or("");
  // A place on the report's tile map: both coordinates or neither (an empty CSV cell is none).
  const TreeNode* row = map.optional("tile_row");
  const TreeNode* column = map.optional("tile_column");
  if ((row == nullptr) != (column == nullptr)) {
    const std::string given = row != nullptr ? "tile_row" : "tile_column";
    const std::string missing = row != nullptr ? "tile_column" : "tile_row";
    diagnostics.error((row != nullptr ? row : column)->where, map.path_of(given),
                      fmt::format("is given without {}: a tile needs both", missing));
  } else if (row != nullptr) {
    const auto r_row =
        read_integer(*row, map.path_of("tile_row"), diagnostics, map.range("tile_row"));
    const auto r_column =
        read_integer(*column, map.path_of("tile_column"), diagnostics, map.range("tile_column"));
    if (r_row && r_column) r.tile = TilePosition{*r_row, *r_column};
  }
  return r;
}

void report_unknown_name(const std::string& name, const std::vector<std::string>& known,
                         std::string_view what, const SourceLocation& where,
                         const std::string& path, Diagnostics& diagnostics) {
  std::string message = fmt::format("'{}' is not a {} of this scenario", excerpt(name), what);
  if (diagnostics.full()) return diagnostics.error(where, path, message);  // counted only
  if (auto m = closest_match(name, known)) message += fmt::format("; did you mean '{}'?", *m);
  diagnostics.error(where, path, message);
}

// Two regions cannot share a tile of the map.
void check_tiles(const TreeNode& node, const std::vector<Region>& regions,
                 Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (!regions[i].tile) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (!regions[j].tile || regions[j].tile->row != regions[i].tile->row ||
          regions[j].tile->column != regions[i].tile->column)
        continue;
      const TreeNode* entry = node.find(regions[i].name);
      const TreeNode* row = entry != nullptr && entry->is_map() ? entry->find("tile_row") : nullptr;
      diagnostics.error(
          row != nullptr ? row->where : regions[i].where,
          join_path(join_path("regions", regions[i].name), "tile_row"),
          fmt::format("puts '{}' on row {}, column {}, the tile of '{}'", excerpt(regions[i].name),
                      regions[i].tile->row, regions[i].tile->column, excerpt(regions[j].name)));
      break;
    }
  }
}

// Neighbours must be regions, not the region itself, and listed both ways; store
// tables must name brands.
void check_references(const TreeNode& node, const std::vector<Region>& regions,
                      const std::vector<Brand>& brands, Diagnostics& diagnostics) {
  std::vector<std::string> region_names, brand_names;
  for (const Region& r : regions)
    region_names.push_back(r.name);
  for (const Brand& b : brands)
    brand_names.push_back(b.name);
  auto lists = [](const Region& r, const std::string& other) {
    return std::find(r.neighbours.begin(), r.neighbours.end(), other) != r.neighbours.end();
  };
  for (const Region& r : regions) {
    const TreeNode* entry = node.find(r.name);
    const std::string path = join_path(join_path("regions", r.name), "neighbours");
    const TreeNode* list =
        entry != nullptr && entry->is_map() ? entry->find("neighbours") : nullptr;
    for (std::size_t i = 0; list != nullptr && i < list->items.size() && i < r.neighbours.size();
         ++i) {
      const std::string& n = r.neighbours[i];
      const SourceLocation& where = list->items[i].where;
      const auto other = std::find_if(regions.begin(), regions.end(),
                                      [&](const Region& x) { return x.name == n; });
      if (other == regions.end()) {
        report_unknown_name(n, region_names, "region", where, path, diagnostics);
      } else if (std::find(r.neighbours.begin(), r.neighbours.begin() + static_cast<long>(i), n) !=
                 r.neighbours.begin() + static_cast<long>(i)) {
        // A border listed twice would count twice in the neighbour averages.
        diagnostics.error(where, path, fmt::format("lists '{}' twice", excerpt(n)));
      } else if (n == r.name) {
        diagnostics.error(where, path, fmt::format("'{}' lists itself as a neighbour", excerpt(n)));
      } else if (!lists(*other, r.name)) {
        diagnostics.error(
            where, path,
            fmt::format("'{}' lists '{}' as a neighbour, but '{}' does not list '{}': borders "
                        "are symmetric",
                        excerpt(r.name), excerpt(n), excerpt(n), excerpt(r.name)));
      }
    }
    const TreeNode* stores =
        entry != nullptr && entry->is_map() ? entry->find("initial_stores") : nullptr;
    if (stores == nullptr || !stores->is_map()) continue;
    for (const MapEntry& e : stores->entries) {
      if (std::find(brand_names.begin(), brand_names.end(), e.key) == brand_names.end() &&
          !brand_names.empty()) {
        report_unknown_name(
            e.key, brand_names, "brand", e.key_where,
            join_path(join_path(join_path("regions", r.name), "initial_stores"), e.key),
            diagnostics);
      }
    }
  }
}

}  // namespace

std::vector<Region> read_regions(MapReader& top, const std::vector<Brand>& brands,
                                 Diagnostics& diagnostics) {
  std::vector<Region> regions;
  const int which = top.one_of({"regions", "regions_file"}, true);
  if (which < 0) return regions;
  std::optional<TreeNode> loaded;
  const TreeNode* node = nullptr;
  if (which == 0) {
    node = top.optional("regions");
  } else {
    loaded = load_regions_file(*top.optional("regions_file"), diagnostics);
    if (!loaded) return regions;
    node = &*loaded;
  }
  if (!node->is_map()) {
    diagnostics.error(
        node->where, "regions",
        fmt::format("is {}, but must be a map from region name to its data", node->kind_name()));
    return regions;
  }
  report_duplicate_keys(*node, "regions", "region", diagnostics);
  for (const MapEntry& entry : node->entries) {
    if (std::any_of(regions.begin(), regions.end(),
                    [&](const Region& r) { return r.name == entry.key; }))
      continue;
    regions.push_back(read_region(entry, diagnostics));
  }
  if (regions.empty())
    diagnostics.error(node->where, "regions", "is empty, but needs at least one region");
  check_references(*node, regions, brands, diagnostics);
  check_tiles(*node, regions, diagnostics);
  return regions;
}

}  // namespace rollout::loader
