#pragma once
// A JSON Schema (draft 2020-12) of the scenario format, written from the key table the
// loader reads (sim/loader/scenario_keys.cpp), so the two cannot drift apart. Editors
// that run yaml-language-server give completion, hover help and live errors from it
// (docs/scenarios.md, "Editor support").

#include <string>

namespace rollout {

enum class SchemaDocument {
  scenario,  // a scenario file (its `sweep:` and `optimize:` blocks included)
  sweep,     // a sweep file of its own: `sweep:` with `scenario:`
  optimize,  // an optimisation file of its own: `optimize:` with `scenario:`
};

// The schema as indented JSON text, ending in a newline.
std::string scenario_json_schema(SchemaDocument document);

}  // namespace rollout
