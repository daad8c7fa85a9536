// The daily practice loop end to end: post, answers in the thread, edits, deletions,
// reactions, boards, retries, crashes and two processes on one database.
#include <csignal>

#include "answers.h"
#include "bot_fixture.h"

using namespace starcoach::test;
using nlohmann::json;

class DailyLoop : public BotTest {
 protected:
  size_t thread_replies(const std::string& thread) {
    size_t n = 0;
    for (const auto& c : slack.calls("chat.postMessage")) n += c.args.value("thread_ts", "") == thread;
    return n;
  }
  size_t ephemerals_for(const std::string& user) {
    size_t n = 0;
    for (const auto& c : slack.calls("chat.postEphemeral")) n += c.args.value("user", "") == user;
    return n;
  }
  std::string stats(const std::string& user) {
    auto r = slash("stats", user);
    return r ? r->body : "";
  }
  json reaction(const std::string& user, const std::string& emoji, const std::string& ts, bool added = true) {
    return {{"type", added ? "reaction_added" : "reaction_removed"}, {"user", user}, {"reaction", emoji},
            {"item_user", "UANS1"}, {"item", {{"type", "message"}, {"channel", kChannel}, {"ts", ts}}},
            {"event_ts", fresh_ts()}};
  }
};

TEST_F(DailyLoop, AFullDay) {
  const std::string thread = post_question();
  start();
  // three answers: two people, one answers twice
  const std::string ts1 = fresh_ts(), ts2 = fresh_ts(), ts3 = fresh_ts();
  EXPECT_EQ(event(answer_event(thread, "UANS1", good_answer(1), ts1), "EvA1")->status, 200);
  EXPECT_EQ(event(answer_event(thread, "UANS2", kShortAnswer, ts2), "EvA2")->status, 200);
  EXPECT_EQ(event(answer_event(thread, "UANS2", good_answer(2), ts3), "EvA3")->status, 200);
  ASSERT_TRUE(eventually([&] { return thread_replies(thread) == 3 && ephemerals_for("UANS2") == 2; }));
  EXPECT_EQ(ephemerals_for("UANS1"), 1u);
  const auto first_reply = slack.calls("chat.postMessage")[1];
  EXPECT_NE(all_text(first_reply.args).find("/100"), std::string::npos);
  EXPECT_FALSE(first_reply.args.value("reply_broadcast", false));

  // UANS2's best answer counts once
  EXPECT_NE(stats("UANS2").find("Answers: 1"), std::string::npos) << stats("UANS2");

  // an edit with new text updates the bot's reply; an unchanged edit does nothing
  json edit = {{"type", "message"}, {"subtype", "message_changed"}, {"channel", kChannel},
               {"message", {{"user", "UANS1"}, {"text", kShortAnswer}, {"ts", ts1}, {"thread_ts", thread}}},
               {"previous_message", {{"user", "UANS1"}, {"text", good_answer(1)}, {"ts", ts1}}}};
  EXPECT_EQ(event(edit, "EvEdit1")->status, 200);
  ASSERT_TRUE(eventually([&] { return slack.count("chat.update") == 1; }));
  EXPECT_NE(all_text(slack.calls("chat.update")[0].args).find(std::to_string(cli_score(kShortAnswer, posted_question_id())) + "/100"), std::string::npos);
  json same = edit;
  same["message"]["text"] = kShortAnswer;
  same["previous_message"]["text"] = kShortAnswer;
  event(same, "EvEdit2");

  // reactions: self and bot do not count, peers do, removal takes it back
  event(reaction("UANS1", "tada", ts1), "EvR1");
  event(reaction("UFAKEBOT", "white_check_mark", ts1), "EvR2");
  event(reaction("UANS2", "+1", ts1), "EvR3");
  event(reaction("UPEER3", "+1", ts1), "EvR4");
  event(reaction("UANS2", "tada", ts1), "EvR5");
  ASSERT_TRUE(eventually([&] { return stats("UANS1").find("Reactions received: 3") != std::string::npos; }))
      << stats("UANS1");
  event(reaction("UPEER3", "+1", ts1, false), "EvR6");
  ASSERT_TRUE(eventually([&] { return stats("UANS1").find("Reactions received: 2") != std::string::npos; }));

  // boards
  auto board = slash("leaderboard all", "UANS1");
  EXPECT_NE(board->body.find("UANS1"), std::string::npos);
  EXPECT_NE(board->body.find("UANS2"), std::string::npos);

  // a deletion removes the answer from stats and boards
  json del = {{"type", "message"}, {"subtype", "message_deleted"}, {"channel", kChannel}, {"deleted_ts", ts1},
              {"previous_message", {{"user", "UANS1"}, {"text", kShortAnswer}, {"ts", ts1}}}};
  event(del, "EvDel1");
  ASSERT_TRUE(eventually([&] { return stats("UANS1").find("Answers: 0") != std::string::npos; }));
  EXPECT_EQ(slash("leaderboard all", "UANS2")->body.find("UANS1"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(slack.count("chat.update"), 1u) << "the unchanged edit did nothing";
}

TEST_F(DailyLoop, RetriedEventIsProcessedOnce) {
  const std::string thread = post_question();
  start();
  const auto ev = answer_event(thread, "URETRY1", good_answer(3));
  EXPECT_EQ(event(ev, "EvRetry1")->status, 200);
  EXPECT_EQ(event(ev, "EvRetry1", {{"X-Slack-Retry-Num", "1"}, {"X-Slack-Retry-Reason", "http_timeout"}})->status, 200);
  EXPECT_EQ(event(ev, "EvRetry1", {{"X-Slack-Retry-Num", "2"}, {"X-Slack-Retry-Reason", "http_timeout"}})->status, 200);
  // the same message under a different event id (Slack does that too)
  EXPECT_EQ(event(ev, "EvRetryOther")->status, 200);
  ASSERT_TRUE(eventually([&] { return thread_replies(thread) >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(thread_replies(thread), 1u);
  EXPECT_EQ(ephemerals_for("URETRY1"), 1u);
  auto m = server->client()->Get("/metrics");
  EXPECT_NE(m->body.find("starcoach_events_duplicate_total 2"), std::string::npos) << m->body;
}

TEST_F(DailyLoop, KillNineAfterAcknowledgingLosesNothing) {
  const std::string thread = post_question();
  start();
  slack.hang("chat.postMessage", std::chrono::milliseconds(80), -1);
  std::vector<std::string> users;
  for (int i = 0; i < 15; ++i) {
    users.push_back("UKILL" + std::to_string(i));
    auto r = event(answer_event(thread, users.back(), good_answer(i)), "EvKill" + std::to_string(i));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
  }
  server->kill();
  slack.clear_faults();
  ASSERT_TRUE(server->start()) << server->log();
  ASSERT_TRUE(eventually([&] {
    for (const auto& u : users)
      if (ephemerals_for(u) == 0) return false;
    return true;
  }, std::chrono::seconds(15)));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  size_t twice = 0;
  for (const auto& u : users) {
    EXPECT_LE(ephemerals_for(u), 2u) << u;
    twice += ephemerals_for(u) == 2;
  }
  EXPECT_LE(twice, 1u) << "only a call in flight at the kill may be repeated";
  EXPECT_GE(thread_replies(thread), users.size());
  EXPECT_LE(thread_replies(thread), users.size() + 1);
}

TEST_F(DailyLoop, TwoProcessesOnOneDatabasePostOnce) {
  // Due now: the posting time passed a minute ago in UTC (skip in the first minutes of a day).
  const int64_t now = unix_now();
  const int minutes = static_cast<int>((now % 86400) / 60);
  if (minutes < 3) GTEST_SKIP() << "too close to midnight UTC";
  char at[6];
  std::snprintf(at, sizeof at, "%02d:%02d", (minutes - 2) / 60, (minutes - 2) % 60);
  server->env()["STARCOACH_POST_AT"] = at;
  Env second = server->env();
  second["STARCOACH_PORT"] = std::to_string(free_port());
  ServerProcess other(second);
  start();
  ASSERT_TRUE(other.start()) << other.log();
  ASSERT_TRUE(eventually([&] { return slack.count("chat.postMessage") >= 1; }, std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(slack.count("chat.postMessage"), 1u);
  // and a restart the same day does not post again
  server->terminate();
  start();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(slack.count("chat.postMessage"), 1u);
}

TEST_F(DailyLoop, PostDailyHandlesRateLimitsServerErrorsAndRefusals) {
  slack.rate_limit("chat.postMessage", 1);
  slack.http_error("chat.postMessage", 500, 2);
  auto r = cli({"post-daily", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  const auto calls = slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_GE(calls[1].at - calls[0].at, std::chrono::milliseconds(950)) << "Retry-After honoured";

  FakeSlack refusing;
  refusing.slack_error("chat.postMessage", "channel_not_found");
  RunOptions o;
  o.env = base_env(refusing);
  o.env["STARCOACH_DB"] = server->dir() + "/other.db";
  auto refused = run_cli({"post-daily", "--force"}, o);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE((refused.out + refused.err).find("channel_not_found"), std::string::npos);
}

TEST_F(DailyLoop, PostDailyNotDueAndOncePerDate) {
  auto r = cli({"post-daily"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("Not due"), std::string::npos);
  EXPECT_EQ(slack.count("chat.postMessage"), 0u);
  post_question();
  auto again = cli({"post-daily", "--force"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("Already posted"), std::string::npos);
  EXPECT_EQ(slack.count("chat.postMessage"), 1u);
}

// Regression: the outbox's client retried inline, so one reply waiting out a 429's
// Retry-After (or a 5xx backoff) held up every other queued reply; under steady 5% faults the
// sender fell behind for good. Now a failed call is rescheduled and the others go on.
TEST_F(DailyLoop, ARateLimitedReplyDoesNotHoldUpOtherReplies) {
  const std::string thread = post_question();
  start();
  slack.rate_limit("chat.postMessage", 5);  // the first thread reply: 429, Retry-After: 5
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<std::string> users = {"UHOLD0", "UHOLD1", "UHOLD2"};
  for (size_t i = 0; i < users.size(); ++i)
    ASSERT_EQ(event(answer_event(thread, users[i], good_answer(static_cast<int>(i))),
                    "EvHold" + std::to_string(i))->status, 200);
  auto delivered = [&](const std::string& method) {
    std::vector<RecordedCall> out;
    for (auto& c : slack.calls(method))
      if (c.fault.empty() && c.args.value("thread_ts", "") == thread) out.push_back(c);
    return out;
  };
  ASSERT_TRUE(eventually([&] {
    return delivered("chat.postEphemeral").size() == 3 && delivered("chat.postMessage").size() == 2;
  }, std::chrono::seconds(4)));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(4000))
      << "the other replies waited for the rate-limited one";
  ASSERT_TRUE(eventually([&] { return delivered("chat.postMessage").size() == 3; }, std::chrono::seconds(10)));
  const auto calls = slack.calls("chat.postMessage");
  const auto limited = std::find_if(calls.begin(), calls.end(), [](auto& c) { return c.fault == "ratelimited"; });
  ASSERT_NE(limited, calls.end());
  const auto retried = std::find_if(limited + 1, calls.end(), [&](auto& c) { return c.body == limited->body; });
  ASSERT_NE(retried, calls.end());
  EXPECT_GE(retried->at - limited->at, std::chrono::milliseconds(4950)) << "Retry-After honoured";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(delivered("chat.postMessage").size(), 3u);
  for (const auto& u : users) EXPECT_EQ(ephemerals_for(u), 1u) << u;
}

// With failed calls rescheduled, an update that failed must still not land after a newer one.
TEST_F(DailyLoop, ARetriedUpdateNeverOverwritesANewerEdit) {
  const std::string thread = post_question();
  start();
  const std::string ts = fresh_ts();
  ASSERT_EQ(event(answer_event(thread, "UORDER", good_answer(1), ts), "EvOrd1")->status, 200);
  ASSERT_TRUE(eventually([&] { return thread_replies(thread) == 1; }));
  auto edit = [&](const std::string& before, const std::string& after) {
    return json{{"type", "message"}, {"subtype", "message_changed"}, {"channel", kChannel},
                {"message", {{"user", "UORDER"}, {"text", after}, {"ts", ts}, {"thread_ts", thread}}},
                {"previous_message", {{"user", "UORDER"}, {"text", before}, {"ts", ts}}}};
  };
  slack.http_error("chat.update", 500, 1);
  ASSERT_EQ(event(edit(good_answer(1), kShortAnswer), "EvOrd2")->status, 200);
  ASSERT_TRUE(eventually([&] { return slack.count("chat.update") == 1; }));  // the failed one
  ASSERT_EQ(event(edit(kShortAnswer, good_answer(5)), "EvOrd3")->status, 200);
  auto updates = [&] {
    std::vector<std::string> texts;
    for (auto& c : slack.calls("chat.update"))
      if (c.fault.empty()) texts.push_back(all_text(c.args));
    return texts;
  };
  ASSERT_TRUE(eventually([&] { return updates().size() == 2; }, std::chrono::seconds(10)));
  const std::string newest = std::to_string(cli_score(good_answer(5), posted_question_id())) + "/100";
  const std::string older = std::to_string(cli_score(kShortAnswer, posted_question_id())) + "/100";
  ASSERT_NE(newest, older);
  EXPECT_NE(updates()[0].find(older), std::string::npos) << updates()[0];
  EXPECT_NE(updates()[1].find(newest), std::string::npos) << "the reply shows an older edit: " << updates()[1];
}
