#include <gtest/gtest.h>

#include "handlers/commands.h"
#include "handlers/escape.h"
#include "handlers/form.h"
#include "handlers/render.h"

using namespace starcoach::handlers;

struct FormCase {
  const char* name;
  const char* body;
  bool ok;
  const char* key;
  const char* value;
};

class FormParsing : public ::testing::TestWithParam<FormCase> {};

TEST_P(FormParsing, DecodesOrRejects) {
  const auto& c = GetParam();
  auto form = parse_form(c.body);
  ASSERT_EQ(form.has_value(), c.ok) << c.name;
  if (c.ok && c.key) {
    ASSERT_TRUE(form->count(c.key)) << c.name;
    EXPECT_EQ(form->at(c.key), c.value) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FormParsing,
    ::testing::Values(
        FormCase{"plus_is_space", "command=%2Fpractice&text=score+my+answer", true, "text", "score my answer"},
        FormCase{"percent_escapes", "text=%3C%21channel%3E+%26", true, "text", "<!channel> &"},
        FormCase{"utf8_emoji", "text=%F0%9F%9A%80", true, "text", "\xF0\x9F\x9A\x80"},
        FormCase{"empty_value", "text=&command=%2Fp", true, "text", ""},
        FormCase{"invalid_escape", "this is not a form at all%ZZ%", false, nullptr, nullptr},
        FormCase{"truncated_escape", "text=abc%4", false, nullptr, nullptr},
        FormCase{"no_pairs", "justtext", false, nullptr, nullptr},
        FormCase{"sql_text", "text=%27%3B+DROP+TABLE+answers%3B+--", true, "text", "'; DROP TABLE answers; --"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Escape, NeutralisesSlackMarkup) {
  EXPECT_EQ(mrkdwn_escape("<!channel> & <@U1> <https://evil|x>"),
            "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://evil|x&gt;");
}

TEST(Escape, RepairsInvalidUtf8) {
  const std::string bad = std::string("ok ") + char(0xC3) + char(0x28) + " end";
  const std::string out = mrkdwn_escape(bad);
  EXPECT_NE(out.find("ok"), std::string::npos);
  EXPECT_EQ(out.find(char(0xC3) + std::string(1, char(0x28))), std::string::npos);
}

TEST(Escape, TruncatesAtCodePointBoundary) {
  const std::string s = "ab\xF0\x9F\x9A\x80" "cd";
  const std::string t = truncate_utf8(s, 4);
  EXPECT_EQ(t, "ab…");
}

TEST(Escape, TruncationNeverSplitsAnEntity) {
  const std::string escaped = mrkdwn_escape("abc & <d>");  // "abc &amp; &lt;d&gt;"
  ASSERT_EQ(escaped, "abc &amp; &lt;d&gt;");
  for (size_t limit = 5; limit <= 8; ++limit)
    EXPECT_EQ(truncate_utf8(escaped, limit), "abc …") << "limit " << limit;
  EXPECT_EQ(truncate_utf8(escaped, 9), "abc &amp;…");
  for (size_t limit = 11; limit <= 13; ++limit)
    EXPECT_EQ(truncate_utf8(escaped, limit), "abc &amp; …") << "limit " << limit;
  EXPECT_EQ(truncate_utf8("a & b", 3), "a &…") << "a bare ampersand is text, not an entity";
}

TEST(SlackUnescape, RestoresWhatSlackEscaped) {
  EXPECT_EQ(slack_unescape("a &amp; b &lt;c&gt; &amp;lt;"), "a & b <c> &lt;");
}

TEST(PackBlocks, SplitsLongFeedbackUnderSlackLimits) {
  std::vector<nlohmann::json> blocks;
  for (int i = 0; i < 30; ++i)
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", std::string(2000, 'x')}}}});
  const auto messages = pack_blocks(blocks, "fallback");
  ASSERT_GT(messages.size(), 1u);
  size_t total = 0;
  for (const auto& m : messages) {
    EXPECT_LE(m["blocks"].dump().size(), 13000u);
    EXPECT_LE(m["blocks"].size(), 50u);
    total += m["blocks"].size();
  }
  EXPECT_EQ(total, 30u);
}

TEST(ScoreBar, FillsInProportion) {
  EXPECT_EQ(score_bar(0), "▱▱▱▱▱▱▱▱▱▱");
  EXPECT_EQ(score_bar(100), "▰▰▰▰▰▰▰▰▰▰");
  EXPECT_EQ(score_bar(62), "▰▰▰▰▰▰▱▱▱▱");
}
