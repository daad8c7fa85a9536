// Sentence roles and answer-level signals, read from classified tokens in one pass per sentence.
//
// The reading is grammatical rather than phrase-based: who is the subject of each clause (I, we,
// someone else), what kind of verb follows it (action, communication, creation, cognition), its
// tense and mood (done, habitual, hypothetical), and which vocabulary surrounds it (outcome,
// business, tools, incidents, quantities with units).
#include <algorithm>
#include <string_view>

#include "scoring/analysis.h"
#include "scoring/lexicon.h"

namespace starcoach::scoring::detail {
namespace {

using namespace lex;

bool has(const Token& t, std::uint64_t c) { return (t.classes & c) != 0; }

// A word in no class and not a number or identifier: no rule below reads it, so the sentence
// loops skip it (about half the words of an answer).
bool is_plain(const Token& t) { return t.classes == 0 && !t.number && !t.code_like; }

// Lexicon ids of the few words the rules name, so checking for one is an integer compare.
struct NamedWords {
  std::uint16_t second, let, twice, half, double_, percent;
};
const NamedWords& named() {
  static const NamedWords ids{lex::look_up("second").id, lex::look_up("let").id,
                              lex::look_up("twice").id,  lex::look_up("half").id,
                              lex::look_up("double").id, lex::look_up("percent").id};
  return ids;
}

bool unambiguous_goal(std::string_view w) {
  return w == "goal" || w == "brief" || w == "mandate" || w == "constraint" || w == "deadline" ||
         w == "requirement" || w == "objective" || w == "mission" || w == "aim" || w == "remit" ||
         w == "assignment" || w == "ask";
}

// The verb governed by a first-person subject at `subject`, skipping adverbs and auxiliaries.
struct Clause {
  int verb = -1;
  bool negated = false, modal = false, pluperfect = false, passive = false;
};

Clause clause_after(const std::vector<Token>& t, int subject, int end) {
  Clause c;
  int j = subject + 1;
  for (int skipped = 0; j < end && skipped < 4; ++j, ++skipped) {
    const Token& w = t[static_cast<std::size_t>(j)];
    if (has(w, kModal)) c.modal = true;
    if (has(w, kNegation)) c.negated = true;
    if (has(w, kHad) && !(j + 1 < end && has(t[static_cast<std::size_t>(j + 1)], kTo))) {
      c.pluperfect = true;
    }
    if (has(w, kBe)) {
      c.passive = true;
      continue;
    }
    if (!has(w, kSkip)) break;
  }
  if (j < end) c.verb = j;
  return c;
}

// A number followed by a unit, or money or a percentage: a measured quantity.
bool measured_at(const std::vector<Token>& t, int i, int end) {
  const Token& n = t[static_cast<std::size_t>(i)];
  if (!n.number) return false;
  if (n.money || n.percent) return true;
  const NamedWords& ids = named();
  if (n.lexeme == ids.twice || n.lexeme == ids.half || n.lexeme == ids.double_ || n.lexeme == ids.percent) {
    return n.lexeme == ids.percent;
  }
  for (int k = i + 1; k < end && k <= i + 3; ++k) {
    const Token& u = t[static_cast<std::size_t>(k)];
    if (has(u, kTimeUnit | kMoneyUnit) || u.percent) return true;
    if (u.number) continue;  // "2 million dollars", "one to two weeks"
    if (!has(u, kUnitFiller)) {
      return false;
    }
  }
  return false;
}

SentenceSignals read_sentence(const Doc& doc, const Sentence& s) {
  const auto& t = doc.tokens;
  SentenceSignals out;
  out.words = s.end - s.begin;
  bool has_first_person = false;
  bool comm_verb = false, fp_clause = false, money = false;
  int priced = 0;        // money, percentages and durations
  // Union of the classes of the sentence's words, for the "does any word ..." questions.
  std::uint64_t any = 0;
  int first_action_at = -1;
  for (int i = s.begin; i < s.end; ++i) {
    const Token& w = t[static_cast<std::size_t>(i)];
    if (is_plain(w)) continue;
    any |= w.classes;
    const int pos = i - s.begin;
    const Token* prev = i > s.begin ? &t[static_cast<std::size_t>(i - 1)] : nullptr;
    const bool negated_here =
        prev && has(*prev, kNegator);
    if (has(w, kFirstSingular)) ++out.first_singular, has_first_person = true;
    if (has(w, kFirstPlural)) ++out.first_plural, has_first_person = true;
    if (has(w, kTaskStrong) || has(w, kTaskWeak)) {
      if (out.task_at < 0) out.task_at = i;
      if (has(w, kTaskStrong)) out.task_strong = true;
      else out.task_weak = true;
    }
    // "my job was", "our goal", "the constraint was": a stated goal or responsibility.
    if ((has(w, kFirstSingular | kFirstPlural | kThe)) && !negated_here) {
      for (int k = i + 1; k < s.end && k <= i + 2; ++k) {
        const Token& n = t[static_cast<std::size_t>(k)];
        if (has(n, kTaskNoun)) {
          const bool possessive = has(w, kPossessive);
          const bool followed_by_be =
              k + 1 < s.end && has(t[static_cast<std::size_t>(k + 1)], kBe);
          // "the job was" is usually a scheduled job, "the task" an Airflow task: only
          // unambiguous goal nouns count after "the".
          if (possessive || (followed_by_be && unambiguous_goal(n.word))) {
            out.task_strong = true;
            if (out.task_at < 0) out.task_at = i;
          }
          break;
        }
      }
    }
    // "in the nine months since", "since then": time elapsed after the change.
    if (has(w, kSince)) {
      const bool after_time = prev && has(*prev, kTimeUnit);
      const bool before_then = i + 1 < s.end && (has(t[static_cast<std::size_t>(i + 1)], kThen) ||
                                                 t[static_cast<std::size_t>(i + 1)].number);
      if (after_time || before_then || i + 1 == s.end) {
        ++out.outcome_strong;
        out.recurrence = true;
      }
    }
    // "30% more tickets", "four hours faster": a measured comparison is an outcome.
    if (w.number && i + 1 < s.end) {
      for (int k = i + 1; k < s.end && k <= i + 3; ++k) {
        if (has(t[static_cast<std::size_t>(k)], kComparative)) {
          ++out.outcome_strong;
          break;
        }
      }
    }
    // "none broke a dashboard", "never missed": a failure that did not happen is a reliability
    // outcome.
    if (has(w, kIncident)) {
      for (int k = std::max(s.begin, i - 3); k < i; ++k) {
        if (has(t[static_cast<std::size_t>(k)], kNegator)) {
          ++out.outcome_strong;
          out.recurrence = true;
          ++out.business;
          break;
        }
      }
    }
    if (has(w, kOutcomeStrong) && !negated_here) ++out.outcome_strong;
    else if (has(w, kOutcomeWeak) && !negated_here) ++out.outcome_weak;
    if (has(w, kBusiness | kAudience) || w.money) ++out.business;
    if (has(w, kTech) || w.code_like) ++out.tech;
    if (has(w, kIncident) && !negated_here) {
      // "the report would be late" is a warning, not a failure that happened.
      bool possible = false;
      for (int k = std::max(s.begin, i - 5); k < i; ++k) {
        if (has(t[static_cast<std::size_t>(k)], kModal | kConditional)) possible = true;
      }
      if (!possible) ++out.incident;
    }
    if (w.number) ++out.numbers;
    if (measured_at(t, i, s.end)) {
      ++out.measured;
      const bool timed = i + 1 < s.end && has(t[static_cast<std::size_t>(i + 1)], kTimeUnit);
      if (w.money || w.percent || timed) ++priced;
    }
    if (w.money) money = true;
    if (has(w, kBlame) && !(negated_here && !has(w, kNegator))) {
      ++out.blame;
      if (out.blame_at < 0) out.blame_at = i;
    }
    // A communication verb counts when it is the speaker's: right after "I"/"we" (handled in
    // the clause reading below) or coordinated with an earlier action ("reloaded, and told").
    if (has(w, kCommVerb) && has(w, kPast) && prev && first_action_at >= 0 &&
        (has(*prev, kAnd | kThen) ||
         std::string_view(doc.clean).substr(prev->offset, w.offset - prev->offset).find_first_of(",;") !=
             std::string_view::npos)) {
      comm_verb = true;
      if (out.communication_at < 0) out.communication_at = i;
    }
    // "from 4 hours to 35 minutes": a before/after comparison is an outcome.
    if (has(w, kFrom) && i + 1 < s.end && t[static_cast<std::size_t>(i + 1)].number) {
      for (int k = i + 2; k < s.end && k <= i + 6; ++k) {
        if (has(t[static_cast<std::size_t>(k)], kTo)) ++out.outcome_strong;
      }
    }
    if (has(w, kOrg) || has(w, kAnchor) ||
        (has(w, kAt) && i + 1 < s.end && has(t[static_cast<std::size_t>(i + 1)], kArticle))) {
      out.context_rich = true;
    }
    // Opening sequence markers: "First I ...", "Then I ...", "The first thing I did".
    if (pos == 0 && (has(w, kOrdinalStart) || (has(w, kSequence) && w.lexeme != named().second))) {
      for (int k = i + 1; k < s.end && k <= i + 4; ++k) {
        if (has(t[static_cast<std::size_t>(k)], kSubject)) out.action_led = true;
      }
    }
    // Telegraphic bullets ("Rewrote the join", "Added a test") leave the "I" implicit: a
    // sentence that opens with a past-tense action verb is the speaker's action.
    const bool opening_verb =
        (has(w, kAction | kCommVerb) && has(w, kPast)) || (has(w, kCommVerb) && w.lexeme == named().let);
    if (pos == 0 && w.capitalised && opening_verb && !has(w, kBe | kSubject)) {
      fp_clause = true;
      ++out.action_clauses_i;
      if (has(w, kFixVerb)) ++out.fix_clauses;
      if (has(w, kCommVerb)) {
        comm_verb = true;
        if (out.communication_at < 0) out.communication_at = i;
      }
      if (first_action_at < 0) first_action_at = pos;
      out.action_led = true;
      continue;
    }
    if (!has(w, kSubject)) continue;
    const Clause c = clause_after(t, i, s.end);
    if (c.verb < 0) continue;
    const Token& v = t[static_cast<std::size_t>(c.verb)];
    const bool singular = has(w, kFirstSingular);
    if (c.passive || c.negated) continue;
    // "We had two weeks to deliver", "I had a week": a constraint stated by the speaker.
    if ((has(v, kNumberWord | kArticle) || v.number) && c.verb + 1 < s.end &&
        (c.pluperfect || (c.verb > 0 && has(t[static_cast<std::size_t>(c.verb - 1)], kHad)))) {
      for (int k = c.verb + 1; k < s.end && k <= c.verb + 2; ++k) {
        if (has(t[static_cast<std::size_t>(k)], kTimeUnit)) out.task_strong = true;
      }
    }
    if (!has(v, kAction | kCommVerb | kCreateVerb)) continue;
    if (has(v, kContextVerb | kCognition) && !has(v, kAction)) continue;
    if (c.modal || c.pluperfect) continue;
    fp_clause = true;
    if (has(v, kCommVerb) && has(v, kPast | kPresentVerb)) {
      comm_verb = true;
      if (out.communication_at < 0) out.communication_at = i;
    }
    if (singular) ++out.action_clauses_i;
    else ++out.action_clauses_we;
    if (has(v, kFixVerb)) ++out.fix_clauses;
    if (first_action_at < 0) first_action_at = pos;
    if (pos <= 6 && has(v, kPast) && first_action_at == pos) {
      // The subject comes first (maybe after a short opener) and did something: the
      // sentence reports an action rather than setting a scene.
      out.action_led = out.action_led || !out.context_rich || pos <= 1;
    }
  }
  const auto any_word = [any](std::uint64_t c) { return (any & c) != 0; };
  const bool explain_verb = any_word(kExplain), instead = any_word(kInstead);
  const bool has_audience = any_word(kAudience | kAffectedPeople), has_channel = any_word(kChannel);
  const bool contrast = any_word(kContrast | kOptionCue);  // "than", "while", "or", option words
  out.hypothetical = any_word(kModal | kConditional);
  out.generic_you = any_word(kYou);
  out.option_cue = any_word(kOptionCue);
  out.recurrence = out.recurrence || any_word(kRecurrence);
  if (fp_clause) {
    for (int i = s.begin; i < s.end; ++i) {
      const Token& w = t[static_cast<std::size_t>(i)];
      if (has(w, kAction) && has(w, kPast)) ++out.action_verbs;
    }
  }
  out.explains = explain_verb && !has_first_person;
  // "Instead of X at $N" prices an alternative as well as "option", "would cost" do.
  if (instead && money) out.option_cue = true;
  out.communication = fp_clause && comm_verb && (has_audience || has_channel);

  // Hardening: a creation verb, not hypothetical or pre-existing, with a durable safeguard noun.
  bool create = false, safeguard = false, validate_verb = false, data_noun = false, has_now = false;
  for (int i = s.begin; i < s.end; ++i) {
    const Token& w = t[static_cast<std::size_t>(i)];
    if (w.classes == 0) continue;
    if (has(w, kHardenNoun)) safeguard = true;
    if (has(w, kNow)) has_now = true;
    if (has(w, kDataNoun)) data_noun = true;
    // "test"/"check" are nouns as often as verbs; as verbs they follow a subject, "to", "and" or
    // an adverb ("I always test it on production data").
    const Token* before = i > s.begin ? &t[static_cast<std::size_t>(i - 1)] : nullptr;
    const bool used_as_verb =
        !has(w, kHardenNoun) ||
        (before && has(*before, kSubject | kTo | kSkip | kAnd));
    if (has(w, kValidateVerb) && used_as_verb) validate_verb = true;
    if (has(w, kValidateVerb) && w.word.starts_with("reconcil")) validate_verb = true;
    if (!has(w, kCreateVerb) || !has(w, kPast | kPresentVerb)) continue;
    bool blocked = false;
    for (int k = std::max(s.begin, i - 3); k < i; ++k) {
      const Token& p = t[static_cast<std::size_t>(k)];
      if (has(p, kModal | kHad | kNegation) && !(has(p, kNegator) && p.word.size() == 2)) blocked = true;
    }
    if (!blocked && !create) {
      create = true;
      out.hardening_at = i;
    }
  }
  // "There is now a freshness alert" reports a safeguard in place as much as "I added" does.
  out.hardening = (create || (has_now && !out.hypothetical)) && safeguard;
  out.validation = validate_verb && data_noun;
  // "Streaming was $4,500 a month while batch was $300": two priced alternatives side by side.
  if (priced >= 2 && contrast) out.option_cue = true;
  return out;
}

// Inline prefix test: stems are a few letters, and string_view::starts_with calls memcmp.
bool starts_with(std::string_view word, std::string_view stem) {
  if (word.size() < stem.size()) return false;
  for (std::size_t i = 0; i < stem.size(); ++i) {
    if (word[i] != stem[i]) return false;
  }
  return true;
}

// Topic stems bucketed by first letter, so each word is compared with a handful of stems.
class TopicIndex {
 public:
  explicit TopicIndex(const std::vector<std::string>& stems) : stems_(stems) {
    for (std::size_t k = 0; k < stems.size() && k < 64; ++k) {
      if (!stems[k].empty()) buckets_[static_cast<unsigned char>(stems[k][0])] |= 1ull << k;
    }
  }
  // Index of the first stem the word starts with, or -1. Stems of three letters or fewer
  // ("ai", "sla", "vp") must match the whole word (or its plural): "ai" is not "airflow".
  int match(std::string_view word) const {
    for (std::uint64_t m = buckets_[static_cast<unsigned char>(word[0])]; m; m &= m - 1) {
      const int k = __builtin_ctzll(m);
      const std::string_view stem = stems_[static_cast<std::size_t>(k)];
      if (!starts_with(word, stem)) continue;
      if (stem.size() > 3 || word.size() == stem.size() ||
          (word.size() == stem.size() + 1 && word.back() == 's')) {
        return k;
      }
    }
    return -1;
  }

