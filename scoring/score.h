// Pure, deterministic STAR scoring of one answer. No I/O, no clock, no randomness.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scoring/questions.h"

namespace starcoach::scoring {

struct StarCoverage {
  double situation = 0, task = 0, action = 0, result = 0;  // 0..1 each
};

struct DimensionScore {
  std::string id;     // structure, result, ownership, hardening, communication, specificity, length, question_fit
  int score = 0;      // 0..100
  std::string note;   // one sentence a person can act on
};

struct ScoreResult {
  int overall = 0;                 // 0..100
  std::string band;                // strong >= 80, solid >= 60, developing >= 40, weak
  int words = 0;
  int speaking_seconds = 0;        // words at 140 wpm
  std::string question;            // question id, empty when none was given
  StarCoverage star;
  std::vector<DimensionScore> dimensions;  // always all eight, in SPEC order
  std::vector<std::string> flags;          // SPEC flag ids, in SPEC order
  std::vector<std::string> strengths;      // 2-4
  std::vector<std::string> suggestions;    // 2-4, most useful first, phrased as a panel's follow-up
};

// Scores one answer. `question` may be nullptr (generic scoring). Text may hold Slack markup,
// invalid UTF-8 or NUL bytes: it is repaired first (see clean_text).
ScoreResult score_answer(std::string_view text, const Question* question = nullptr);

// Valid UTF-8 with NULs and other control characters (but \n, \t) replaced.
std::string repair_utf8(std::string_view text);

std::string band_for(int overall);
// Plain-words description of a flag id ("no number shows the outcome"); empty when unknown.
std::string_view flag_description(std::string_view flag);

// The SPEC JSON object ("question": null when none).
nlohmann::json to_json(const ScoreResult& result);
// The same object with its keys in SPEC order (overall, band, words, ...), for printing.
nlohmann::ordered_json to_ordered_json(const ScoreResult& result);

// A terminal report: score bar, band, STAR parts, flags in words, strengths, suggestions.
std::string render_text_report(const ScoreResult& result, bool color);

}  // namespace starcoach::scoring
