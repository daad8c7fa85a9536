// The result contract: JSON schema, determinism, dimensions, bands, the text report and the
// question bank.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "scoring/score.h"

namespace sc = starcoach::scoring;

namespace {

const char* const kAnswer =
    "At a payments company I owned the nightly settlement load, which finance uses at 8 a.m. to "
    "pay about 3,000 merchants. One night the load failed on a duplicate key. My job was to get "
    "correct numbers to finance on time. I traced the duplicates to a retry I had added, removed "
    "them, reran the load and compared totals with the bank file. I told the finance lead at 6:30 "
    "that the numbers were ready. Afterwards I added a uniqueness test and an alert on row counts. "
    "Merchants were paid on time, and the failure has not recurred in the five months since.";

TEST(Json, HasEverySpecKeyWithTheRightType) {
  const nlohmann::json j = sc::to_json(sc::score_answer(kAnswer, sc::find_question("pipeline-broke")));
  for (const char* key : {"overall", "band", "words", "speaking_seconds", "question", "star",
                          "dimensions", "flags", "strengths", "suggestions"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["overall"].is_number_integer());
  EXPECT_TRUE(j["band"].is_string());
  EXPECT_TRUE(j["words"].is_number_integer());
  EXPECT_TRUE(j["speaking_seconds"].is_number_integer());
  EXPECT_EQ(j["question"], "pipeline-broke");
  ASSERT_TRUE(j["star"].is_object());
  EXPECT_EQ(j["star"].size(), 4u);
  for (const char* part : {"situation", "task", "action", "result"}) {
    ASSERT_TRUE(j["star"][part].is_number()) << part;
    EXPECT_GE(j["star"][part].get<double>(), 0.0);
    EXPECT_LE(j["star"][part].get<double>(), 1.0);
  }
  ASSERT_TRUE(j["dimensions"].is_array());
  const std::vector<std::string> ids = {"structure", "result", "ownership", "hardening",
                                        "communication", "specificity", "length", "question_fit"};
  ASSERT_EQ(j["dimensions"].size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& d = j["dimensions"][i];
    EXPECT_EQ(d["id"], ids[i]);
    EXPECT_TRUE(d["score"].is_number_integer());
    EXPECT_GE(d["score"].get<int>(), 0);
    EXPECT_LE(d["score"].get<int>(), 100);
    EXPECT_TRUE(d["note"].is_string());
    EXPECT_FALSE(d["note"].get<std::string>().empty());
  }
  for (const char* list : {"flags", "strengths", "suggestions"}) {
    ASSERT_TRUE(j[list].is_array()) << list;
    for (const auto& item : j[list]) EXPECT_TRUE(item.is_string()) << list;
  }
}

TEST(Json, OrderedJsonKeepsSpecKeyOrderAndMatchesToJson) {
  const sc::ScoreResult r = sc::score_answer(kAnswer, sc::find_question("pipeline-broke"));
  const nlohmann::ordered_json o = sc::to_ordered_json(r);
  std::vector<std::string> keys;
  for (const auto& item : o.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"overall", "band", "words", "speaking_seconds", "question",
                                            "star", "dimensions", "flags", "strengths", "suggestions"}));
  EXPECT_EQ(nlohmann::json::parse(o.dump()), sc::to_json(r));
}

TEST(Json, QuestionIsNullWithoutAQuestion) {
  const nlohmann::json j = sc::to_json(sc::score_answer(kAnswer));
  EXPECT_TRUE(j["question"].is_null());
}

TEST(Determinism, SameInputSameOutputEveryTime) {
  const sc::Question* q = sc::find_question("pipeline-broke");
  const std::string first = sc::to_json(sc::score_answer(kAnswer, q)).dump();
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(sc::to_json(sc::score_answer(kAnswer, q)).dump(), first);
  }
  // Scoring something else in between leaves no state behind.
  (void)sc::score_answer("We broke everything.", sc::find_question("ai-tools"));
  EXPECT_EQ(sc::to_json(sc::score_answer(kAnswer, q)).dump(), first);
}

