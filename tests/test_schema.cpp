// The JSON Schema of `rollout schema` against the loader and the docs. The schema is
// written from the loader's key table (sim/loader/scenario_keys.cpp); the loader throws
// InternalError for a key it reads that the table lacks, which every loading test would
// hit. These tests check the other directions: every key of the schema is one the loader
// reads, is named in docs/, and has the type, range and default the loader applies.
//
// The schema files the shipped scenarios name (scenarios/schema/*.json) must equal the
// command's output. After a change to the key table, rewrite them and review the diff:
//
//   ROLLOUT_UPDATE_GOLDEN=1 build/test/tests/rollout_tests -tc="schema*"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "engine_helpers.hpp"
#include "rollout/loader/optimization_file.hpp"
#include "rollout/loader/scenario_loader.hpp"
#include "rollout/loader/scenario_schema.hpp"
#include "rollout/loader/sweep_file.hpp"
#include "sandbox.hpp"

namespace {

using Json = nlohmann::json;

Json schema_of(rollout::SchemaDocument document) {
  return Json::parse(rollout::scenario_json_schema(document));
}

// Every key path of an object schema with the key's schema, `*` for a name the file chooses
// (a brand, a region); lists are left out (their items sit behind an index).
void index_schema(const Json& schema, const std::string& prefix, std::map<std::string, Json>& out) {
  const auto visit = [&](const std::string& key, const Json& child) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    out[path] = child;
    index_schema(child, path, out);
  };
  if (schema.contains("properties")) {
    for (const auto& [key, child] : schema["properties"].items())
      visit(key, child);
  }
  if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
    visit("*", schema["additionalProperties"]);
  if (schema.contains("oneOf")) {  // an optimize variable: a range {min, max} among others
    for (const Json& alternative : schema["oneOf"]) {
      if (alternative.contains("properties")) index_schema(alternative, prefix, out);
    }
  }
}

// The key paths of the complete scenario schema.
std::vector<std::string> scenario_key_paths() {
  std::map<std::string, Json> keys;
  index_schema(schema_of(rollout::SchemaDocument::scenario)["$defs"]["complete"], "", keys);
  std::vector<std::string> paths;
  for (const auto& entry : keys)
    paths.push_back(entry.first);
  return paths;
}

// A name for `*` at `parent` that the base scenario (tests/data/valid/minimal.yaml) has, so
// that the reader of the entry runs.
std::string name_at(const std::string& parent) {
  if (parent == "brands" || parent.ends_with("initial_stores")) return "Rival";
  if (parent == "regions" || parent == "plan.fixed_shares") return "South";
  if (parent == "plan.formats" || parent == "economics.formats") return "standard";
  if (parent == "sweep.levers") return "plan.allocation";
  if (parent == "optimize.variables") return "plan.target_stores";
  FAIL("no name for the entries of " << parent);
  return "";
}

// `path` written as nested YAML maps ending in `key: null`, with an unknown key beside it.
std::string overlay_setting(const std::vector<std::string>& keys) {
  std::string yaml, indent;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    yaml += indent + "\"" + keys[i] + "\":" + (i + 1 < keys.size() ? "\n" : " null\n");
    if (i + 1 < keys.size()) indent += "  ";
  }
  return yaml + indent + "zz_not_a_key: null\n";
}

