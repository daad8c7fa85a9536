#include <gtest/gtest.h>

#include "handlers/daily.h"
#include "handlers/events.h"
#include "fake_api.h"
#include "sample_answers.h"

using namespace starcoach;
using starcoach::testing::Harness;
using nlohmann::json;

namespace {

// Posts today's question and returns its ts.
std::string post_question(Harness& h) {
  const auto r = handlers::post_daily(h.ctx, true);
  EXPECT_EQ(r.outcome, handlers::PostOutcome::Posted);
  return r.ts;
}

json envelope(const json& event) {
  return {{"type", "event_callback"}, {"team_id", "T1"}, {"event_id", "Ev"}, {"event", event}};
}

json answer_event(const std::string& thread_ts, const std::string& ts, const std::string& user,
                  const std::string& text) {
  return {{"type", "message"}, {"channel", "CPRACTICE"}, {"user", user}, {"text", text},
          {"ts", ts},          {"thread_ts", thread_ts}};
}

void process(Harness& h, const json& event) {
  storage::Store::Transaction tx(h.store);
  handlers::process_event(h.ctx, envelope(event));
  tx.commit();
}

std::vector<storage::OutboxCall> outbox(Harness& h) { return h.store.outbox_due(h.clock + 10, 100); }

}  // namespace

TEST(Events, ThreadedAnswerIsStoredAndQueuesReplyAndPrivateFeedback) {
  Harness h;
  const std::string thread = post_question(h);
  process(h, answer_event(thread, "1800000000.000100", "U1", starcoach::testing::kGoodAnswer));
  auto answer = h.store.answer_by_ts("T1", "CPRACTICE", "1800000000.000100");
  ASSERT_TRUE(answer);
  const auto calls = outbox(h);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].method, "chat.postMessage");
  EXPECT_EQ(calls[0].purpose, handlers::kPurposeThreadReply);
  const auto reply = json::parse(calls[0].args_json);
  EXPECT_EQ(reply["thread_ts"], thread);
  EXPECT_NE(reply["text"].get<std::string>().find(std::to_string(answer->overall) + "/100"), std::string::npos);
  EXPECT_EQ(calls[1].method, "chat.postEphemeral");
  EXPECT_EQ(json::parse(calls[1].args_json)["user"], "U1");
}

TEST(Events, SameMessageUnderAnotherEventIdIsAnsweredOnce) {
  Harness h;
  const std::string thread = post_question(h);
  const auto ev = answer_event(thread, "1800000000.000100", "U1", starcoach::testing::kGoodAnswer);
  process(h, ev);
  process(h, ev);
  EXPECT_EQ(outbox(h).size(), 2u);
}

struct IgnoredCase {
  const char* name;
  json event;
};

TEST(Events, NonAnswersAreIgnored) {
  Harness h;
  const std::string thread = post_question(h);
  const std::string text = starcoach::testing::kGoodAnswer;
  std::vector<IgnoredCase> cases = {
      {"bot_message", {{"type", "message"}, {"subtype", "bot_message"}, {"bot_id", "B1"}, {"channel", "CPRACTICE"}, {"text", text}, {"ts", "1.1"}, {"thread_ts", thread}}},
      {"app_post", {{"type", "message"}, {"bot_id", "B2"}, {"user", "UOTHERBOT"}, {"channel", "CPRACTICE"}, {"text", text}, {"ts", "1.2"}, {"thread_ts", thread}}},
      {"bot_profile", {{"type", "message"}, {"bot_profile", {{"id", "B3"}}}, {"user", "U9"}, {"channel", "CPRACTICE"}, {"text", text}, {"ts", "1.3"}, {"thread_ts", thread}}},
      {"own_post", answer_event(thread, "1.4", "UBOT", text)},
      {"top_level_message", answer_event("", "1.5", "U1", text)},
      {"thread_root_itself", answer_event(thread, thread, "U1", text)},
      {"other_thread", answer_event("999.999", "1.6", "U1", text)},
      {"channel_join", {{"type", "message"}, {"subtype", "channel_join"}, {"user", "U1"}, {"channel", "CPRACTICE"}, {"text", "joined"}, {"ts", "1.7"}, {"thread_ts", thread}}},
      {"edit_of_unknown", {{"type", "message"}, {"subtype", "message_changed"}, {"channel", "CPRACTICE"}, {"message", {{"user", "U1"}, {"text", "new"}, {"ts", "5.5"}}}, {"previous_message", {{"text", "old"}}}}},
      {"delete_of_unknown", {{"type", "message"}, {"subtype", "message_deleted"}, {"channel", "CPRACTICE"}, {"deleted_ts", "5.5"}}},
      {"reaction_on_unknown", {{"type", "reaction_added"}, {"user", "U2"}, {"reaction", "tada"}, {"item", {{"type", "message"}, {"channel", "CPRACTICE"}, {"ts", "5.5"}}}}},
  };
  for (const auto& c : cases) process(h, c.event);
  EXPECT_TRUE(outbox(h).empty());
  EXPECT_EQ(h.store.user_stats("T1", "U1").answers, 0);
}

