// STAR coverage: which parts of Situation, Task, Action, Result the answer contains.
//
// Situation: the answer opens by setting a scene (not mid-action). Task: an explicit goal, ask,
// responsibility or constraint. Action: first-person clauses with verbs of doing. Result: a
// closing sentence that reports an outcome. Explicit headings ("Result:") count as found.
#include <algorithm>

#include "scoring/analysis.h"

namespace starcoach::scoring::detail {
namespace {

bool mechanics(const SentenceSignals& s) { return is_mechanics(s); }

bool has_heading(const Doc& doc, char role) {
  return std::any_of(doc.sentences.begin(), doc.sentences.end(),
                     [&](const Sentence& s) { return s.heading == role; });
}

// A scene-setting opener: not an action report and not a tool explanation.
double opener_context(const SentenceSignals& s) {
  if (s.action_led || mechanics(s)) return 0;
  return s.context_rich || s.business > 0 || s.numbers > 0 || s.incident > 0 ? 1.0 : 0.8;
}

}  // namespace

bool Assessment::flagged(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

void assess_star(Assessment& a) {
  const Doc& doc = *a.doc;
  const Signals& sig = *a.signals;
  const int n = static_cast<int>(sig.sentences.size());
  if (n == 0) return;

  // Situation: the first sentence, or failing that the second, sets the scene.
  double situation = opener_context(sig.sentences[0]);
  // A second sentence can set the scene after a short opener, but a bare goal statement
  // ("My job was to ...") after an opening action is still no scene.
  const SentenceSignals& second = sig.sentences[n > 1 ? 1 : 0];
  if (situation == 0 && n > 1 && !(second.task_strong && !second.context_rich)) {
    situation = 0.7 * opener_context(second);
  }
  if (has_heading(doc, 'S')) situation = std::max(situation, 0.9);
  a.star.situation = situation;
  a.situation_found = situation >= 0.5;

  // Task: a strong statement anywhere in the first 70% of the answer, a weaker one early on.
  double task = 0;
  for (int i = 0; i < n; ++i) {
    const SentenceSignals& s = sig.sentences[static_cast<std::size_t>(i)];
    const bool early = i * 10 < n * 7 || i < 3;
    const bool first_half = i * 2 < n || i < 2;
    if (s.task_strong) task = std::max(task, early ? 1.0 : 0.7);
    if (s.task_weak && first_half) task = std::max(task, 0.7);
  }
  if (has_heading(doc, 'T')) task = std::max(task, 0.8);
  a.star.task = task;
  a.task_found = task >= 0.5;

  // Action: how much the speaker (or their team) did, in first-person clauses.
  const int clauses = sig.action_clauses_i + sig.action_clauses_we;
  const double weighted = sig.action_clauses_i + 0.7 * sig.action_clauses_we + 0.15 * sig.action_verbs;
  // Two first-person clauses, or one that strings several actions together ("I cut X, kept
  // Y and shipped Z").
  a.action_found = clauses >= 2 || (clauses == 1 && sig.action_verbs >= 3);
  a.star.action = a.action_found ? std::min(1.0, weighted / 7.0) : std::min(0.3, weighted / 7.0);

  // Result: outcome sentences in the closing region; stronger with numbers and a business effect.
  if (!sig.result_sentences.empty()) {
    double result = 0.6;
    if (sig.result_measured > 0) result += 0.2;
    if (sig.result_business > 0 || sig.result_recurrence) result += 0.2;
    a.star.result = std::min(1.0, result);
    a.result_found = true;
  }
}

}  // namespace starcoach::scoring::detail