 private:
  const std::vector<std::string>& stems_;
  std::uint64_t buckets_[256] = {};
};

}  // namespace

bool is_mechanics(const SentenceSignals& s) {
  const bool explains_tool = (s.explains || s.generic_you) && s.tech >= 1 &&
                             (s.generic_you || s.first_singular + s.first_plural == 0);
  // Dense with tool vocabulary and says nothing about people or the business.
  const bool dense = s.tech >= 4 && s.tech * 6 >= s.words && s.business == 0;
  return explains_tool || dense;
}

Signals read_signals(const Doc& doc, const Question* question) {
  Signals out;
  out.sentences.reserve(doc.sentences.size());
  for (const Sentence& s : doc.sentences) out.sentences.push_back(read_sentence(doc, s));

  for (const SentenceSignals& ss : out.sentences) {
    out.first_singular += ss.first_singular;
    out.first_plural += ss.first_plural;
    out.action_clauses_i += ss.action_clauses_i;
    out.action_clauses_we += ss.action_clauses_we;
    out.action_verbs += ss.action_verbs;
    out.fix_clauses += ss.fix_clauses;
    out.numbers += ss.numbers;
    out.measured += ss.measured;
    out.hardening_sentences += ss.hardening;
    out.communication_sentences += ss.communication;
    out.incident += ss.incident;
    out.incident_sentences += ss.incident > 0;
    const std::size_t index = static_cast<std::size_t>(&ss - out.sentences.data());
    if (index * 3 < out.sentences.size() || index < 2) out.incident_opening += ss.incident;
    out.blame += ss.blame;
    out.tradeoff_sentences += ss.option_cue && ss.measured > 0;
    out.validation_sentences += ss.validation;
    const bool mechanics = is_mechanics(ss);
    if (mechanics) {
      ++out.mechanics_sentences;
      out.mechanics_words += ss.words;
    }
  }

  // The closing region: the last paragraph, or the last 40% of the words, whichever is longer.
  const int n = static_cast<int>(doc.sentences.size());
  if (n > 0) {
    const int total = static_cast<int>(doc.tokens.size());
    int by_words = n - 1;
    while (by_words > 0 && doc.sentences[static_cast<std::size_t>(by_words)].begin > total * 6 / 10) {
      --by_words;
    }
    int by_paragraph = n - 1;
    const int last_paragraph = doc.sentences.back().paragraph;
    while (by_paragraph > 0 &&
           doc.sentences[static_cast<std::size_t>(by_paragraph - 1)].paragraph == last_paragraph) {
      --by_paragraph;
    }
    if (last_paragraph == 0) by_paragraph = n - 1;
    // The result is normally told in the closing paragraph; when that paragraph reports no
    // outcome (or there are no paragraphs), look through the last 40% of the answer instead.
    const auto collect = [&](int begin) {
      out.result_sentences.clear();
      out.result_business = out.result_measured = 0;
      out.result_recurrence = false;
      for (int i = begin; i < n; ++i) {
        const SentenceSignals& ss = out.sentences[static_cast<std::size_t>(i)];
        const Sentence& sen = doc.sentences[static_cast<std::size_t>(i)];
        if (sen.heading == 'S' || sen.heading == 'T' || sen.heading == 'A') continue;
        // An outcome marker, or a plain statement of a number that matters to people
        // ("Finance had correct numbers by 9:30").
        const bool reads_as_result =
            !ss.hypothetical &&
            (ss.outcome_strong > 0 ||
             (!ss.action_led && (ss.outcome_weak > 0 || (ss.numbers > 0 && ss.business > 0))));
        if ((sen.heading == 'R' && ss.words >= 3) || reads_as_result) {
          out.result_sentences.push_back(i);
          out.result_business += ss.business;
          out.result_measured += ss.measured + ss.numbers;
          out.result_recurrence = out.result_recurrence || ss.recurrence;
        }
      }
    };
    const bool has_paragraphs = last_paragraph >= 2;
    out.result_begin = has_paragraphs ? by_paragraph : by_words;
    collect(out.result_begin);
    if (out.result_sentences.empty() && has_paragraphs && by_words < by_paragraph) {
      out.result_begin = by_words;
      collect(out.result_begin);
    }
    // "Result:" sections count wherever they are.
    for (int i = 0; i < out.result_begin; ++i) {
      const Sentence& sen = doc.sentences[static_cast<std::size_t>(i)];
      const SentenceSignals& ss = out.sentences[static_cast<std::size_t>(i)];
      if (sen.heading == 'R' && ss.words >= 3) {
        out.result_sentences.push_back(i);
        out.result_business += ss.business;
        out.result_measured += ss.measured + ss.numbers;
        out.result_recurrence = out.result_recurrence || ss.recurrence;
      }
    }
  }

  if (question && !question->topic_words.empty()) {
    const TopicIndex index(question->topic_words);
    std::uint64_t seen = 0;
    for (const Token& t : doc.tokens) {
      if (t.word.size() < 2) continue;
      const int k = index.match(t.word);
      if (k < 0) continue;
      ++out.topic_hits;
      if (!(seen & (1ull << k))) {
        seen |= 1ull << k;
        ++out.topic_distinct;
      }
    }
  }
  return out;
}

bool is_failure_story(const Signals& s, const Question* question, bool off_topic) {
  // A question on topic decides: its theme says what kind of story was asked for.
  if (question && !off_topic) return question->theme == Theme::Failure;
  // No question (or a story about something else): the text decides. Something goes wrong
  // early in the story, and the failure keeps coming up.
  return s.incident_opening > 0 && s.incident >= 2 &&
         s.incident_sentences * 5 >= static_cast<int>(s.sentences.size());
}

}  // namespace starcoach::scoring::detail
