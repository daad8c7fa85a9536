// Hostile and unusual inputs: the scorer repairs what it can, never crashes, and stays fast.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "scoring/score.h"

namespace sc = starcoach::scoring;
using namespace std::string_literals;

namespace {

bool raised(const sc::ScoreResult& r, const std::string& flag) {
  return std::find(r.flags.begin(), r.flags.end(), flag) != r.flags.end();
}

// Every result, however odd the input, must serialise and keep the SPEC invariants.
void expect_well_formed(const sc::ScoreResult& r) {
  EXPECT_GE(r.overall, 0);
  EXPECT_LE(r.overall, 100);
  EXPECT_EQ(r.band, sc::band_for(r.overall));
  EXPECT_EQ(r.dimensions.size(), 8u);
  EXPECT_GE(r.strengths.size(), 2u);
  EXPECT_LE(r.strengths.size(), 4u);
  EXPECT_GE(r.suggestions.size(), 2u);
  EXPECT_LE(r.suggestions.size(), 4u);
  for (const auto& s : r.strengths) EXPECT_FALSE(s.empty());
  for (const auto& s : r.suggestions) EXPECT_FALSE(s.empty());
  EXPECT_NO_THROW((void)sc::to_json(r).dump());
  EXPECT_NO_THROW((void)sc::render_text_report(r, true));
}

std::string words(int n, const std::string& word = "pipeline") {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + word;
  return out;
}

struct InputCase {
  const char* name;
  std::string text;
  int expected_words;
};

void PrintTo(const InputCase& c, std::ostream* os) { *os << c.name; }

class OddInputs : public ::testing::TestWithParam<InputCase> {};

TEST_P(OddInputs, AreScoredWithoutCrashing) {
  const InputCase& c = GetParam();
  const sc::ScoreResult r = sc::score_answer(c.text, sc::find_question("pipeline-broke"));
  expect_well_formed(r);
  EXPECT_EQ(r.words, c.expected_words) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, OddInputs,
    ::testing::Values(
        InputCase{"empty", "", 0},
        InputCase{"whitespace_only", " \n\t \r\n  ", 0},
        InputCase{"invalid_utf8", "I fixed the \xff\xfe load \xc3\x28 at 3 \xe2\x82 am", 10},
        InputCase{"nul_bytes", "I fixed\0the load"s, 4},
        InputCase{"emoji", "I fixed the load \xF0\x9F\x94\xA5\xF0\x9F\x9A\x80 fast :tada:", 7},
        InputCase{"rtl_text", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D I fixed \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 it", 5},
        InputCase{"sql_looking", "'; DROP TABLE answers; -- I fixed it", 8},
        InputCase{"markup_only", "*_~`<@U1> <#C1|general> <https://x.example|x>`~_*", 3},
        InputCase{"unicode_spaces", "one\xC2\xA0two\xE2\x80\x83three\xE3\x80\x80" "four", 4},
        InputCase{"lone_surrogate_bytes", "I \xed\xa0\x80 fixed", 3},
        InputCase{"control_characters", "I\x01fixed\x1b[31m it\x7f now", 5}),
    [](const ::testing::TestParamInfo<InputCase>& info) { return std::string(info.param.name); });

TEST(RepairUtf8, ReplacesInvalidSequencesAndControls) {
  EXPECT_EQ(sc::repair_utf8("ok"), "ok");
  EXPECT_EQ(sc::repair_utf8("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(sc::repair_utf8("a\0b"s), "a b");
  EXPECT_EQ(sc::repair_utf8("tab\tand\nnewline"), "tab\tand\nnewline");
  EXPECT_EQ(sc::repair_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  // A truncated 3-byte sequence is one replacement character, like Python's errors="replace".
  EXPECT_EQ(sc::repair_utf8("x\xE2\x82y"), "x\xEF\xBF\xBDy");
  // Overlong encodings and surrogates are invalid.
  EXPECT_EQ(sc::repair_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(sc::repair_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(EmptyInput, IsWeakAndTooShortButStillHelpful) {
  const sc::ScoreResult r = sc::score_answer("");
  EXPECT_EQ(r.words, 0);
  EXPECT_EQ(r.speaking_seconds, 0);
  EXPECT_EQ(r.band, "weak");
  EXPECT_TRUE(raised(r, "too_short"));
  EXPECT_FALSE(raised(r, "off_topic"));
  expect_well_formed(r);
}

TEST(SlackMarkup, IsReadAsPlainWords) {
  const std::string plain =
      "Situation: At a retailer I owned the nightly sales load when it failed at 3 a.m.\n"
      "Task: My job was to restore the numbers before the 7 a.m. stand-up.\n"
      "Action: I fixed the cast, reran the load and told the finance team in their channel.\n"
      "Result: Finance had correct numbers by 6:40 and the failure has not recurred since.";
  const std::string slack =
      "*Situation:* At a retailer I owned the nightly sales load when it failed at 3 a.m. :fire:\n"
      "*Task:* _My job was to restore the numbers before the 7 a.m. stand-up._\n"
      "*Action:* \xE2\x80\xA2 I fixed the cast, reran the load and told the finance team in <#C123|finance>.\n"
      "*Result:* Finance had correct numbers by 6:40 and the failure has not recurred since. "
      "<https://wiki.example/pm|post-mortem>";
  const sc::Question* q = sc::find_question("pipeline-broke");
  const sc::ScoreResult a = sc::score_answer(plain, q);
  const sc::ScoreResult b = sc::score_answer(slack, q);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_NEAR(a.overall, b.overall, 5);
  EXPECT_GT(b.star.situation, 0.5);
  EXPECT_GT(b.star.task, 0.5);
  EXPECT_GT(b.star.action, 0.2);
  EXPECT_GT(b.star.result, 0.5);
}

TEST(SlackMarkup, MentionsAndLinksDoNotLeakIntoFeedback) {
  const std::string text = "<!channel> <@U123ABC> said the load failed. I fixed it and told "
                           "<@U999> and finance in <#C1|ops>, see <https://evil.example/x|the runbook>.";
  const sc::ScoreResult r = sc::score_answer(text);
  const std::string json = sc::to_json(r).dump();
  EXPECT_EQ(json.find("<@U"), std::string::npos);
  EXPECT_EQ(json.find("<!channel>"), std::string::npos);
  EXPECT_EQ(json.find("evil.example"), std::string::npos);
}

TEST(WordCount, MatchesWhitespaceSplitOfTheRepairedText) {
  EXPECT_EQ(sc::score_answer("  one two\tthree\nfour  ").words, 4);
  EXPECT_EQ(sc::score_answer("bullets:\n- one\n- two\n\xE2\x80\xA2 three").words, 7);
  EXPECT_EQ(sc::score_answer(words(300)).words, 300);
  EXPECT_EQ(sc::score_answer(words(300)).speaking_seconds, 129);  // round(300 * 60 / 140)
}

TEST(LargeInput, OneMebibyteIsScoredQuicklyAndFlaggedTooLong) {
  std::string text;
  const std::string sentence = "I fixed the broken load and told the finance team at 7 a.m. ";
  while (text.size() < (1u << 20)) text += sentence;
  const auto start = std::chrono::steady_clock::now();
  const sc::ScoreResult r = sc::score_answer(text, sc::find_question("pipeline-broke"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(raised(r, "too_long"));
  expect_well_formed(r);
  // Generous bound (sanitizers, loaded CI); the benchmark measures the real figure.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 5000);
}

TEST(LargeInput, OneHugeWordAndOneHugeLineDoNotCrash) {
  expect_well_formed(sc::score_answer(std::string(200000, 'a')));
  expect_well_formed(sc::score_answer(std::string(200000, '.')));
  expect_well_formed(sc::score_answer(std::string(100000, '<')));
  expect_well_formed(sc::score_answer(std::string(100000, ':')));
  expect_well_formed(sc::score_answer(std::string(100000, '\n')));
}

}  // namespace
