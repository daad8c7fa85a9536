// The SPEC JSON shape of a ScoreResult.
#include <cmath>

#include "scoring/score.h"

namespace starcoach::scoring {
namespace {

// Two decimals are enough for a coverage figure and keep the output stable and readable.
double round2(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

nlohmann::json to_json(const ScoreResult& r) {
  nlohmann::json dims = nlohmann::json::array();
  for (const DimensionScore& d : r.dimensions) {
    dims.push_back({{"id", d.id}, {"score", d.score}, {"note", d.note}});
  }
  nlohmann::json out;
  out["overall"] = r.overall;
  out["band"] = r.band;
  out["words"] = r.words;
  out["speaking_seconds"] = r.speaking_seconds;
  out["question"] = r.question.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.question);
  out["star"] = {{"situation", round2(r.star.situation)},
                 {"task", round2(r.star.task)},
                 {"action", round2(r.star.action)},
                 {"result", round2(r.star.result)}};
  out["dimensions"] = std::move(dims);
  out["flags"] = r.flags;
  out["strengths"] = r.strengths;
  out["suggestions"] = r.suggestions;
  return out;
}

}  // namespace starcoach::scoring
