// The eight SPEC dimensions, 0..100 each, with one actionable note apiece.
#include <algorithm>
#include <cmath>
#include <string>

#include "scoring/analysis.h"

namespace starcoach::scoring::detail {
namespace {

int clamp_score(double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 100.0))); }

DimensionScore structure(const Assessment& a) {
  const StarCoverage& s = a.star;
  const double v = 100 * (0.2 * s.situation + 0.2 * s.task + 0.35 * s.action + 0.25 * s.result);
  std::string note;
  if (!a.situation_found) note = "Open with one sentence of context: where, what system, who depended on it.";
  else if (!a.task_found) note = "Say what you were asked or set out to do before describing the work.";
  else if (!a.action_found) note = "Spend most of the answer on what you did, step by step.";
  else if (!a.result_found) note = "Close with what changed in the end for the people involved.";
  else note = "All four STAR parts are there; keep the action as the longest part.";
  return {"structure", clamp_score(v), note};
}

DimensionScore result(const Assessment& a) {
  const Signals& s = *a.signals;
  double v;
  std::string note;
  if (!a.result_found) {
    v = 12;
    note = "Add a closing sentence with the outcome: what changed, for whom, by how much.";
  } else {
    v = 45;
    if (s.result_measured > 0) v += 20;
    if (s.result_business > 0) v += 20;
    if (s.result_recurrence) v += 15;
    if (s.result_business == 0 && !s.result_recurrence) {
      v = std::min(v, 50.0);
      note = "Translate the technical result into its effect on users, cost or reliability.";
    } else if (s.result_measured == 0) {
      note = "Put a number on the outcome (hours, dollars, incidents, people).";
    } else if (!s.result_recurrence) {
      note = "Say how long the improvement has held since.";
    } else {
      note = "A measured, lasting outcome: exactly what panels listen for.";
    }
  }
  return {"result", clamp_score(v), note};
}

DimensionScore ownership(const Assessment& a) {
  const Signals& s = *a.signals;
  const double i = s.first_singular, we = s.first_plural;
  const double own_share = (i + 1) / (i + we + 2);
  double v = 25 + 45 * std::min(1.0, own_share / 0.75) + 30 * std::min(1.0, s.action_clauses_i / 6.0);
  std::string note = "Your own decisions and actions are clear.";
  if (a.flagged("vague_we")) {
    v = std::min(v, 35.0);
    note = "Replace \"we\" with \"I\" wherever it was you, and name what others owned.";
  } else if (a.flagged("blames_upstream")) {
    v -= 35;
    note = "Move from whose fault it was to what you did about it.";
  } else if (s.action_clauses_i < 3) {
    note = "Show more of your own actions in the first person.";
  }
  return {"ownership", clamp_score(v), note};
}

DimensionScore hardening(const Assessment& a) {
  const Signals& s = *a.signals;
  double v;
  std::string note;
  if (a.failure_story) {
    if (s.hardening_sentences > 0) {
      v = 75 + 10 * std::min(2, s.hardening_sentences - 1) + (s.result_recurrence ? 10 : 0);
      note = s.result_recurrence ? "Durable fixes with evidence they held."
                                 : "Say whether the safeguard has caught anything since.";
    } else {
      v = 15;
      note = "Name the durable change: a test, alert, contract or runbook.";
    }
  } else {
    v = 70 + 12 * std::min(2, s.hardening_sentences);
    note = s.hardening_sentences > 0 ? "You left a lasting safeguard behind."
                                     : "Mention what you put in place so the work stays healthy.";
  }
  return {"hardening", clamp_score(v), note};
}

DimensionScore communication(const Assessment& a) {
  const Signals& s = *a.signals;
  double v;
  std::string note;
  if (a.failure_story) {
    if (s.communication_sentences > 0) {
      v = 75 + 10 * std::min(2, s.communication_sentences - 1);
      note = "You told the affected people; say when and what you told them.";
      if (s.communication_sentences > 1) note = "Affected people were told early and kept updated.";
    } else {
      v = 15;
      note = "Say who depended on the data and when and how you told them.";
    }
  } else {
    v = 65 + 12 * std::min(3, s.communication_sentences);
    note = s.communication_sentences > 0 ? "You brought the people affected along."
                                         : "Show how you kept stakeholders in the loop.";
  }
  return {"communication", clamp_score(v), note};
}

DimensionScore specificity(const Assessment& a) {
  const Signals& s = *a.signals;
  double v;
  std::string note;
  if (s.numbers == 0) {
    v = 15;
    note = "Add at least one number: rows, minutes, dollars, people, incidents.";
  } else {
    v = 50 + 10 * std::min(5, s.measured) + 2 * std::min(5, s.numbers);
    note = s.measured >= 2 ? "Concrete numbers make the story credible."
                           : "Give the numbers units (hours, dollars, percent) so they mean something.";
  }
  if (a.flagged("tool_heavy")) {
    v -= 35;
    note = "Cut the explanation of how the tools work; keep your decisions.";
  }
  return {"specificity", clamp_score(v), note};
}

DimensionScore length(const Assessment& a) {
  const double w = a.doc->words;
  double v;
  std::string note;
  if (w < 180) {
    v = 60 * w / 180;
    note = "Aim for 250-320 words: about two minutes spoken.";
  } else if (w < 250) {
    v = 75 + 25 * (w - 180) / 70;
    note = "A little short: spend the extra words on your actions.";
  } else if (w <= 320) {
    v = 100;
    note = "Right length: about two minutes spoken.";
  } else if (w <= 420) {
    v = 100 - 25 * (w - 320) / 100;
    note = "Slightly long: trim background, keep the actions.";
  } else {
    v = std::max(10.0, 60 - (w - 420) / 4);
    note = "Too long to tell: cut to about 300 words.";
  }
  return {"length", clamp_score(v), note};
}

DimensionScore question_fit(const Assessment& a) {
  const Signals& s = *a.signals;
  if (!a.question) {
    return {"question_fit", 70, "No question given: scored as a general story."};
  }
  double v;
  std::string note;
  if (a.off_topic) {
    v = 10;
    note = "The story does not answer this question; pick one that does.";
  } else {
    v = 70 + 30 * std::min(1.0, s.topic_distinct / 5.0);
    note = "The story answers the question asked.";
    if (a.flagged("no_tradeoff")) {
      v -= 35;
      note = "Name the options you weighed with their numbers (cost, time, latency).";
    }
    if (a.flagged("no_validation")) {
      v -= 45;
      note = "Say how you checked generated output against real data before trusting it.";
    }
  }
  return {"question_fit", clamp_score(v), note};
}

}  // namespace

std::vector<DimensionScore> score_dimensions(const Assessment& a) {
  // Built in place: an initializer list would copy every note string.
  std::vector<DimensionScore> dims;
  dims.reserve(8);
  dims.push_back(structure(a));
  dims.push_back(result(a));
  dims.push_back(ownership(a));
  dims.push_back(hardening(a));
  dims.push_back(communication(a));
  dims.push_back(specificity(a));
  dims.push_back(length(a));
  dims.push_back(question_fit(a));
  return dims;
}

}  // namespace starcoach::scoring::detail
