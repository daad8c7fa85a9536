// The SPEC JSON shape of a ScoreResult.
#include <cmath>

#include "scoring/score.h"

namespace starcoach::scoring {
namespace {

// Two decimals are enough for a coverage figure and keep the output stable and readable.
double round2(double v) { return std::round(v * 100.0) / 100.0; }

// One builder for both key orders; nlohmann::json sorts keys, ordered_json keeps insertion order.
template <typename Json>
Json build(const ScoreResult& r) {
  Json dims = Json::array();
  for (const DimensionScore& d : r.dimensions) {
    Json dim;
    dim["id"] = d.id;
    dim["score"] = d.score;
    dim["note"] = d.note;
    dims.push_back(std::move(dim));
  }
  Json star;
  star["situation"] = round2(r.star.situation);
  star["task"] = round2(r.star.task);
  star["action"] = round2(r.star.action);
  star["result"] = round2(r.star.result);
  Json out;
  out["overall"] = r.overall;
  out["band"] = r.band;
  out["words"] = r.words;
  out["speaking_seconds"] = r.speaking_seconds;
  out["question"] = r.question.empty() ? Json(nullptr) : Json(r.question);
  out["star"] = std::move(star);
  out["dimensions"] = std::move(dims);
  out["flags"] = r.flags;
  out["strengths"] = r.strengths;
  out["suggestions"] = r.suggestions;
  return out;
}

}  // namespace

nlohmann::json to_json(const ScoreResult& r) { return build<nlohmann::json>(r); }

nlohmann::ordered_json to_ordered_json(const ScoreResult& r) { return build<nlohmann::ordered_json>(r); }

}  // namespace starcoach::scoring
