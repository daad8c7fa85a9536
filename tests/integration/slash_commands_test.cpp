// /practice over the network: the reply shows the same score the CLI prints.
#include "answers.h"
#include "bot_fixture.h"

using namespace starcoach::test;

class SlashCommands : public BotTest {
 protected:
  void SetUp() override {
    BotTest::SetUp();
    start();
  }
};

TEST_F(SlashCommands, ScoreRoundTripMatchesTheCli) {
  const int expected = cli_score(good_answer());
  auto r = slash("score " + good_answer());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto reply = nlohmann::json::parse(r->body);
  EXPECT_EQ(reply["response_type"], "ephemeral");
  EXPECT_NE(all_text(reply).find(std::to_string(expected) + "/100"), std::string::npos) << r->body;
}

TEST_F(SlashCommands, ScoreAgainstAQuestionMatchesTheCli) {
  const int expected = cli_score(good_answer(), "pipeline-broke");
  auto r = slash("score pipeline-broke " + good_answer());
  EXPECT_NE(r->body.find(std::to_string(expected) + "/100"), std::string::npos);
}

TEST_F(SlashCommands, AwkwardAnswersAreScoredAndNeverEchoedRaw) {
  const std::string cases[] = {
      good_answer() + " I pinged <!channel> and <@UVICTIM1> and <https://evil.example.com|this>.",
      good_answer() + " 🚀🔥 emoji and RTL: مرحبا بالعالم שלום",
      good_answer() + " '); DROP TABLE answers; -- and 100% & more",
      good_answer() + std::string(" broken utf8: \xC3\x28 \xFF end"),
  };
  for (const auto& text : cases) {
    auto r = slash("score " + text);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("/100"), std::string::npos);
    for (const char* raw : {"<!channel>", "<@UVICTIM1", "<https://evil"})
      EXPECT_EQ(r->body.find(raw), std::string::npos) << raw;
    EXPECT_TRUE(nlohmann::json::accept(r->body)) << "reply is valid JSON (UTF-8 repaired)";
  }
}

TEST_F(SlashCommands, AdminSubcommandsRefusedForOthersAcceptedForListedAdmins) {
  auto r = slash("post-now", "UPLAIN1", "CELSEWHERE");
  EXPECT_EQ(r->status, 200);
  ASSERT_TRUE(eventually([&] { return slack.count("response_url") >= 1; }));
  EXPECT_NE(all_text(slack.calls("response_url").back().args).find("admins"), std::string::npos);
  EXPECT_EQ(slack.count("chat.postMessage"), 0u);

  slash("channel here", "UADMIN2", "CNEWCHAN1");
  slash("post-now", "UADMIN2", "CNEWCHAN1");
  ASSERT_TRUE(eventually([&] { return slack.count("chat.postMessage") >= 1; }));
  EXPECT_EQ(slack.calls("chat.postMessage").back().args.value("channel", ""), "CNEWCHAN1");
  slash("post-now", "UADMIN1", "CNEWCHAN1");
  ASSERT_TRUE(eventually([&] {
    for (const auto& c : slack.calls("response_url"))
      if (all_text(c.args).find("already out") != std::string::npos) return true;
    return false;
  }));
  EXPECT_EQ(slack.count("chat.postMessage"), 1u) << "post-now posts at most once per day";
}

TEST_F(SlashCommands, EveryWebApiCallCarriesTheBearerToken) {
  slash("channel here", "UADMIN1");
  slash("post-now", "UADMIN1");
  ASSERT_TRUE(eventually([&] { return slack.count("chat.postMessage") >= 1; }));
  for (const auto& c : slack.calls())
    if (c.method != "response_url") {
      EXPECT_EQ(c.bearer(), kToken) << c.method;
    }
}
