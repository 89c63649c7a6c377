// Writes the key table (scenario_keys.cpp) as a JSON Schema, draft 2020-12. Each row
// becomes a property; its type, range, default, unit and description come from the row.
// A variant (a file with `extends`) lists only what differs from its base, so the schema
// holds the format twice: complete (required keys required) and as a variant (none).

#include "rollout/loader/scenario_schema.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "loader/scenario_keys.hpp"
#include "rollout/common/error.hpp"
#include "rollout/scenario/distributions.hpp"

namespace rollout {
namespace {

using Json = nlohmann::ordered_json;
using loader::KeySpec;
using loader::KeyType;
using loader::Presence;
using loader::Range;

// Draft 2020-12 bounds of a range: minimum or exclusiveMinimum, maximum or exclusiveMaximum.
void add_bounds(Json& schema, const Range& range) {
  if (std::isfinite(range.lo)) schema[range.lo_open ? "exclusiveMinimum" : "minimum"] = range.lo;
  if (std::isfinite(range.hi)) schema[range.hi_open ? "exclusiveMaximum" : "maximum"] = range.hi;
}

Json number_in(const Range& range, const char* type = "number") {
  Json schema{{"type", type}};
  add_bounds(schema, range);
  return schema;
}

// Every distribution as `{name: {parameters}}`, from DistributionSpelling: the loader's
// table of names and parameters.
Json distribution_schemas() {
  Json choices = Json::array();
  for_each_distribution_kind([&]<class D>(std::type_identity<D>) {
    const std::string name = DistributionSpelling<D>::name;
    Json body;
    if constexpr (ParametricDistribution<D>) {
      body = {{"type", "object"}, {"properties", Json::object()}};
      Json required = Json::array();
      for (const auto& p : DistributionSpelling<D>::parameters) {
        body["properties"][p.key] = {{"type", "number"}};
        if (p.required) required.push_back(p.key);
      }
      body["required"] = required;
      body["additionalProperties"] = false;
    } else if constexpr (std::is_same_v<D, Discrete>) {
      const Json numbers{{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 1}};
      body = {{"type", "object"},
              {"properties", {{"values", numbers}, {"weights", numbers}}},
              {"required", {"values"}},
              {"additionalProperties", false}};
    } else {
      body = {{"type", "number"}};
    }
    choices.push_back({{"type", "object"},
                       {"description", "A " + name + " distribution."},
                       {"properties", {{name, body}}},
                       {"required", {name}},
                       {"additionalProperties", false}});
  });
  return {{"oneOf", choices}};
}

Json param_schema(const Range& range) {
  Json fixed = number_in(range);
  return {{"oneOf", {fixed, {{"$ref", "#/$defs/distribution"}}}}};
}

class SchemaWriter {
 public:
  explicit SchemaWriter(bool variant) : variant_(variant) {}

  Json object_of(const std::string& path) const {
    Json schema{{"type", "object"}};
    Json properties = Json::object();
    Json required = Json::array();
    std::vector<std::string> group;  // keys of which exactly one is given
    for (const KeySpec& row : loader::scenario_keys()) {
      const auto key = child_key(path, row.path);
      if (!key) continue;
      if (*key == "*") {
        schema["additionalProperties"] = value_of(row);
        continue;
      }
      properties[*key] = value_of(row);
      if (row.presence == Presence::required && !variant_ && !has_brand_default(row))
        required.push_back(*key);
      if (row.presence == Presence::one_of) group.push_back(*key);
    }
    if (!properties.empty()) schema["properties"] = properties;
    if (!required.empty()) schema["required"] = required;
    // A variant may leave out each of a group, as its base gives one; it may not give two.
    if (!group.empty()) {
      if (variant_) {
        schema["not"] = two_of(group);
      } else {
        schema["oneOf"] = Json::array();
        for (const std::string& key : group)
          schema["oneOf"].push_back({{"required", {key}}});
      }
    }
    if (!schema.contains("additionalProperties")) schema["additionalProperties"] = false;
    return schema;
  }

  Json value_of(const KeySpec& row) const {
    Json schema = typed(row);
    schema["description"] = describe(row);
    if (row.fallback) {
      schema["default"] = *row.fallback;
    } else if (row.type == KeyType::choice && !row.default_text.empty()) {
      schema["default"] = row.default_text;
    } else if (row.type == KeyType::boolean && !row.default_text.empty()) {
      schema["default"] = row.default_text == "true";
    }
    return schema;
  }

 private:
  // The key of `row` inside the block at `path` ("*" for the block's named entries), if
  // it is a direct child.
  static std::optional<std::string> child_key(const std::string& path, const std::string& row) {
    const std::string prefix = path.empty() ? "" : path + ".";
    if (row.size() <= prefix.size() || row.compare(0, prefix.size(), prefix) != 0)
      return std::nullopt;
    const std::string rest = row.substr(prefix.size());
    if (rest.find('.') != std::string::npos || rest.find('[') != std::string::npos)
      return std::nullopt;
    return rest;
  }

  // A brand may take a required key from brand_defaults (brands_reader.cpp merges them).
  static bool has_brand_default(const KeySpec& row) {
    const std::string prefix = "brands.*.";
    if (row.path.rfind(prefix, 0) != 0) return false;
    return loader::find_scenario_key("brand_defaults." + row.path.substr(prefix.size())) != nullptr;
  }

