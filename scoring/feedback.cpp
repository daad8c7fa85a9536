// Strengths and suggestions a person can act on.
//
// Suggestions are phrased as the follow-up question a panel would ask, most useful first (the
// bot shows only the first one in the channel). Where it helps, they point at the sentence
// concerned, quoted and cut to about twelve words. Strengths quote what already works.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "scoring/analysis.h"

namespace starcoach::scoring::detail {
namespace {

constexpr std::size_t kMaxItems = 4;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

int first_sentence_where(const Signals& s, bool (*pred)(const SentenceSignals&), int from = 0) {
  for (int i = from; i < static_cast<int>(s.sentences.size()); ++i) {
    if (pred(s.sentences[static_cast<std::size_t>(i)])) return i;
  }
  return -1;
}

std::string quoted(const Doc& doc, int sentence, int focus = -1) {
  if (sentence < 0) return {};
  const std::string q = quote_sentence(doc, sentence, 12, focus);
  return q.empty() ? std::string() : "\u201C" + q + "\u201D";
}

std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

void add(std::vector<std::string>& list, std::string item) {
  if (list.size() >= kMaxItems || item.empty()) return;
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

constexpr std::size_t kStem = 5;

// The first five letters of a word and their count packed into one integer, so two stems
// compare with one instruction.
std::uint64_t stem_key(std::string_view w) {
  const std::size_t n = std::min(w.size(), kStem);
  std::uint64_t key = n;
  for (std::size_t i = 0; i < n; ++i) key |= std::uint64_t{static_cast<unsigned char>(w[i])} << (8 * (i + 1));
  return key;
}

// ASCII only: the program never changes the C locale, where isalpha/tolower mean exactly this.
bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Words of a listening point too common to show whether the answer covers it.
bool is_function_word(std::string_view w) {
  static constexpr std::string_view kFunctionWords[] = {
      "with", "from", "that", "what", "when", "your", "their", "before", "after", "into",
      "than", "just", "only", "rather", "until", "side", "both", "each", "they", "them",
      "this", "does", "were", "more", "other", "without", "instead"};
  if (w.size() > 7) return false;  // longer than any of them
  for (std::string_view f : kFunctionWords) {
    if (f.size() == w.size() && f[0] == w[0] && f == w) return true;
  }
  return false;
}

// The listening point of the question whose words the answer uses least, or nullptr when every
// point is already covered. Words are compared on their first five letters (stem-like), in one
// pass over the answer.
const std::string* least_covered_listening_point(const Doc& doc, const Question& q) {
  struct Probe {
    std::size_t point;
    std::uint64_t stem;
    bool found = false;
  };
  std::vector<Probe> probes;
  probes.reserve(32);
  char lower[64];
  for (std::size_t p = 0; p < q.listening_for.size(); ++p) {
    const std::string& point = q.listening_for[p];
    std::size_t k = 0;
    while (k < point.size()) {
      std::size_t end = k;
      while (end < point.size() && ascii_letter(point[end])) ++end;
      const std::size_t size = end - k;
      // Words of 4+ letters only; longer than the buffer cannot be a function word either.
      if (size >= 4) {
        const std::size_t kept = std::min(size, sizeof lower);
        for (std::size_t i = 0; i < kept; ++i) lower[i] = ascii_lower(point[k + i]);
        const std::string_view w(lower, kept);
        if (!is_function_word(w)) probes.push_back({p, stem_key(w)});
      }
      k = end + 1;
    }
  }
  // Probes bucketed by first letter (64 at a time, one bit each); a probe leaves its bucket once
  // found, so each word is compared only with stems still missing that share its first letter.
  for (std::size_t chunk = 0; chunk < probes.size(); chunk += 64) {
    const std::size_t count = std::min<std::size_t>(64, probes.size() - chunk);
    std::array<std::uint64_t, 32> missing{};
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint64_t stem = probes[chunk + k].stem;
      missing[((stem >> 8) - 'a') & 31] |= 1ull << k;  // stem byte 1 is the first letter
    }
    for (const Token& t : doc.tokens) {
      if (t.word.size() < 4) continue;
      std::uint64_t& bucket = missing[(t.word[0] - 'a') & 31];
      if (!bucket) continue;
      const std::uint64_t stem = stem_key(t.word);
      for (std::uint64_t m = bucket; m; m &= m - 1) {
        const int k = __builtin_ctzll(m);
        if (probes[chunk + static_cast<std::size_t>(k)].stem != stem) continue;
        probes[chunk + static_cast<std::size_t>(k)].found = true;
        bucket &= ~(1ull << k);
      }
    }
  }
  const std::string* best = nullptr;
  double best_ratio = 0.5;  // covered enough at or above this share of its words
  for (std::size_t p = 0; p < q.listening_for.size(); ++p) {
    int words = 0, found = 0;
    for (const Probe& probe : probes) {
      if (probe.point != p) continue;
      ++words;
      found += probe.found;
    }
    const double ratio = words ? double(found) / words : 1.0;
    if (ratio < best_ratio) {
      best_ratio = ratio;
      best = &q.listening_for[p];
    }
  }
  return best;
}

std::vector<std::string> suggestions(const Assessment& a) {
  const Doc& doc = *a.doc;
  const Signals& s = *a.signals;
  const int n = static_cast<int>(s.sentences.size());
  std::vector<std::string> out;

  if (a.flagged("off_topic")) {
    add(out, "Which of your stories is really about " + lower_first(a.question->title) +
                 "? This one does not answer the question asked; the panel will ask it again.");
  }
  if (a.flagged("missing_action")) {
    add(out, "What did you do yourself, step by step? The answer says what happened but not "
             "which actions were yours.");
  }
  if (a.flagged("blames_upstream")) {
    // Quote the sentence that blames the most.
    int i = -1;
    for (int k = 0; k < n; ++k) {
      if (s.sentences[static_cast<std::size_t>(k)].blame > (i < 0 ? 0 : s.sentences[static_cast<std::size_t>(i)].blame)) i = k;
    }
    std::string q = "Whatever the other team did, what did you do about it: a fix, a contract, "
                    "defensive parsing, an escalation?";
    if (i >= 0) q += " Instead of " + quoted(doc, i, s.sentences[static_cast<std::size_t>(i)].blame_at) + ", describe your response.";
    add(out, q);
  }
  if (a.flagged("missing_result")) {
    std::string q = "How did it end? Say what changed for the people who relied on it, with a number.";
    if (n > 0) q += " The story stops at " + quoted(doc, n - 1) + ".";
    add(out, q);
  }
  if (a.flagged("no_hardening")) {
    add(out, "What did you change so it cannot recur: a test, an alert, a data contract or a "
             "runbook? Fixing the bug puts the fire out; the panel wants to hear what you hardened.");
  }
  if (a.flagged("no_communication")) {
    add(out, "Who relied on this data, and when did you tell them? Name the people affected, "
             "what you told them and how soon.");
  }
  if (a.flagged("no_validation")) {
    add(out, "How did you check the generated output against real data before merging it? "
             "Compiling and code review do not catch plausible wrong numbers; row counts and "
             "totals against a trusted source do.");
  }
  if (a.flagged("vague_we")) {
    add(out, "What did you personally do, as opposed to the team? \"We\" and \"our\" appear " +
                 std::to_string(s.first_plural) + " times and \"I\" or \"my\" " +
                 std::to_string(s.first_singular) + "; say \"I\" for your part and name what others owned.");
  }
  if (a.flagged("no_tradeoff")) {
    add(out, "What did each option cost in money, time or latency? Put a number on both "
             "choices so the decision is defensible months later.");
  }
  if (a.flagged("technical_result_only")) {
    const int i = s.result_sentences.empty() ? -1 : s.result_sentences.front();
    std::string q = "What did that change for the business or the people using the data?";
    if (i >= 0) q += " " + quoted(doc, i) + " is the technical output; add the effect on users, cost or reliability.";
    add(out, q);
  }
  if (a.flagged("missing_task")) {
    add(out, "What were you asked to do, or what did you set out to achieve, and under what "
             "constraint? One sentence such as \"My job was to...\" frames everything after it.");
  }
  if (a.flagged("missing_situation")) {
    std::string q = "Where was this, and what was at stake? Open with one sentence of context "
                    "before the first action";
    if (n > 0) q += " instead of starting with " + quoted(doc, 0);
    add(out, q + ".");
  }
  if (a.flagged("no_metric")) {
    add(out, "How big was it? Put at least one number on the problem or the outcome: rows, "
             "hours, dollars, people, incidents.");
  }
  if (a.flagged("tool_heavy")) {
    const int i = first_sentence_where(s, [](const SentenceSignals& x) { return is_mechanics(x); });
    std::string q = "Which decision did you make there, and why? Cut the explanation of how the "
                    "tools work";
    if (i >= 0) q += ", such as " + quoted(doc, i);
    add(out, q + ".");
  }
  if (a.flagged("too_long")) {
    add(out, "Can you tell it in about 300 words? At " + std::to_string(doc.words) +
                 " words it runs past three minutes; cut background and keep the actions and result.");
  }
  if (a.flagged("too_short")) {
    add(out, "Can you walk us through it in more detail? At " + std::to_string(doc.words) +
                 " words there is no room for the judgement calls; aim for 250-320.");
  }

  // Clean or nearly clean answers still get the follow-ups a strong panel would push on.
  if (out.size() < 2 && a.result_found && !s.result_recurrence && a.failure_story) {
    add(out, "Has it held since? Say what the safeguard has caught or how long it has gone "
             "without recurring.");
  }
  if (out.size() < 2 && a.result_found && s.result_measured == 0) {
    add(out, "Can you put a number on the outcome itself: time saved, cost, incidents, people helped?");
  }
  // The question's own listening points: the last one is usually what separates good from
  // great (the lasting change, the follow-through).
  if (out.size() < 2 && a.question && !a.off_topic) {
    const std::string* gap = least_covered_listening_point(doc, *a.question);
    if (gap) {
      add(out, "Panels asking this listen for \"" + lower_first(*gap) +
                   "\": where does your story show it? Add a sentence on it.");
    }
  }
  if (out.size() < 2 && s.first_plural > 0 && s.first_singular > 0) {
    add(out, "Who else was involved, and what exactly did they own versus you?");
  }
  if (out.size() < 2 && doc.words > 340 && doc.words <= 420) {
    add(out, "Can you trim it toward 300 words? Keep the actions and result, shorten the setting.");
  }
  if (out.size() < 2) {
    add(out, "What would you do differently if it happened again tomorrow? Panels often end "
             "with that question; have a one-sentence answer ready.");
  }
  if (out.size() < 2) {
    add(out, "What was the hardest judgement call, and what did you weigh before making it?");
  }
  return out;
}

std::vector<std::string> strengths(const Assessment& a) {
  const Doc& doc = *a.doc;
  const Signals& s = *a.signals;
  std::vector<std::string> out;
  if (doc.words == 0) {
    return {"You opened the practice: the next step is a first draft, however rough.",
            "There is room for a full STAR story of about 250-320 words."};
  }

  // A measured result with an effect on people or the business.
  for (int i : s.result_sentences) {
    const SentenceSignals& x = s.sentences[static_cast<std::size_t>(i)];
    if (x.numbers > 0 && (x.business > 0 || x.recurrence)) {
      add(out, "You closed with a measured outcome: " + quoted(doc, i) + ".");
      break;
    }
  }
  const int hardening = first_sentence_where(s, [](const SentenceSignals& x) { return x.hardening; });
  if (hardening >= 0 && (a.failure_story || out.size() < 2)) {
    add(out, "You left something durable behind: " +
                 quoted(doc, hardening, s.sentences[static_cast<std::size_t>(hardening)].hardening_at) + ".");
  }
  const int told = first_sentence_where(s, [](const SentenceSignals& x) { return x.communication; });
  if (told >= 0) {
    add(out, "You kept the affected people informed: " +
                 quoted(doc, told, s.sentences[static_cast<std::size_t>(told)].communication_at) + ".");
  }
  const int priced = first_sentence_where(
      s, [](const SentenceSignals& x) { return x.option_cue && x.measured > 0; });
  if (priced >= 0 && a.question && a.question->theme == Theme::Tradeoff) {
    add(out, "You priced the options you weighed: " + quoted(doc, priced) + ".");
  }
  const int checked = first_sentence_where(s, [](const SentenceSignals& x) { return x.validation; });
  if (checked >= 0 && a.question && a.question->theme == Theme::AiTools) {
    add(out, "You checked generated output against real data: " + quoted(doc, checked) + ".");
  }
  if (!a.flagged("vague_we") && s.action_clauses_i >= 5) {
    add(out, "Your own part is clear: " + std::to_string(s.action_clauses_i) +
                 " first-person actions, not a team summary.");
  }
  if (a.task_found && a.situation_found) {
    const int task = first_sentence_where(s, [](const SentenceSignals& x) { return x.task_strong; });
    if (task >= 0) {
      add(out, "You framed the task clearly: " +
                   quoted(doc, task, s.sentences[static_cast<std::size_t>(task)].task_at) + ".");
    }
  }
  if (a.situation_found && a.task_found && a.action_found && a.result_found) {
    add(out, "All four STAR parts are there, so the panel can follow the story.");
  }
  if (doc.words >= 250 && doc.words <= 320) {
    add(out, "At " + std::to_string(doc.words) + " words it fits the two-to-three-minute slot.");
  }
  // Fallbacks for weak answers: still true, still specific.
  if (out.size() < 2 && a.situation_found && !doc.sentences.empty()) {
    add(out, "You set the scene: " + quoted(doc, 0) + ".");
  }
  if (out.size() < 2 && s.numbers > 0) {
    add(out, "You used concrete numbers (" + std::to_string(s.numbers) +
                 "), which makes the story credible.");
  }
  if (out.size() < 2 && a.result_found) {
    add(out, "You said how the story ended: " + quoted(doc, s.result_sentences.back()) + ".");
  }
  if (out.size() < 2 && s.first_singular > s.first_plural) {
    add(out, "You speak in the first person, so the panel hears your own view.");
  }
  if (out.size() < 2 && doc.words > 0 && doc.words < 180) {
    add(out, "It is brief, so there is room to add the missing parts without running long.");
  }
  if (out.size() < 2) add(out, "You picked a real story from your own work to practise with.");
  if (out.size() < 2) add(out, "You answered in writing, which is the best way to spot gaps before a panel.");
  return out;
}

}  // namespace

std::string quote_sentence(const Doc& doc, int i, int max_words, int focus) {
  if (i < 0 || i >= static_cast<int>(doc.sentences.size())) return {};
  const Sentence& s = doc.sentences[static_cast<std::size_t>(i)];
  std::size_t begin = s.text_begin;
  bool mid_sentence = false;
  // Start at the clause holding the focus word when it lies beyond the first few words: back up
  // at most four words, stopping at a comma, semicolon or colon.
  if (focus >= s.begin && focus < s.end && focus - s.begin >= 8) {
    const auto offset = [&](int k) { return static_cast<std::size_t>(doc.tokens[static_cast<std::size_t>(k)].offset); };
    int start = focus;
    while (start > s.begin && focus - start < 4) {
      const std::string_view gap = std::string_view(doc.clean).substr(offset(start - 1), offset(start) - offset(start - 1));
      if (gap.find_first_of(",;:") != std::string_view::npos) break;
      --start;
    }
    // A clause of a few words ("...without telling anyone") needs the words before it.
    if (s.end - start < 6) start = std::max(s.begin, focus - 6);
    if (start > s.begin) {
      begin = offset(start);
      mid_sentence = true;
    }
  }
  const std::string_view text = std::string_view(doc.clean).substr(begin, s.text_end - begin);
  std::string out = mid_sentence ? "\u2026" : "";
  int words = 0;
  bool truncated = false;
  std::size_t k = 0;
  while (k < text.size()) {
    while (k < text.size() && is_space(text[k])) ++k;
    if (k >= text.size()) break;
    if (words == max_words) {
      truncated = true;
      break;
    }
    std::size_t end = k;
    while (end < text.size() && !is_space(text[end])) ++end;
    if (!out.empty() && !(mid_sentence && words == 0)) out.push_back(' ');
    out.append(text.substr(k, end - k));
    ++words;
    k = end;
  }
  // Drop closing punctuation; the caller adds its own.
  while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ';' ||
                          out.back() == ':' || out.back() == '!' || out.back() == '?')) {
    out.pop_back();
  }
  if (truncated) out += "\u2026";
  return out;
}

void write_feedback(const Assessment& a, const std::vector<DimensionScore>&, ScoreResult& out) {
  out.suggestions = suggestions(a);
  out.strengths = strengths(a);
}

}  // namespace starcoach::scoring::detail
