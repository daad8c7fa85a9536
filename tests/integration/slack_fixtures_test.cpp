// Slack's own example payloads (../shared/slack-fixtures), replayed against the binary with a
// fresh signature: each is accepted with the documented outcome.
#include <filesystem>

#include "bot_fixture.h"
#include "tests/support/process.h"

using namespace starcoach::test;

namespace {

// The shared Slack example payloads (../shared/slack-fixtures).
std::string fixture(const std::string& name) {
  return read_file(std::string(STARCOACH_SHARED_DIR) + "/slack-fixtures/" + name);
}

}  // namespace

class SlackFixtures : public BotTest {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(std::string(STARCOACH_SHARED_DIR) + "/slack-fixtures"))
      GTEST_SKIP() << "../shared/slack-fixtures is not beside the checkout";
    BotTest::SetUp();
    start();
  }
};

TEST_F(SlackFixtures, UrlVerificationIsAnsweredWithItsChallenge) {
  const auto expected = nlohmann::json::parse(fixture("url_verification.response.json"));
  auto r = post(fixture("url_verification.json"), kJsonType);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["challenge"], expected["challenge"]);
}

TEST_F(SlackFixtures, EveryEventPayloadIsAcknowledged) {
  for (const char* name : {"event-message.json", "event-message-thread-reply.json",
                           "event-message-changed.json", "event-message-changed.bolt-python.json",
                           "event-message-deleted.json", "event-message-bot.json",
                           "event-reaction-added.json", "event-reaction-removed.json",
                           "app-rate-limited.json"}) {
    const std::string body = fixture(name);
    ASSERT_FALSE(body.empty()) << name;
    auto r = post(body, kJsonType);
    ASSERT_TRUE(r) << name;
    EXPECT_EQ(r->status, 200) << name << ": " << r->body;
  }
  // none of them is an answer to one of our daily posts: nothing is said in Slack
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(slack.count("chat.postMessage"), 0u);
  EXPECT_EQ(slack.count("chat.postEphemeral"), 0u);
}

TEST_F(SlackFixtures, TheDocumentedSlashCommandGetsAPrivateUsageHint) {
  // Slack's example is `/weather 94070`: any command name works, and text that is neither a
  // subcommand nor an answer gets a pointer to the usage.
  auto r = post(fixture("slash-command-docs.form"), kFormType);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto reply = nlohmann::json::parse(r->body);
  EXPECT_EQ(reply["response_type"], "ephemeral");
  EXPECT_NE(r->body.find("/practice help"), std::string::npos);
  EXPECT_NE(r->body.find("94070"), std::string::npos);
}

TEST_F(SlackFixtures, TheDocumentedButtonClickIsAcknowledged) {
  auto r = post(fixture("block-actions.form"), kFormType, "/slack/interactions");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(SlackFixtures, TheDocumentedSigningExampleIsAReplayToday) {
  const auto vector = nlohmann::json::parse(fixture("signing-v0-official.json"));
  httplib::Headers headers = {
      {"X-Slack-Request-Timestamp", vector["headers"]["X-Slack-Request-Timestamp"]},
      {"X-Slack-Signature", vector["headers"]["X-Slack-Signature"]}};
  auto r = server->client()->Post("/slack/events", headers, fixture("signing-v0-official.body"), kFormType);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}
