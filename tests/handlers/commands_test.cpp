#include <gtest/gtest.h>

#include "handlers/commands.h"
#include "handlers/dispatch.h"
#include "fake_api.h"
#include "sample_answers.h"

using namespace starcoach;
using starcoach::testing::Harness;

namespace {

handlers::SlashCommand slash(const std::string& text, const std::string& user = "U1") {
  return {"T1", "CPRACTICE", user, "/practice", text, "https://hooks.example/commands/T1/1/x"};
}

std::string all_text(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  std::string out;
  if (j.is_object() || j.is_array())
    for (const auto& v : j) out += all_text(v) + "\n";
  return out;
}

std::string reply_text(Harness& h, const std::string& text, const std::string& user = "U1") {
  return all_text(handlers::handle_slash_command(h.ctx, slash(text, user)));
}

}  // namespace

TEST(SlashCommand, HelpAndEmptyShowUsageWithPointsFormula) {
  Harness h;
  for (const char* text : {"", "help", "  HELP  "}) {
    const std::string t = reply_text(h, text);
    for (const char* word : {"score", "question", "streak", "stats", "leaderboard", "points"})
      EXPECT_NE(t.find(word), std::string::npos) << "'" << text << "' lacks " << word;
  }
}

TEST(SlashCommand, RepliesAreEphemeral) {
  Harness h;
  for (const char* text : {"help", "stats", "streak", "leaderboard", "question", "frobnicate"}) {
    const auto j = handlers::handle_slash_command(h.ctx, slash(text));
    EXPECT_EQ(j.value("response_type", ""), "ephemeral") << text;
  }
}

TEST(SlashCommand, ScoreShowsTheScorersNumber) {
  Harness h;
  const auto expected = scoring::score_answer(starcoach::testing::kGoodAnswer, nullptr);
  const std::string t = reply_text(h, std::string("score ") + starcoach::testing::kGoodAnswer);
  EXPECT_NE(t.find(std::to_string(expected.overall) + "/100"), std::string::npos) << t;
}

TEST(SlashCommand, ScoreWithQuestionIdUsesTheQuestion) {
  Harness h;
  const auto* q = scoring::find_question("pipeline-broke");
  ASSERT_NE(q, nullptr);
  const auto expected = scoring::score_answer(starcoach::testing::kGoodAnswer, q);
  const std::string t = reply_text(h, std::string("score pipeline-broke ") + starcoach::testing::kGoodAnswer);
  EXPECT_NE(t.find(std::to_string(expected.overall) + "/100"), std::string::npos);
  EXPECT_NE(t.find("pipeline-broke"), std::string::npos);
}

TEST(SlashCommand, ThirtyWordsWithoutSubcommandAreScored) {
  Harness h;
  const std::string t = reply_text(h, starcoach::testing::kGoodAnswer);
  EXPECT_NE(t.find("/100"), std::string::npos);
}

TEST(SlashCommand, ScoreWithoutTextExplains) {
  Harness h;
  EXPECT_NE(reply_text(h, "score").find("Paste your answer"), std::string::npos);
}

TEST(SlashCommand, UnknownSubcommandGetsHintAndIsEscaped) {
  Harness h;
  const std::string t = reply_text(h, "<!channel> please");
  EXPECT_NE(t.find("/practice help"), std::string::npos);
  EXPECT_EQ(t.find("<!channel>"), std::string::npos);
}

TEST(SlashCommand, QuestionShowsOneAndRefusesUnknownPolitely) {
  Harness h;
  EXPECT_NE(reply_text(h, "question pipeline-broke").find("pipeline-broke"), std::string::npos);
  const std::string unknown = reply_text(h, "question <!here>");
  EXPECT_NE(unknown.find("no question"), std::string::npos);
  EXPECT_EQ(unknown.find("<!here>"), std::string::npos);
}

TEST(SlashCommand, LeaderboardRejectsUnknownPeriodEscaped) {
  Harness h;
  const std::string t = reply_text(h, "leaderboard <@UVICTIM|victim>");
  EXPECT_EQ(t.find("<@UVICTIM"), std::string::npos);
  EXPECT_NE(t.find("week"), std::string::npos);
}

TEST(SlashCommand, NewUserStatsAndBoardsAnswer) {
  Harness h;
  EXPECT_NE(reply_text(h, "stats").find("Answers: 0"), std::string::npos);
  EXPECT_NE(reply_text(h, "streak").find("Current streak: 0"), std::string::npos);
  for (const char* p : {"leaderboard", "leaderboard week", "leaderboard month", "leaderboard all"})
    EXPECT_NE(reply_text(h, p).find("Leaderboard"), std::string::npos) << p;
}

TEST(SlashCommand, AdminCommandsRefusedForOthers) {
  Harness h;
  for (const char* text : {"channel here", "pause", "resume", "post-now", "schedule 08:00 UTC daily"}) {
    auto j = handlers::handle_slash_command(h.ctx, slash(text, "UPLAIN"));
    EXPECT_TRUE(j.is_null()) << "admin replies come via response_url";
  }
  ASSERT_EQ(h.api.responses.size(), 5u);
  for (const auto& r : h.api.responses) EXPECT_NE(all_text(r.args).find("for starcoach admins"), std::string::npos);
  EXPECT_EQ(h.api.count("chat.postMessage"), 0u);
  EXPECT_FALSE(h.store.setting("channel").has_value());
  EXPECT_FALSE(h.store.setting("paused").has_value());
}

