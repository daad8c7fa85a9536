// The SPEC flags, each raised only when its rule applies (see SPEC.md "Scoring" and the
// labeling conventions in scoring-devset/README.md).
#include <array>
#include <string>

#include "scoring/analysis.h"

namespace starcoach::scoring::detail {
namespace {

// Answers shorter or longer than this (whitespace words) are flagged; 250-320 is ideal.
constexpr int kTooShortBelow = 180;
constexpr int kTooLongAbove = 420;

// Off topic: fewer distinct topic stems than this. Two distinct hits is enough to show the
// answer engages with the question's situation; fewer is a story about something else.
constexpr int kMinTopicStems = 2;

// Tool mechanics crowd out the story: explanatory sentences about how tools work make up
// this share of the answer's words (or there are many of them).
constexpr double kMechanicsShare = 0.15;
constexpr int kMechanicsSentences = 5;

bool theme_is(const Question* q, Theme t) { return q && q->theme == t; }

}  // namespace

void raise_flags(Assessment& a) {
  const Signals& s = *a.signals;
  const Doc& doc = *a.doc;
  const Question* q = a.question;

  // Very short answers have room for fewer topic words.
  const int min_stems = doc.words < 100 ? 1 : kMinTopicStems;
  a.off_topic = q && s.topic_distinct < min_stems;
  a.failure_story = is_failure_story(s, q, a.off_topic);

  const bool hardening_shown = s.hardening_sentences > 0;
  const bool speaker_responded = s.fix_clauses >= 2 || hardening_shown;
  const double mechanics_share = doc.words > 0 ? double(s.mechanics_words) / doc.words : 0.0;

  std::array<std::pair<const char*, bool>, 16> rules{{
      {"missing_situation", !a.situation_found},
      {"missing_task", !a.task_found},
      {"missing_action", !a.action_found},
      {"missing_result", !a.result_found},
      {"no_metric", s.numbers == 0},
      // Only when there is a result to judge: artefacts and job metrics, no effect on anyone.
      {"technical_result_only",
       a.result_found && s.result_business == 0 && !s.result_recurrence},
      // "we" outnumbers "I" two to one and the speaker's own actions are few.
      {"vague_we", s.first_plural >= 3 && s.first_plural >= 2 * s.first_singular &&
                       s.action_clauses_i < 4},
      {"blames_upstream", s.blame >= 2 && !speaker_responded},
      {"no_hardening", a.failure_story && !hardening_shown},
      {"no_communication", a.failure_story && s.communication_sentences == 0},
      {"tool_heavy", (mechanics_share >= kMechanicsShare && s.mechanics_sentences >= 3) ||
                         s.mechanics_sentences >= kMechanicsSentences},
      {"too_short", doc.words < kTooShortBelow},
      {"too_long", doc.words > kTooLongAbove},
      {"no_tradeoff", theme_is(q, Theme::Tradeoff) && !a.off_topic && s.tradeoff_sentences == 0},
      {"no_validation", theme_is(q, Theme::AiTools) && !a.off_topic && s.validation_sentences == 0},
      {"off_topic", a.off_topic},
  }};
  for (const auto& [id, raised] : rules) {
    if (raised) a.flags.emplace_back(id);
  }
}

}  // namespace starcoach::scoring::detail

namespace starcoach::scoring {

std::string_view flag_description(std::string_view flag) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kDescriptions{{
      {"missing_situation", "no scene is set: the story starts mid-action"},
      {"missing_task", "no goal, ask or responsibility is stated"},
      {"missing_action", "it is unclear what you personally did"},
      {"missing_result", "the story stops before saying what happened in the end"},
      {"no_metric", "no number shows the size of the problem or the outcome"},
      {"technical_result_only", "the result names only technical output, not the effect on the business or people"},
      {"vague_we", "\"we\" dominates, so your own part is unclear"},
      {"blames_upstream", "the failure is put on another team without saying what you did about it"},
      {"no_hardening", "nothing durable changed afterwards (test, alert, contract, runbook)"},
      {"no_communication", "the affected people are never told"},
      {"tool_heavy", "tool mechanics crowd out your decisions"},
      {"too_short", "under 180 words: too thin to show your judgement"},
      {"too_long", "over 420 words: it will run past three minutes"},
      {"no_tradeoff", "the options weighed are not given numbers"},
      {"no_validation", "no check of AI output against real data"},
      {"off_topic", "the story does not answer the question asked"},
  }};
  for (const auto& [id, text] : kDescriptions) {
    if (id == flag) return text;
  }
  return {};
}

}  // namespace starcoach::scoring
