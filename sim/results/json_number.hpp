#pragma once
// What the typed output files share (results/summary_file.cpp and analysis/*_file.cpp):
// JSON has no NaN or infinity, so a missing or undefined number is written as null and reads
// back as NaN; reading a field names it; a file that does not parse is refused without
// quoting it.

#include <fmt/format.h>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "rollout/common/error.hpp"

namespace rollout {

inline nlohmann::ordered_json json_number(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

// A number field as json_number wrote it: null is NaN; anything but a number throws.
inline double number_from_json(const nlohmann::ordered_json& j) {
  if (j.is_null()) return std::nan("");
  return j.get<double>();
}

// An interval [lo, hi] as a two-element array (a 95% interval), and back.
inline nlohmann::ordered_json interval_json(double lo, double hi) {
  return nlohmann::ordered_json::array({json_number(lo), json_number(hi)});
}
inline std::pair<double, double> interval_from_json(const nlohmann::ordered_json& j) {
  return {number_from_json(j.at(0)), number_from_json(j.at(1))};
}

template <class T>
void read_field(const nlohmann::ordered_json& j, const char* key, T& value) {
  j.at(key).get_to(value);
}
inline void read_field(const nlohmann::ordered_json& j, const char* key, double& value) {
  value = number_from_json(j.at(key));
}

// A list of (name, record) as one JSON object in list order (e.g. KPIs by name), and back.
template <class Record>
nlohmann::ordered_json named_records_json(
    const std::vector<std::pair<std::string, Record>>& records) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [name, record] : records)
    object[name] = record;
  return object;
}
template <class Record>
void read_named_records(const nlohmann::ordered_json& object,
                        std::vector<std::pair<std::string, Record>>& records) {
  for (const auto& [name, entry] : object.items())
    records.emplace_back(name, entry.template get<Record>());
}

// A record's file text: two-space indent, a final newline.
template <class Record>
std::string record_file_text(const Record& record) {
  return nlohmann::ordered_json(record).dump(2) + "\n";
}

// Parses `text`, the file `file` (e.g. "summary.json") of a results folder, into a Record
// by nlohmann's from_json; throws InputError naming the file, and the missing key or wrong
// type, never the file's content (it may not be ours to print).
template <class Record>
Record parse_record_file(const std::string& text, const std::string& file) {
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON (at byte {})", file, e.byte));
  }
  try {
    return doc.get<Record>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format(
        "{}: not what this version of rollout writes ({}); run the command again into a new "
        "folder",
        file, e.what()));
  }
}

}  // namespace rollout