std::vector<rollout::Diagnostic> problems_of(const std::string& file, const std::string& path) {
  try {
    if (path.starts_with("sweep.")) {
      rollout::load_sweep(file);
    } else if (path.starts_with("optimize.")) {
      rollout::load_optimization(file);
    } else {
      rollout::load_scenario(file);
    }
  } catch (const rollout::InputError& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

TEST_CASE("schema: every key it lists is one the loader reads, and only those are") {
  // For each key path of the schema, a variant of minimal.yaml sets that key (to null, "use
  // the default") next to an unknown key. The loader must call the unknown key unknown,
  // which shows that the reader of that block ran, and must not call the schema's key so.
  const std::vector<std::string> paths = scenario_key_paths();
  REQUIRE(paths.size() > 120);
  test::Sandbox box("rollout-schema-keys");
  int checked = 0;
  for (const std::string& path : paths) {
    if (path.ends_with("*") || path == "extends") continue;  // an entry itself; the base link
    CAPTURE(path);
    std::vector<std::string> keys;
    std::string resolved, parent;
    std::stringstream split(path);
    for (std::string key; std::getline(split, key, '.');) {
      // A lever's or variable's key path is one key holding dots.
      if (parent == "sweep.levers" || parent == "optimize.variables") {
        if (key != "*") continue;
      }
      const std::string name = key == "*" ? name_at(parent) : key;
      keys.push_back(name);
      resolved = resolved.empty() ? name : resolved + "." + name;
      parent = parent.empty() ? key : parent + "." + key;
    }
    const std::string file = box.scenario("probe.yaml", overlay_setting(keys));
    const auto problems = problems_of((box.dir() / file).string(), path);
    const std::string parent_path = resolved.substr(0, resolved.rfind('.') + 1);
    bool sentinel_reported = false;
    for (const rollout::Diagnostic& d : problems) {
      CHECK_MESSAGE(!(d.path == resolved && d.message.starts_with("unknown key")), d.to_string());
      if (d.path == parent_path + "zz_not_a_key" && d.message.starts_with("unknown key"))
        sentinel_reported = true;
    }
    CHECK_MESSAGE(sentinel_reported, "the reader of " << parent_path << " did not run");
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("schema: every key is named in docs/scenarios.md or docs/optimize.md") {
  const std::string docs = test::read_file(test::source("docs/scenarios.md")) +
                           test::read_file(test::source("docs/optimize.md"));
  const std::vector<std::string> paths = scenario_key_paths();
  for (const std::string& path : paths) {
    std::string key = path.substr(path.rfind('.') + 1);
    if (key == "*") continue;
    CAPTURE(path);
    // `units_per_year` (or `_millions`): the twin is documented with its base key.
    if (key.ends_with("_millions")) {
      CHECK(docs.find("(or `_millions`)") != std::string::npos);
      key = key.substr(0, key.size() - std::string("_millions").size());
    }
    const bool named = docs.find("`" + key + "`") != std::string::npos ||
                       docs.find("." + key + "`") != std::string::npos ||
                       docs.find("  " + key + ":") != std::string::npos;
    CHECK_MESSAGE(named, key << " is not named in docs/");
  }
}

TEST_CASE("schema: types, ranges, defaults and choices are the loader's") {
  const Json schema = schema_of(rollout::SchemaDocument::scenario);
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  const Json& complete = schema["$defs"]["complete"];
  const Json& plan = complete["properties"]["plan"];
  CHECK(plan["properties"]["target_stores"]["type"] == "integer");
  CHECK(plan["properties"]["target_stores"]["minimum"] == 0);
  CHECK(plan["properties"]["reach_fraction"]["exclusiveMinimum"] == 0);
  CHECK(plan["properties"]["reach_fraction"]["maximum"] == 1);
  CHECK(plan["properties"]["reach_fraction"]["default"] == 0.99);
  CHECK(plan["properties"]["allocation"]["enum"] ==
        Json::array({"population", "demand", "headroom", "marginal", "fixed"}));
  CHECK(plan["properties"]["allocation"]["default"] == "demand");
  const Json required = plan["required"];
  for (const char* key : {"target_stores", "deadline_month", "opening_capacity_per_month",
                          "density_cap_per_million", "formats"}) {
    CAPTURE(key);
    CHECK(std::find(required.begin(), required.end(), key) != required.end());
  }
  // A param: a number in its range, or a distribution of DistributionSpelling's.
  const Json& execution = plan["properties"]["execution_rate"];
  CHECK(execution["oneOf"][0]["minimum"] == 0);
  CHECK(execution["oneOf"][0]["maximum"] == 1);
  CHECK(execution["oneOf"][1]["$ref"] == "#/$defs/distribution");
  CHECK(execution["default"] == 1);
  CHECK(execution["description"].get<std::string>().find("Unit: fraction.") != std::string::npos);
  std::vector<std::string> kinds;
  for (const Json& d : schema["$defs"]["distribution"]["oneOf"])
    kinds.push_back(d["required"][0]);
  CHECK(kinds == std::vector<std::string>{"fixed", "uniform", "normal", "lognormal", "triangular",
                                          "pert", "beta", "discrete"});
  const Json& beta = schema["$defs"]["distribution"]["oneOf"][6]["properties"]["beta"];
  CHECK(beta["required"] == Json::array({"a", "b"}));
  // A brand may take its presence from brand_defaults, so a brand need not give it.
  const Json& brand = complete["properties"]["brands"]["additionalProperties"];
  CHECK(brand["required"] == Json::array({"market_share", "online_share"}));
  CHECK(brand["oneOf"] == Json::array({{{"required", {"row_units_per_quarter"}}},
                                       {{"required", {"row_units_per_quarter_millions"}}}}));
  // A variant requires nothing: its base gives the rest.
  CHECK_FALSE(schema["$defs"]["variant"]["properties"]["plan"].contains("required"));
  CHECK(schema["if"]["required"] == Json::array({"extends"}));
}

TEST_CASE("schema: the CLI prints it, and the shipped schema files are its output") {
  const std::pair<const char*, rollout::SchemaDocument> documents[] = {
      {"scenario", rollout::SchemaDocument::scenario},
      {"sweep", rollout::SchemaDocument::sweep},
      {"optimize", rollout::SchemaDocument::optimize}};
  for (const auto& entry : documents) {
    const auto& name = std::get<0>(entry);
    const auto& document = std::get<1>(entry);
    CAPTURE(name);
    const std::string text = rollout::scenario_json_schema(document);
    const test::CliResult cli = test::run_cli(std::string("schema --for ") + name);
    CHECK(cli.status == 0);
    CHECK(cli.out == text);
    const std::string file = test::source(std::string("scenarios/schema/") + name + ".schema.json");
    if (std::getenv("ROLLOUT_UPDATE_GOLDEN") != nullptr) std::ofstream(file) << text;
    CHECK_MESSAGE(test::read_file(file) == text,
                  file << " differs from `rollout schema --for " << name
                       << "`; see tests/test_schema.cpp to update it");
  }
  CHECK(test::run_cli("schema --for nothing").status == 2);
}

TEST_CASE("schema: every shipped scenario names its schema in a modeline") {
  // yaml-language-server reads `# yaml-language-server: $schema=...` (docs/scenarios.md).
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(test::source("scenarios"))) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    const std::string text = test::read_file(entry.path());
    // A file of its own that holds only a sweep or an optimisation has that block's schema.
    const bool scenario = text.find("\nextends:") != std::string::npos ||
                          text.find("\nstart_month:") != std::string::npos;
    const std::string document = scenario                                     ? "scenario"
                                 : text.find("\nsweep:") != std::string::npos ? "sweep"
                                                                              : "optimize";
    const std::string folder = entry.path().parent_path() == test::source("scenarios") ? "" : "../";
    CHECK(text.find("# yaml-language-server: $schema=" + folder + "schema/" + document +
                    ".schema.json\n") != std::string::npos);
  }
}

TEST_CASE("schema: the loader refuses each editor test file at the line the editor marks") {
  // tests/editor/invalid/ holds the files yaml-language-server must mark (check-editor.cjs);
  // `rollout validate` must refuse each of them too, with a problem at that same line.
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::source("tests/editor/invalid"))) {
    CAPTURE(entry.path().string());
    const std::string text = test::read_file(entry.path());
    const auto expect = text.find("# expect: ");
    REQUIRE(expect != std::string::npos);
    const int line = std::stoi(text.substr(expect + std::string("# expect: ").size()));
    ++files;
    const std::string file = entry.path().string();
    try {
      // As `rollout validate` does: a sweep or an optimisation file as what it is.
      if (rollout::has_sweep_block(file)) {
        rollout::load_sweep(file);
      } else if (rollout::has_optimize_block(file)) {
        rollout::load_optimization(file);
      } else {
        rollout::load_scenario(file);
      }
      FAIL("the loader accepts it");
    } catch (const rollout::InputError& e) {
      bool at_line = false;
      for (const rollout::Diagnostic& d : e.diagnostics())
        at_line = at_line || d.where.line == line;
      CHECK_MESSAGE(at_line, e.what());
    }
  }
  CHECK(files >= 8);
}

