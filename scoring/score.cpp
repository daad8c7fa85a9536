// score_answer: the scoring pipeline, and the overall formula.
//
// OVERALL SCORE
//   overall = clamp(0, 100, round( sum_d weight_d * dimension_d  -  sum_f penalty_f ))
//   weights:   structure 0.15, result 0.20, ownership 0.15, hardening 0.10,
//              communication 0.08, specificity 0.12, length 0.08, question_fit 0.12
//   penalties: missing_situation 8, missing_task 8, missing_action 12, missing_result 12,
//              no_metric 8, technical_result_only 15, vague_we 26, blames_upstream 15,
//              no_hardening 24, no_communication 16, tool_heavy 32, too_short 8,
//              too_long 12, no_tradeoff 15, no_validation 30
//   the penalties of one answer add up to at most 60.
//   off_topic caps the overall at 30: a good story to the wrong question does not pass.
//   band: strong >= 80, solid >= 60, developing >= 40, weak below.
//
// The dimensions measure how well each part is done; the flag penalties give each named
// problem a fixed, explainable cost on top, sized from how much a panel marks it down (the
// devset grades). A clean, well-told answer lands around 85-95. Pipeline: repair UTF-8 -> strip Slack markup and tokenize (tokenize.cpp) -> sentence
// signals (signals.cpp) -> STAR (star.cpp) -> flags (flags.cpp) -> dimensions
// (dimensions.cpp) -> overall -> feedback (feedback.cpp). Pure: no I/O, clock or randomness.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "scoring/analysis.h"
#include "scoring/score.h"

namespace starcoach::scoring {
namespace {

constexpr std::array<std::pair<std::string_view, double>, 8> kWeights{{
    {"structure", 0.15},
    {"result", 0.20},
    {"ownership", 0.15},
    {"hardening", 0.10},
    {"communication", 0.08},
    {"specificity", 0.12},
    {"length", 0.08},
    {"question_fit", 0.12},
}};

constexpr std::array<std::pair<std::string_view, double>, 15> kPenalties{{
    {"missing_situation", 8},
    {"missing_task", 8},
    {"missing_action", 12},
    {"missing_result", 12},
    {"no_metric", 8},
    {"technical_result_only", 15},
    {"vague_we", 26},
    {"blames_upstream", 15},
    {"no_hardening", 24},
    {"no_communication", 16},
    {"tool_heavy", 32},
    {"too_short", 8},
    {"too_long", 12},
    {"no_tradeoff", 15},
    {"no_validation", 30},
}};

constexpr int kOffTopicCap = 30;
// Many flags together already put an answer deep in "weak"; beyond this the score would only
// read as a zero, which tells a person less than a low number does.
constexpr double kMaxPenalty = 60;

int overall_score(const std::vector<DimensionScore>& dims, const std::vector<std::string>& flags) {
  double total = 0;
  for (const DimensionScore& d : dims) {
    for (const auto& [id, weight] : kWeights) {
      if (id == d.id) total += weight * d.score;
    }
  }
  bool off_topic = false;
  double penalties = 0;
  for (const std::string& f : flags) {
    if (f == "off_topic") off_topic = true;
    for (const auto& [id, penalty] : kPenalties) {
      if (id == f) penalties += penalty;
    }
  }
  total -= std::min(penalties, kMaxPenalty);
  int overall = static_cast<int>(std::lround(std::clamp(total, 0.0, 100.0)));
  if (off_topic) overall = std::min(overall, kOffTopicCap);
  return overall;
}

}  // namespace

std::string band_for(int overall) {
  if (overall >= 80) return "strong";
  if (overall >= 60) return "solid";
  if (overall >= 40) return "developing";
  return "weak";
}

ScoreResult score_answer(std::string_view text, const Question* question) {
  const std::string repaired = repair_utf8(text);
  const detail::Doc doc = detail::analyse_text(repaired);
  const detail::Signals signals = detail::read_signals(doc, question);

  detail::Assessment a;
  a.doc = &doc;
  a.signals = &signals;
  a.question = question;
  detail::assess_star(a);
  detail::raise_flags(a);

  ScoreResult r;
  r.words = doc.words;
  r.speaking_seconds = static_cast<int>(std::lround(doc.words * 60.0 / 140.0));
  r.question = question ? question->id : std::string();
  r.star = a.star;
  r.dimensions = detail::score_dimensions(a);
  r.overall = overall_score(r.dimensions, a.flags);
  r.band = band_for(r.overall);
  detail::write_feedback(a, r.dimensions, r);
  r.flags = std::move(a.flags);  // last: the feedback still asks `a` which flags were raised
  return r;
}

}  // namespace starcoach::scoring