TEST(SlashCommand, ListedAdminSetsChannelAndPostsOncePerDay) {
  Harness h;
  h.ctx.admins = {"UADMIN"};
  auto cmd = slash("channel here", "UADMIN");
  cmd.channel_id = "CNEW";
  handlers::handle_slash_command(h.ctx, cmd);
  EXPECT_EQ(h.store.setting("channel").value_or(""), "CNEW");
  handlers::handle_slash_command(h.ctx, slash("post-now", "UADMIN"));
  handlers::handle_slash_command(h.ctx, slash("post-now", "UADMIN"));
  ASSERT_EQ(h.api.count("chat.postMessage"), 1u);
  EXPECT_EQ(h.api.calls.back().args.value("channel", ""), "CNEW");
  EXPECT_NE(all_text(h.api.responses.back().args).find("already out"), std::string::npos);
}

TEST(SlashCommand, WorkspaceAdminFromUsersInfo) {
  Harness h;
  h.api.workspace_admin = true;
  handlers::handle_slash_command(h.ctx, slash("pause", "UOWNER"));
  EXPECT_EQ(h.store.setting("paused").value_or(""), "1");
  handlers::handle_slash_command(h.ctx, slash("resume", "UOWNER"));
  EXPECT_EQ(h.store.setting("paused").value_or(""), "0");
  EXPECT_EQ(h.api.count("users.info"), 1u) << "the admin answer is cached";
}

TEST(SlashCommand, ScheduleValidatesTimeAndZone) {
  Harness h;
  h.ctx.admins = {"UADMIN"};
  handlers::handle_slash_command(h.ctx, slash("schedule 25:99", "UADMIN"));
  handlers::handle_slash_command(h.ctx, slash("schedule 08:15 Mars/Olympus daily", "UADMIN"));
  EXPECT_FALSE(h.store.setting("post_at").has_value());
  handlers::handle_slash_command(h.ctx, slash("schedule 08:15 Europe/Berlin daily", "UADMIN"));
  EXPECT_EQ(h.store.setting("post_at").value_or(""), "08:15");
  EXPECT_EQ(h.store.setting("tz").value_or(""), "Europe/Berlin");
  EXPECT_EQ(h.store.setting("days").value_or(""), "daily");
  const auto s = handlers::effective_schedule(h.ctx);
  EXPECT_EQ(s.hour, 8);
  EXPECT_EQ(s.minute, 15);
  EXPECT_FALSE(s.weekdays_only);
}

// ---- the HTTP body → reply step

struct DispatchCase {
  const char* name;
  std::string body;
  int status;
};

class Dispatch : public ::testing::TestWithParam<DispatchCase> {};

TEST_P(Dispatch, StatusFollowsTheBody) {
  Harness h;
  const auto r = handlers::dispatch_slack_request(h.ctx, GetParam().body, 0);
  EXPECT_EQ(r.status, GetParam().status) << GetParam().name << ": " << r.body;
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, Dispatch,
    ::testing::Values(
        DispatchCase{"url_verification", R"({"type":"url_verification","challenge":"abc","token":"x"})", 200},
        DispatchCase{"truncated_json", R"({"type": "event_callback", "event": {"type": "message", )", 400},
        DispatchCase{"empty_body", "", 400},
        DispatchCase{"whitespace_body", "  \n", 400},
        DispatchCase{"json_array", "[1,2]", 400},
        DispatchCase{"event_without_id", R"({"type":"event_callback","event":{"type":"message"}})", 400},
        DispatchCase{"rate_limited_notice", R"({"type":"app_rate_limited","minute_rate_limited":1518467820})", 200},
        DispatchCase{"form_bad_escape", "this is not a form at all%ZZ%", 400},
        DispatchCase{"form_without_slack_fields", "a=b&c=d", 400},
        DispatchCase{"broken_payload", "payload=%7B%22type%22%3A%22block_actions%22%2C", 400},
        DispatchCase{"block_actions", "payload=%7B%22type%22%3A%22block_actions%22%7D", 200},
        DispatchCase{"ssl_check", "ssl_check=1&token=x", 200},
        DispatchCase{"slash_help", "command=%2Fpractice&text=help&user_id=U1&team_id=T1", 200}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DispatchEvents, UrlVerificationEchoesChallenge) {
  Harness h;
  const auto r = handlers::dispatch_slack_request(h.ctx, R"({"type":"url_verification","challenge":"3eZbrw1aB"})", 0);
  EXPECT_EQ(nlohmann::json::parse(r.body)["challenge"], "3eZbrw1aB");
}

TEST(DispatchEvents, EventIsStoredOnceAndDuplicatesCounted) {
  Harness h;
  int duplicates = 0, wakeups = 0;
  h.ctx.count_duplicate = [&] { ++duplicates; };
  h.ctx.inbox_wakeup = [&] { ++wakeups; };
  const std::string body = R"({"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","user":"U1"}})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(handlers::dispatch_slack_request(h.ctx, body, i).status, 200);
  EXPECT_EQ(h.store.inbox_pending_count(), 1);
  EXPECT_EQ(duplicates, 2);
  EXPECT_EQ(wakeups, 1);
}