namespace {

std::string without_backticks(std::string text) {
  std::erase(text, '`');
  return text;
}

// The words after `marker` in `text`, up to the end of that sentence (". " or a final "."):
// "0.99" from "... Default: 0.99.". (Plain string search: std::regex trips GCC 12's
// -Wmaybe-uninitialized in the sanitizer build.)
std::optional<std::string> sentence_after(const std::string& text, const std::string& marker) {
  const auto start = text.find(marker);
  if (start == std::string::npos) return std::nullopt;
  const auto from = start + marker.size();
  auto end = text.find(". ", from);
  if (end == std::string::npos) end = text.ends_with(".") ? text.size() - 1 : text.size();
  return text.substr(from, end - from);
}

std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream split(line.substr(1));
  for (std::string cell; std::getline(split, cell, '|');) {
    const auto first = cell.find_first_not_of(' ');
    cells.push_back(first == std::string::npos
                        ? ""
                        : cell.substr(first, cell.find_last_not_of(' ') - first + 1));
  }
  return cells;
}

}  // namespace

TEST_CASE("schema: the key tables of docs/scenarios.md give the key table's defaults and ranges") {
  // docs/scenarios.md keeps a table per block for readers; each row's "default" and
  // "range" cells must start with what the loader's key table says (as the schema's
  // descriptions word it: "Default: 0.99.", "Each value must be in (0, 1].").
  std::map<std::string, Json> keys;
  index_schema(schema_of(rollout::SchemaDocument::scenario)["$defs"]["complete"], "", keys);
  const std::map<std::string, std::string> block_of_section{
      {"Top level", ""},         {"simulation", "simulation"},
      {"market", "market"},      {"rest_of_world", "rest_of_world"},
      {"Regions", "regions.*"},  {"Brands", "brands.*"},
      {"effects", "effects"},    {"plan", "plan"},
      {"economics", "economics"}};
  std::stringstream docs(test::read_file(test::source("docs/scenarios.md")));
  std::optional<std::string> block;
  std::vector<std::string> header;
  int compared = 0;
  for (std::string line; std::getline(docs, line);) {
    if (line.starts_with("#")) {
      const std::string title = without_backticks(line.substr(line.find(' ') + 1));
      if (line.starts_with("## ")) {
        const auto it = block_of_section.find(title);
        block = it == block_of_section.end() ? std::nullopt : std::optional(it->second);
      }
      header.clear();
      continue;
    }
    if (!block || !line.starts_with("| ")) continue;
    std::vector<std::string> cells = table_cells(line);
    if (cells.front() == "key" || cells.front() == "YAML key") {
      header = cells;
      continue;
    }
    if (header.empty() || !cells.front().starts_with("`")) continue;
    const std::string key = cells.front().substr(1, cells.front().find('`', 1) - 1);
    // A format's rows sit in the plan's and the economics' sections, below their own keys.
    std::string path = block->empty() ? key : *block + "." + key;
    if (!keys.contains(path)) path = *block + ".formats.*." + key;
    CAPTURE(line);
    REQUIRE_MESSAGE(keys.contains(path), "docs name " << key << ", which the schema lacks");
    const std::string description = keys[path]["description"];
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) {
      const std::string cell = without_backticks(cells[c]);
      if (header[c] == "default") {
        if (description.ends_with(" Required.")) {
          CHECK(cell.starts_with("required"));
        } else if (const auto fallback = sentence_after(description, " Default: ")) {
          CHECK_MESSAGE(cell.starts_with(*fallback), "the key table's default is " << *fallback);
        }
        ++compared;
      } else if (header[c] == "range" && keys[path].value("type", "") != "object" &&
                 (cell.starts_with("any") ||
                  (!cell.empty() && std::string("[(<>").find(cell.front()) != std::string::npos))) {
        std::string range = sentence_after(description, " Each value must be ").value_or("any");
        if (range.starts_with("in ")) range = range.substr(3);
        CHECK_MESSAGE(cell.starts_with(range), "the key table's range is " << range);
        ++compared;
      }
    }
  }
  CHECK(compared > 100);
}

TEST_CASE("schema: a name that looks like a key path is read as a name") {
  // A reader knows its block's row in the key table ("regions.*"); a region named like a
  // path of keys must not be taken for that path (and its keys for another block's).
  const rollout::Scenario s =
      test::variant("tests/data/valid/minimal.yaml",
                    "regions:\n"
                    "  East.initial_stores: {population_millions: 5, gdp_per_capita: 50,\n"
                    "                        group: coast, focal_capacity: 7}\n"
                    "  West[0]: {population_millions: 4, gdp_per_capita: 45}\n");
  REQUIRE(s.regions.size() == 5);
  CHECK(s.regions[3].name == "East.initial_stores");
  CHECK(s.regions[3].group == "coast");
  CHECK(s.regions[3].focal_capacity == 7);
  CHECK(s.regions[4].name == "West[0]");
}
