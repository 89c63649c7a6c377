#pragma once
// The one table of the scenario format: every key a scenario file (and the `sweep:` and
// `optimize:` blocks riding in it) may have, with its type, unit, range, default and
// description. The loader asks it for each key it reads (MapReader) and takes ranges and
// defaults from it; `rollout schema` writes it out as a JSON Schema. A key the loader reads
// that the table lacks is an InternalError, which the tests reach (tests/test_schema.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/value_reader.hpp"

namespace rollout::loader {

enum class KeyType {
  map,            // a block of keys (its rows follow as `path.key`, or `path.*` for names)
  list,           // a list; its items' row is `path[]`
  number,         // a plain number in `range`
  integer,        // a whole number in `range`
  boolean,        // true or false
  text,           // any text (`max_length` bytes at most when set)
  month,          // a calendar month, YYYY-MM
  choice,         // one of `choices`
  param,          // a number or a distribution (docs/scenarios.md, "Numbers and distributions")
  yearly_param,   // a param, or a list of one param per simulated year
  number_list,    // a list of numbers in `range`
  capacity,       // a number, or a list of [month, openings] points
  text_list,      // a list of texts
  age_or_mature,  // a whole number of months in `range`, or the word `mature`
  lever_values,   // a sweep lever's values: a list of whatever the key takes
  variable,       // an optimize variable: {min, max, integer}, a list of choices, or `shares`
};

enum class Presence {
  optional,
  required,
  one_of,  // exactly one of a group of keys (the group is named in the description)
};

struct KeySpec {
  // Dotted key path; `*` stands for a name the file chooses (a brand, a region, a format,
  // a lever's key path) and `[]` for any item of a list.
  std::string path;
  KeyType type = KeyType::map;
  Presence presence = Presence::optional;
  Range range;                     // number, integer, param, yearly_param, number_list
  std::optional<double> fallback;  // the default of an optional number or param
  std::string default_text;        // the default as docs/scenarios.md words it ("" if none)
  std::string unit;                // "" when the value has none
  std::string description;
  std::vector<std::string> choices;  // choice
  std::size_t max_length = 0;        // text: most bytes (0: no limit)
};

// The table, in document order.
const std::vector<KeySpec>& scenario_keys();

// The row of `pattern` (a row's path, such as "regions.*.group"), or nullptr.
const KeySpec* find_scenario_key(std::string_view pattern);

}  // namespace rollout::loader
