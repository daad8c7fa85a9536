// Internal model of one answer: tokens, sentences and the signals read from them.
// Shared by the scoring/*.cpp files; not part of the public interface (see score.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/questions.h"
#include "scoring/score.h"

namespace starcoach::scoring::detail {

struct Token {
  std::string word;          // lower case, markup removed, curly apostrophes made straight
  std::uint64_t classes = 0;  // lex::Class bits of the word, plus those of a phrase starting here
  bool number = false;        // digits ("9,000", "$410K", "7:40") or a number word ("three")
  bool money = false;         // "$..." or a money unit right after a number
  bool percent = false;       // "12%" or "percent"
  bool code_like = false;     // identifier-looking: snake_case, dotted.path, call(), camelCase
  bool capitalised = false;   // first letter upper case in the original text
  std::uint32_t offset = 0;   // byte offset of the word in Doc::clean (for quoting)
  std::uint16_t lexeme = 0;   // lexicon id of the exact word (0: not in the lexicon), for phrases
};

// A sentence (or bullet, or line) of the answer.
struct Sentence {
  int begin = 0, end = 0;          // token range [begin, end)
  int paragraph = 0;
  std::size_t text_begin = 0, text_end = 0;  // byte range in Doc::clean, for quoting
  char heading = 0;                // 'S', 'T', 'A', 'R' when introduced by "Situation:" etc.
};

struct Doc {
  std::string clean;               // markup-free text the sentences point into
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  int paragraphs = 0;
  int words = 0;                   // whitespace-separated words of the repaired text
};

// Removes Slack markup, splits sentences and words, classifies each word. One pass each.
Doc analyse_text(std::string_view repaired);

// Python's str.split() word count (Unicode whitespace) of valid UTF-8.
int count_words(std::string_view utf8);

// What one sentence does in the story.
struct SentenceSignals {
  int words = 0;
  int first_singular = 0, first_plural = 0;
  int action_clauses_i = 0, action_clauses_we = 0;  // "I fixed", "we added"
  int action_verbs = 0;        // all action verbs in a sentence with a first-person action clause
  int fix_clauses = 0;         // first-person fix or repair verbs
  bool action_led = false;     // opens with a first-person past action or a sequence marker
  bool context_rich = false;   // setting markers: organisation, "at a", time anchors, roles
  bool hypothetical = false;   // would/could/if: not something that happened
  bool task_strong = false, task_weak = false;
  int outcome_strong = 0, outcome_weak = 0;
  int business = 0;            // business, reliability or stakeholder words
  int tech = 0;                // tool and mechanism words (code-like tokens count too)
  bool explains = false;       // present-tense explanation of how a tool works
  bool generic_you = false;
  bool hardening = false;      // a durable change was made: create verb + test/alert/contract ...
  bool communication = false;  // speaker told affected people
  int incident = 0;
  int numbers = 0;
  int measured = 0;            // numbers with a unit, money or percent
  bool option_cue = false;
  bool validation = false;     // generated output checked against data
  int blame = 0;
  bool recurrence = false;
  // Token index of the word that gives the sentence its role, so feedback can quote the
  // clause that matters rather than the start of a long sentence (-1: none).
  int task_at = -1, communication_at = -1, hardening_at = -1, blame_at = -1;
};

struct Signals {
  std::vector<SentenceSignals> sentences;
  int first_singular = 0, first_plural = 0;
  int action_clauses_i = 0, action_clauses_we = 0, action_verbs = 0, fix_clauses = 0;
  int numbers = 0, measured = 0;
  int hardening_sentences = 0, communication_sentences = 0;
  int incident = 0, incident_sentences = 0;
  int incident_opening = 0;      // incident words in the first third of the answer
  int blame = 0;
  int tradeoff_sentences = 0;    // an option given a number
  int validation_sentences = 0;
  int mechanics_words = 0, mechanics_sentences = 0;
  int result_begin = 0;          // first sentence of the closing region
  std::vector<int> result_sentences;  // sentences read as the result
  int result_business = 0;       // business words inside result sentences
  int result_measured = 0;       // numbers inside result sentences
  bool result_recurrence = false;
  int topic_hits = 0, topic_distinct = 0;
};

Signals read_signals(const Doc& doc, const Question* question);

// A sentence that explains how a tool works rather than what the speaker decided.
bool is_mechanics(const SentenceSignals& s);

// Whether the answer tells a failure, incident or bad-data story (text, or the question's theme).
bool is_failure_story(const Signals& s, const Question* question, bool off_topic);

// Everything later stages (flags, dimensions, feedback) need to know about one answer.
struct Assessment {
  const Doc* doc = nullptr;
  const Signals* signals = nullptr;
  const Question* question = nullptr;
  StarCoverage star;
  bool situation_found = false, task_found = false, action_found = false, result_found = false;
  bool off_topic = false;
  bool failure_story = false;
  std::vector<std::string> flags;  // SPEC order
  bool flagged(std::string_view flag) const;
};

// STAR coverage 0..1 per part, and whether each part was found at all.
void assess_star(Assessment& a);
// Raises the SPEC flags (sets off_topic and failure_story on the way).
void raise_flags(Assessment& a);
// The eight dimension scores, SPEC order, each with a note.
std::vector<DimensionScore> score_dimensions(const Assessment& a);
// 2-4 strengths and 2-4 suggestions, most useful suggestion first.
void write_feedback(const Assessment& a, const std::vector<DimensionScore>& dims, ScoreResult& out);
// The text of sentence i, trimmed to about `max_words` words (for quoting in feedback). With a
// `focus` token, the quote starts at the clause holding that token.
std::string quote_sentence(const Doc& doc, int i, int max_words = 12, int focus = -1);

}  // namespace starcoach::scoring::detail