TEST(Events, EditWithChangedTextRescoresAndQueuesUpdate) {
  Harness h;
  const std::string thread = post_question(h);
  process(h, answer_event(thread, "1.1", "U1", starcoach::testing::kGoodAnswer));
  for (auto& c : outbox(h)) h.store.outbox_done(c.id, h.clock);
  const std::string short_text = "We fixed the pipeline and everyone was happy again the next morning.";
  json edit = {{"type", "message"}, {"subtype", "message_changed"}, {"channel", "CPRACTICE"},
               {"message", {{"user", "U1"}, {"text", short_text}, {"ts", "1.1"}, {"thread_ts", thread}}},
               {"previous_message", {{"user", "U1"}, {"text", starcoach::testing::kGoodAnswer}, {"ts", "1.1"}}}};
  process(h, edit);
  const auto answer = h.store.answer_by_ts("T1", "CPRACTICE", "1.1");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->text, short_text);
  const auto calls = outbox(h);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls[0].method, "chat.update");
  EXPECT_EQ(calls[0].answer_id, answer->id);
}

TEST(Events, EditWithUnchangedTextDoesNothing) {
  Harness h;
  const std::string thread = post_question(h);
  process(h, answer_event(thread, "1.1", "U1", starcoach::testing::kGoodAnswer));
  for (auto& c : outbox(h)) h.store.outbox_done(c.id, h.clock);
  json edit = {{"type", "message"}, {"subtype", "message_changed"}, {"channel", "CPRACTICE"},
               {"message", {{"user", "U1"}, {"text", starcoach::testing::kGoodAnswer}, {"ts", "1.1"}}},
               {"previous_message", {{"user", "U1"}, {"text", starcoach::testing::kGoodAnswer}, {"ts", "1.1"}}}};
  process(h, edit);
  EXPECT_TRUE(outbox(h).empty());
}

TEST(Events, DeletionRemovesTheAnswerAndTheBotsReply) {
  Harness h;
  const std::string thread = post_question(h);
  process(h, answer_event(thread, "1.1", "U1", starcoach::testing::kGoodAnswer));
  auto answer = h.store.answer_by_ts("T1", "CPRACTICE", "1.1");
  h.store.answer_set_reply_ts(answer->id, "2.2");
  for (auto& c : outbox(h)) h.store.outbox_done(c.id, h.clock);
  process(h, {{"type", "message"}, {"subtype", "message_deleted"}, {"channel", "CPRACTICE"}, {"deleted_ts", "1.1"}});
  EXPECT_FALSE(h.store.answer_by_ts("T1", "CPRACTICE", "1.1"));
  EXPECT_EQ(h.store.user_stats("T1", "U1").answers, 0);
  const auto calls = outbox(h);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "chat.delete");
}

TEST(Events, PeerReactionsCountSelfAndBotDoNot) {
  Harness h;
  const std::string thread = post_question(h);
  process(h, answer_event(thread, "1.1", "U1", starcoach::testing::kGoodAnswer));
  auto react = [&](const std::string& user, const std::string& emoji, bool added) {
    process(h, {{"type", added ? "reaction_added" : "reaction_removed"}, {"user", user}, {"reaction", emoji},
                {"item_user", "U1"}, {"item", {{"type", "message"}, {"channel", "CPRACTICE"}, {"ts", "1.1"}}}});
  };
  react("U1", "tada", true);
  react("UBOT", "white_check_mark", true);
  react("U2", "+1", true);
  EXPECT_EQ(h.store.user_stats("T1", "U1").reactions, 1);
  react("U3", "+1", true);
  react("U2", "tada", true);
  react("U2", "tada", true);
  EXPECT_EQ(h.store.user_stats("T1", "U1").reactions, 3);
  react("U3", "+1", false);
  EXPECT_EQ(h.store.user_stats("T1", "U1").reactions, 2);
}

TEST(Events, AnswerTextWithMarkupIsNeverEchoedRaw) {
  Harness h;
  const std::string thread = post_question(h);
  const std::string text = std::string(starcoach::testing::kGoodAnswer) +
                           " I looped in <!channel> and <@UVICTIM> and linked <https://evil.example.com|the runbook>.";
  process(h, answer_event(thread, "1.1", "U1", text));
  for (const auto& c : outbox(h)) {
    EXPECT_EQ(c.args_json.find("<!channel>"), std::string::npos);
    EXPECT_EQ(c.args_json.find("<@UVICTIM"), std::string::npos);
    EXPECT_EQ(c.args_json.find("<https://evil"), std::string::npos);
  }
}

TEST(Events, MentionGetsAPrivatePointerToHelp) {
  Harness h;
  process(h, {{"type", "app_mention"}, {"user", "U1"}, {"text", "<@UBOT> hi"}, {"channel", "CPRACTICE"}, {"ts", "1.8"}});
  const auto calls = outbox(h);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "chat.postEphemeral");
  EXPECT_NE(calls[0].args_json.find("/practice help"), std::string::npos);
}
