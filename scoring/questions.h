// The question bank: behavioral questions for data engineers, with what a panel listens for.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace starcoach::scoring {

// What kind of story a question asks for; decides which theme checks apply when scoring.
enum class Theme {
  Failure,      // incident, bad data, missed SLA: hardening + communication checks apply
  Tradeoff,     // cost/velocity/real-time-vs-batch: no_tradeoff applies
  AiTools,      // no_validation applies
  Delivery,     // migrations, deadlines, onboarding
  Influence,    // disagreements, pushing back, mentoring
};

struct Question {
  std::string id;                          // stable id, e.g. "pipeline-broke"
  std::string title;                       // short theme title, e.g. "A production pipeline broke"
  std::string text;                        // the question as asked
  Theme theme;
  std::vector<std::string> listening_for;  // what the panel listens for, 2-4 short points
  std::vector<std::string> topic_words;    // lower-case stems that show an answer is on topic
};

// All questions, in a stable order (the fixed SPEC ids first).
const std::vector<Question>& question_bank();
// nullptr when the id is unknown.
const Question* find_question(std::string_view id);

}  // namespace starcoach::scoring
