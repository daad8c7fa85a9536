// The structured logger: logfmt shape, escaping, token and secret redaction.
#include "bot/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace starcoach::bot {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_sink([this](const std::string& line) { lines.push_back(line); });
  }
  void TearDown() override { log::set_sink(nullptr); }
  std::vector<std::string> lines;
};

TEST_F(LogTest, LineIsLogfmtWithUtcTimestamp) {
  log::info("listening", {{"port", 3000}, {"host", "0.0.0.0"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], MatchesRegex(R"(ts=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z level=info msg=listening port=3000 host=0\.0\.0\.0)"));
}

TEST_F(LogTest, ValuesWithSpacesQuotesAndNewlinesStayOnOneLine) {
  log::warn("slack call failed", {{"error", "say \"hi\"\nnext"}, {"empty", ""}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr(R"(msg="slack call failed")"));
  EXPECT_THAT(lines[0], HasSubstr(R"(error="say \"hi\"\nnext")"));
  EXPECT_THAT(lines[0], HasSubstr(R"(empty="")"));
  EXPECT_THAT(lines[0], Not(HasSubstr("\n")));
}

TEST_F(LogTest, SlackTokensAreRedacted) {
  log::error("bad", {{"detail", "Authorization: Bearer xoxb-1111-2222-abcDEF"}, {"user_token", "xoxp-9-9-9"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], Not(HasSubstr("1111-2222")));
  EXPECT_THAT(lines[0], Not(HasSubstr("xoxp-9")));
  EXPECT_THAT(lines[0], HasSubstr("xoxb-[redacted]"));
  EXPECT_EQ(log::redact_tokens("a xapp-1-A-b c"), "a xapp-[redacted] c");
  EXPECT_EQ(log::redact_tokens("noxoxb-1"), "noxoxb-1");  // not a token boundary
}

TEST_F(LogTest, RegisteredSecretsAreRedacted) {
  log::add_secret("my-signing-secret-0042");
  log::info("oops", {{"leak", "prefix my-signing-secret-0042 suffix"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], Not(HasSubstr("my-signing-secret-0042")));
}

TEST_F(LogTest, LevelsBelowTheMinimumAreDropped) {
  log::debug("hidden");
  log::set_min_level(log::Level::Debug);
  log::debug("shown");
  log::set_min_level(log::Level::Info);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("level=debug msg=shown"));
}

TEST_F(LogTest, ConcurrentWritersProduceWholeLines) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) log::info("tick", {{"thread", t}, {"i", i}});
    });
  for (auto& th : threads) th.join();
  ASSERT_EQ(lines.size(), 1600u);
  for (const auto& l : lines) EXPECT_THAT(l, MatchesRegex(R"(ts=\S+ level=info msg=tick thread=[0-9] i=[0-9]+)"));
}

}  // namespace
}  // namespace starcoach::bot