  // "Two of the group at once": each pair both required, any of them.
  static Json two_of(const std::vector<std::string>& group) {
    Json pairs = Json::array();
    for (std::size_t i = 0; i < group.size(); ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j)
        pairs.push_back({{"required", {group[i], group[j]}}});
    }
    return {{"anyOf", pairs}};
  }

  Json typed(const KeySpec& row) const {
    switch (row.type) {
      case KeyType::map:
        return object_of(row.path);
      case KeyType::list:
        return {{"type", "array"}, {"items", value_of(item_row(row))}};
      case KeyType::number:
        return number_in(row.range);
      case KeyType::integer:
        return number_in(row.range, "integer");
      case KeyType::boolean:
        return {{"type", "boolean"}};
      case KeyType::text: {
        Json schema{{"type", "string"}};
        if (row.max_length > 0) {
          schema["minLength"] = 1;
          schema["maxLength"] = row.max_length;
        }
        return schema;
      }
      case KeyType::month:
        return {{"type", "string"}, {"pattern", "^[0-9]{4}-(0[1-9]|1[0-2])$"}};
      case KeyType::choice:
        return {{"type", "string"}, {"enum", row.choices}};
      case KeyType::param:
        return param_schema(row.range);
      case KeyType::yearly_param:
        return {{"oneOf",
                 {param_schema(row.range),
                  {{"type", "array"}, {"items", param_schema(row.range)}, {"minItems", 1}}}}};
      case KeyType::number_list:
        return {{"type", "array"}, {"items", number_in(row.range)}, {"minItems", 1}};
      case KeyType::capacity: {
        const Json point{
            {"type", "array"}, {"items", number_in(row.range)}, {"minItems", 2}, {"maxItems", 2}};
        return {{"oneOf",
                 {number_in(row.range), {{"type", "array"}, {"items", point}, {"minItems", 1}}}}};
      }
      case KeyType::text_list:
        return {{"type", "array"}, {"items", {{"type", "string"}}}};
      case KeyType::age_or_mature:
        return {{"oneOf", {number_in(row.range, "integer"), {{"enum", {"mature"}}}}}};
      case KeyType::lever_values:
        return {{"type", "array"}, {"minItems", 1}};
      case KeyType::variable: {
        Json range = object_of(row.path);
        return {{"oneOf", {range, {{"type", "array"}, {"minItems", 1}}, {{"enum", {"shares"}}}}}};
      }
    }
    throw InternalError("scenario_json_schema: a key type without a schema");
  }

  static const KeySpec& item_row(const KeySpec& list) {
    const KeySpec* item = loader::find_scenario_key(list.path + "[]");
    if (item == nullptr || item->path != list.path + "[]")
      throw InternalError("the key table lists '" + list.path + "' without its items' row");
    return *item;
  }

  // The description with the unit, range and default, as hover help shows it.
  static std::string describe(const KeySpec& row) {
    std::string text = row.description;
    if (!row.unit.empty()) text += " Unit: " + row.unit + ".";
    const bool ranged = row.type == KeyType::number || row.type == KeyType::integer ||
                        row.type == KeyType::param || row.type == KeyType::yearly_param ||
                        row.type == KeyType::number_list || row.type == KeyType::capacity ||
                        row.type == KeyType::age_or_mature;
    if (ranged && row.range.describe() != "may be any number")
      text += " Each value " + row.range.describe() + ".";
    if (row.presence == Presence::required) {
      text += " Required.";
    } else if (!row.default_text.empty()) {
      text += " Default: " + row.default_text + ".";
    }
    return text;
  }

  bool variant_;
};

Json document_schema(SchemaDocument document) {
  const SchemaWriter complete(false), variant(true);
  Json defs{{"distribution", distribution_schemas()}};
  // No $id: the project has no web address, and `#/$defs/...` resolves within the file.
  Json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"}};
  switch (document) {
    case SchemaDocument::scenario:
      schema["title"] = "rollout scenario";
      schema["description"] =
          "A rollout scenario (docs/scenarios.md). A file with `extends` is a variant: it "
          "lists only what differs from its base.";
      defs["complete"] = complete.object_of("");
      defs["variant"] = variant.object_of("");
      schema["if"] = {{"required", {"extends"}}};
      schema["then"] = {{"$ref", "#/$defs/variant"}};
      schema["else"] = {{"$ref", "#/$defs/complete"}};
      break;
    case SchemaDocument::sweep:
    case SchemaDocument::optimize: {
      const std::string block = document == SchemaDocument::sweep ? "sweep" : "optimize";
      schema["title"] = "rollout " + block + " file";
      schema["description"] = "A file of its own holding a `" + block +
                              ":` block, which names its scenario (docs/scenarios.md).";
      const KeySpec* row = loader::find_scenario_key(block);
      Json body = complete.value_of(*row);
      body["required"].push_back("scenario");
      schema["type"] = "object";
      schema["properties"] = {{block, body}};
      schema["required"] = {block};
      schema["additionalProperties"] = false;
      break;
    }
  }
  schema["$defs"] = defs;
  return schema;
}

}  // namespace

std::string scenario_json_schema(SchemaDocument document) {
  return document_schema(document).dump(2) + "\n";
}

}  // namespace rollout