TEST(Bands, FollowTheSpecThresholds) {
  EXPECT_EQ(sc::band_for(100), "strong");
  EXPECT_EQ(sc::band_for(80), "strong");
  EXPECT_EQ(sc::band_for(79), "solid");
  EXPECT_EQ(sc::band_for(60), "solid");
  EXPECT_EQ(sc::band_for(59), "developing");
  EXPECT_EQ(sc::band_for(40), "developing");
  EXPECT_EQ(sc::band_for(39), "weak");
  EXPECT_EQ(sc::band_for(0), "weak");
}

int dimension(const sc::ScoreResult& r, const std::string& id) {
  for (const auto& d : r.dimensions) {
    if (d.id == id) return d.score;
  }
  ADD_FAILURE() << "no dimension " << id;
  return -1;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(Dimensions, LengthPeaksInTheIdealRange) {
  const int ideal = dimension(sc::score_answer(repeat("word ", 280)), "length");
  EXPECT_EQ(ideal, 100);
  EXPECT_LT(dimension(sc::score_answer(repeat("word ", 100)), "length"), ideal);
  EXPECT_LT(dimension(sc::score_answer(repeat("word ", 500)), "length"), ideal);
}

TEST(Dimensions, SpecificityNeedsNumbers) {
  EXPECT_GT(dimension(sc::score_answer(kAnswer), "specificity"),
            dimension(sc::score_answer("I fixed the load and told finance, and it worked."), "specificity"));
}

TEST(Dimensions, OwnershipPrefersIToWe) {
  const std::string we = "We owned the load. We fixed it, we told finance, we added a test. Our numbers were right.";
  const std::string i = "I owned the load. I fixed it, I told finance, I added a test. My numbers were right.";
  EXPECT_GT(dimension(sc::score_answer(i), "ownership"), dimension(sc::score_answer(we), "ownership"));
}

TEST(Dimensions, HardeningAndCommunicationMatterForIncidents) {
  const sc::Question* q = sc::find_question("pipeline-broke");
  const std::string bare = "At a retailer the nightly load failed at 3 a.m. I was on call. I fixed the cast and "
                           "reran the load. The dashboard was back by 7 a.m.";
  const std::string full = bare + " I told the finance team in their channel, and afterwards I added a "
                                  "schema test and an alert.";
  EXPECT_GT(dimension(sc::score_answer(full, q), "hardening"), dimension(sc::score_answer(bare, q), "hardening"));
  EXPECT_GT(dimension(sc::score_answer(full, q), "communication"),
            dimension(sc::score_answer(bare, q), "communication"));
}

TEST(Dimensions, QuestionFitDropsWhenOffTopic) {
  EXPECT_GT(dimension(sc::score_answer(kAnswer, sc::find_question("pipeline-broke")), "question_fit"),
            dimension(sc::score_answer(kAnswer, sc::find_question("mentored-engineer")), "question_fit"));
}

TEST(Dimensions, ResultAndStructureRewardAClosingOutcome) {
  const std::string open_ended = "At a retailer I owned the nightly load. My job was to fix it. I fixed the cast "
                                 "and reran the load, then I went back to my sprint.";
  EXPECT_GT(dimension(sc::score_answer(kAnswer), "result"), dimension(sc::score_answer(open_ended), "result"));
  EXPECT_GT(dimension(sc::score_answer(kAnswer), "structure"), dimension(sc::score_answer(open_ended), "structure"));
}

TEST(Feedback, SuggestionsArePanelQuestionsAndTheMostUsefulComesFirst) {
  const std::string no_hardening =
      "At a retailer I owned the nightly sales load that finance reads at 8 a.m. One night it failed "
      "on a type error. My job was to get finance correct numbers. I fixed the cast, reran the load "
      "and told the finance team at 6 a.m. that the numbers were ready. Finance had the numbers on time.";
  const sc::ScoreResult r = sc::score_answer(no_hardening, sc::find_question("pipeline-broke"));
  ASSERT_FALSE(r.suggestions.empty());
  EXPECT_NE(r.suggestions.front().find('?'), std::string::npos) << r.suggestions.front();
  EXPECT_NE(r.suggestions.front().find("recur"), std::string::npos) << r.suggestions.front();
}

TEST(Feedback, QuotesAreShort) {
  const sc::ScoreResult r = sc::score_answer(kAnswer, sc::find_question("pipeline-broke"));
  for (const auto& s : r.strengths) {
    const auto open = s.find("\u201C");
    if (open == std::string::npos) continue;
    const auto close = s.find("\u201D", open);
    ASSERT_NE(close, std::string::npos);
    const std::string quote = s.substr(open, close - open);
    EXPECT_LE(static_cast<int>(std::count(quote.begin(), quote.end(), ' ')), 12) << s;
  }
}

TEST(TextReport, ShowsBarScoreFlagsAndColourOnlyWhenAsked) {
  const sc::ScoreResult r = sc::score_answer(kAnswer, sc::find_question("pipeline-broke"));
  ASSERT_GT(r.overall, 10);
  const std::string plain = sc::render_text_report(r, false);
  EXPECT_NE(plain.find("\u2588"), std::string::npos);
  EXPECT_NE(plain.find(std::to_string(r.overall) + "/100"), std::string::npos);
  EXPECT_NE(plain.find(r.band), std::string::npos);
  EXPECT_NE(plain.find(std::string(sc::flag_description("too_short"))), std::string::npos);
  EXPECT_EQ(plain.find("\x1b["), std::string::npos);
  EXPECT_NE(sc::render_text_report(r, true).find("\x1b["), std::string::npos);
}

TEST(QuestionBank, HoldsTheFixedIdsAndEnoughGoodQuestions) {
  const auto& bank = sc::question_bank();
  EXPECT_GE(bank.size(), 30u);
  const std::vector<std::string> fixed = {
      "pipeline-broke", "bad-data-downstream", "late-arriving-data", "dbt-migration",
      "disagreed-definition", "reduced-cost", "upstream-schema-change", "missed-sla",
      "undocumented-codebase", "realtime-vs-batch", "mentored-engineer", "post-mortem",
      "pushed-back-leadership", "tight-deadline", "ai-tools", "cost-vs-velocity",
      "velocity-over-cleanliness"};
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    ASSERT_NE(sc::find_question(fixed[i]), nullptr) << fixed[i];
    EXPECT_EQ(bank[i].id, fixed[i]) << "fixed ids come first, in SPEC order";
  }
  std::set<std::string> ids;
  for (const auto& q : bank) {
    EXPECT_TRUE(ids.insert(q.id).second) << "duplicate id " << q.id;
    EXPECT_FALSE(q.title.empty()) << q.id;
    EXPECT_GE(std::count(q.text.begin(), q.text.end(), ' ') + 1, 10) << q.id;
    EXPECT_GE(q.listening_for.size(), 2u) << q.id;
    EXPECT_LE(q.listening_for.size(), 4u) << q.id;
    EXPECT_GE(q.topic_words.size(), 5u) << q.id;
    for (const auto& w : q.topic_words) {
      EXPECT_EQ(w.find(' '), std::string::npos) << q.id << ": " << w;
      for (char c : w) EXPECT_FALSE(c >= 'A' && c <= 'Z') << q.id << ": " << w;
    }
  }
  EXPECT_EQ(sc::find_question("no-such-question"), nullptr);
}

TEST(QuestionBank, FixedThemesFollowTheRubric) {
  using sc::Theme;
  EXPECT_EQ(sc::find_question("pipeline-broke")->theme, Theme::Failure);
  EXPECT_EQ(sc::find_question("bad-data-downstream")->theme, Theme::Failure);
  EXPECT_EQ(sc::find_question("missed-sla")->theme, Theme::Failure);
  EXPECT_EQ(sc::find_question("reduced-cost")->theme, Theme::Tradeoff);
  EXPECT_EQ(sc::find_question("cost-vs-velocity")->theme, Theme::Tradeoff);
  EXPECT_EQ(sc::find_question("realtime-vs-batch")->theme, Theme::Tradeoff);
  EXPECT_EQ(sc::find_question("velocity-over-cleanliness")->theme, Theme::Tradeoff);
  EXPECT_EQ(sc::find_question("ai-tools")->theme, Theme::AiTools);
  const std::string& text = sc::find_question("pipeline-broke")->text;
  EXPECT_NE(text.find("pipeline"), std::string::npos);
  EXPECT_TRUE(text.find("broke") != std::string::npos || text.find("failed") != std::string::npos);
}

}  // namespace
