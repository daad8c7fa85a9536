// Durable inbox (dedupe by event_id, pending/done/failed) and outbox (scheduling, retries).
#include "storage_test_util.h"

namespace starcoach::storage::testing {
namespace {

TEST(Inbox, PutDedupesByEventIdEvenAfterDone) {
  Store s(":memory:");
  EXPECT_TRUE(s.inbox_put("Ev1", R"({"a":1})", 100));
  EXPECT_FALSE(s.inbox_put("Ev1", R"({"a":"retry"})", 101));
  auto pending = s.inbox_pending(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].body, R"({"a":1})");
  s.inbox_done(pending[0].id, 102);
  EXPECT_FALSE(s.inbox_put("Ev1", "{}", 103)) << "a retry of a processed event is a duplicate";
  EXPECT_EQ(s.inbox_pending_count(), 0);
}

TEST(Inbox, DoneRowsDropTheirBodyButStillDedupe) {
  TempDir dir;
  const std::string path = dir.file("inbox.db");
  const std::string body(20000, 'x');
  {
    Store s(path);
    s.inbox_put("Ev-done", body, 100);
    s.inbox_put("Ev-failing", body, 100);
    for (const auto& e : s.inbox_pending(10)) {
      if (e.event_id == "Ev-done") s.inbox_done(e.id, 101);
      else for (int i = 0; i < 5; ++i) s.inbox_failed(e.id, "boom", 101 + i);
    }
    EXPECT_FALSE(s.inbox_put("Ev-done", body, 200)) << "a retry of a processed event is still a duplicate";
  }
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT length(body) FROM inbox WHERE event_id = 'Ev-done'").getInt(), 0);
  EXPECT_EQ(raw.execAndGet("SELECT length(body) FROM inbox WHERE event_id = 'Ev-failing'").getInt(), 20000)
      << "a given-up event keeps its body for the operator";
}

TEST(Inbox, PendingOldestFirstWithLimit) {
  Store s(":memory:");
  s.inbox_put("Ev-late", "c", 300);
  s.inbox_put("Ev-early", "a", 100);
  s.inbox_put("Ev-mid", "b", 200);
  auto p = s.inbox_pending(2);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].event_id, "Ev-early");
  EXPECT_EQ(p[1].event_id, "Ev-mid");
  EXPECT_EQ(p[0].received_at, 100);
  EXPECT_EQ(s.inbox_pending_count(), 3);
}

TEST(Inbox, FailedRetriesThenGivesUpAfterFiveAttempts) {
  Store s(":memory:");
  s.inbox_put("Ev1", "{}", 100);
  const int64_t id = s.inbox_pending(1).at(0).id;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    s.inbox_failed(id, "boom " + std::to_string(attempt), 100 + attempt);
    auto p = s.inbox_pending(10);
    ASSERT_EQ(p.size(), 1u) << "attempt " << attempt;
    EXPECT_EQ(p[0].attempts, attempt);
  }
  s.inbox_failed(id, "boom 5", 105);
  EXPECT_TRUE(s.inbox_pending(10).empty());
  EXPECT_EQ(s.inbox_pending_count(), 0);
  EXPECT_FALSE(s.inbox_put("Ev1", "{}", 106)) << "given-up events are still known";
}

TEST(Inbox, DoneRowsArePrunedAfterTwoDays) {
  Store s(":memory:");
  const int64_t day = 24 * 3600;
  s.inbox_put("Ev-old", "{}", 0);
  s.inbox_done(s.inbox_pending(1).at(0).id, 10);
  s.inbox_put("Ev-new", "{}", 3 * day);
  s.inbox_done(s.inbox_pending(1).at(0).id, 3 * day);  // prunes rows done before day 1
  EXPECT_TRUE(s.inbox_put("Ev-old", "{}", 3 * day)) << "pruned after two days";
  EXPECT_FALSE(s.inbox_put("Ev-new", "{}", 3 * day));
}

TEST(Outbox, DeliveredCallsDropTheirArgumentsFailedOnesKeepThem) {
  TempDir dir;
  const std::string path = dir.file("outbox.db");
  const std::string args = R"({"channel":"C1","text":")" + std::string(10000, 'x') + R"("})";
  {
    Store s(path);
    const int64_t sent = s.outbox_add("chat.postMessage", args, "thread_reply", 7, 100);
    const int64_t failed = s.outbox_add("chat.postMessage", args, "thread_reply", 8, 100);
    s.outbox_done(sent, 101);
    s.outbox_failed(failed, "channel_not_found");
    EXPECT_EQ(s.outbox_pending_count(), 0);
  }
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT length(args_json) FROM outbox WHERE answer_id = 7").getInt(), 0);
  EXPECT_EQ(raw.execAndGet("SELECT length(args_json) FROM outbox WHERE answer_id = 8").getInt(),
            static_cast<int>(args.size()))
      << "a failed call keeps what it tried to send";
}

TEST(Outbox, LifecycleDueDoneRetryFailed) {
  Store s(":memory:");
  const int64_t a = s.outbox_add("chat.postMessage", R"({"channel":"C1"})", "thread_reply", 7, 100);
  const int64_t b = s.outbox_add("chat.postEphemeral", "{}", "ephemeral", 7, 101);
  const int64_t c = s.outbox_add("response_url", R"({"url":"https://x"})", "reply", 0, 102);
  EXPECT_EQ(s.outbox_pending_count(), 3);
  EXPECT_TRUE(s.outbox_has_pending(7, "thread_reply"));
  EXPECT_FALSE(s.outbox_has_pending(7, "update"));

  auto due = s.outbox_due(101, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, a);
  EXPECT_EQ(due[0].method, "chat.postMessage");
  EXPECT_EQ(due[0].args_json, R"({"channel":"C1"})");
  EXPECT_EQ(due[0].purpose, "thread_reply");
  EXPECT_EQ(due[0].answer_id, 7);
  EXPECT_EQ(due[1].id, b);

  s.outbox_done(a, 103);
  EXPECT_FALSE(s.outbox_has_pending(7, "thread_reply"));

  s.outbox_retry(b, 200, "HTTP 429");
  EXPECT_TRUE(s.outbox_due(150, 10).size() == 1u);  // only c
  EXPECT_EQ(s.outbox_due(150, 10)[0].id, c);
  auto later = s.outbox_due(200, 10);
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[0].id, b);
  EXPECT_EQ(later[0].attempts, 1);
  EXPECT_EQ(later[0].next_at, 200);

  s.outbox_failed(b, "channel_not_found");
  s.outbox_done(c, 201);
  EXPECT_TRUE(s.outbox_due(1000, 10).empty());
  EXPECT_EQ(s.outbox_pending_count(), 0);
  EXPECT_FALSE(s.outbox_has_pending(7, "ephemeral"));
}

TEST(Outbox, DueRespectsLimitAndOrder) {
  Store s(":memory:");
  for (int i = 0; i < 5; ++i) s.outbox_add("chat.update", std::to_string(i), "update", i, 10);
  auto due = s.outbox_due(10, 3);
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].args_json, "0");
  EXPECT_EQ(due[2].args_json, "2");
}

TEST(Outbox, PendingCallsSurviveReopen) {
  TempDir dir;
  const std::string path = dir.file("outbox.db");
  {
    Store s(path);
    s.outbox_add("chat.postMessage", "{}", "daily_post", 0, 5);
  }
  Store s(path);
  EXPECT_EQ(s.outbox_pending_count(), 1);
  EXPECT_EQ(s.outbox_due(5, 10).size(), 1u);
}

}  // namespace
}  // namespace starcoach::storage::testing
