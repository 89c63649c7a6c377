// discover.json's one field list: to_json and from_json side by side.
#include "rollout/analysis/discover_file.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "results/json_number.hpp"

namespace rollout {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const BoxRestrictionRecord& r) {
  j = {{"lower", json_number(r.lower)},
       {"upper", json_number(r.upper)},
       {"density_without", json_number(r.density_without)}};
}
void from_json(const Json& j, BoxRestrictionRecord& r) {
  read_field(j, "lower", r.lower);
  read_field(j, "upper", r.upper);
  read_field(j, "density_without", r.density_without);
}

void to_json(Json& j, const BoxRecord& b) {
  j = {{"box", b.box},
       {"cases", b.cases},
       {"hits", b.hits},
       {"coverage", b.coverage},
       {"density", b.density},
       {"support", b.support},
       {"restrictions", named_records_json(b.restrictions)}};
}
void from_json(const Json& j, BoxRecord& b) {
  read_field(j, "box", b.box);
  read_field(j, "cases", b.cases);
  read_field(j, "hits", b.hits);
  read_field(j, "coverage", b.coverage);
  read_field(j, "density", b.density);
  read_field(j, "support", b.support);
  read_named_records(j.at("restrictions"), b.restrictions);
}

void to_json(Json& j, const DiscoverFile& d) {
  j = Json::object();
  j["run"] = {{"scenario", d.scenario}, {"seed", d.seed}, {"replications", d.replications}};
  j["condition"] = {{"text", d.condition},
                    {"replications_meeting_it", d.replications_meeting_it},
                    {"share", d.share}};
  j["chosen_box"] = d.chosen_box;
  j["trajectory"] = d.trajectory;
}
void from_json(const Json& j, DiscoverFile& d) {
  const Json& run = j.at("run");
  read_field(run, "scenario", d.scenario);
  read_field(run, "seed", d.seed);
  read_field(run, "replications", d.replications);
  const Json& condition = j.at("condition");
  read_field(condition, "text", d.condition);
  read_field(condition, "replications_meeting_it", d.replications_meeting_it);
  read_field(condition, "share", d.share);
  read_field(j, "chosen_box", d.chosen_box);
  read_field(j, "trajectory", d.trajectory);
}

DiscoverFile discover_file(const Model& model, const Discovery& d, std::size_t replications) {
  DiscoverFile file;
  file.scenario = model.scenario().name;
  file.seed = model.scenario().simulation.seed;
  file.replications = replications;
  file.condition = d.condition.describe();
  file.replications_meeting_it =
      static_cast<std::uint64_t>(std::count(d.of_interest.begin(), d.of_interest.end(), char{1}));
  file.share =
      static_cast<double>(file.replications_meeting_it) / static_cast<double>(replications);
  file.chosen_box = d.chosen;
  const auto& uncertain = model.uncertain_inputs();
  for (std::size_t b = 0; b < d.trajectory.size(); ++b) {
    const PrimBox& box = d.trajectory[b];
    BoxRecord record{b, box.cases, box.hits, box.coverage, box.density, box.support, {}};
    for (std::size_t j = 0; j < uncertain.size(); ++j)
      if (box.restricts(j))
        record.restrictions.emplace_back(
            uncertain[j].name,
            BoxRestrictionRecord{box.lower[j], box.upper[j],
                                 density_without(box, j, d.inputs, d.of_interest)});
    file.trajectory.push_back(std::move(record));
  }
  return file;
}

std::string discover_file_text(const DiscoverFile& discover) {
  return record_file_text(discover);
}

DiscoverFile parse_discover_file(const std::string& text, const std::string& file) {
  return parse_record_file<DiscoverFile>(text, file);
}

}  // namespace rollout
