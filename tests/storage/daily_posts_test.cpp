// Daily posts: one per (channel, local date), also between two Store objects on one file.
#include <atomic>
#include <thread>

#include "storage_test_util.h"

namespace starcoach::storage::testing {
namespace {

TEST(DailyPosts, ClaimIsUniquePerChannelAndDate) {
  Store s(":memory:");
  auto first = s.daily_claim("C1", "2026-11-02", "pipeline-broke", 100);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->channel, "C1");
  EXPECT_EQ(first->local_date, "2026-11-02");
  EXPECT_EQ(first->question_id, "pipeline-broke");
  EXPECT_EQ(first->ts, "");
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->created_at, 100);
  EXPECT_FALSE(s.daily_claim("C1", "2026-11-02", "missed-sla", 101));
  auto other_channel = s.daily_claim("C2", "2026-11-02", "missed-sla", 102);
  ASSERT_TRUE(other_channel);
  EXPECT_EQ(other_channel->seq, 2);
  auto next_day = s.daily_claim("C1", "2026-11-03", "post-mortem", 103);
  ASSERT_TRUE(next_day);
  EXPECT_EQ(next_day->seq, 3);
}

TEST(DailyPosts, LookupsBySetTsDateIdAndLatest) {
  Store s(":memory:");
  auto p = s.daily_claim("C1", "2026-11-02", "q1", 100);
  ASSERT_TRUE(p);
  EXPECT_FALSE(s.daily_by_ts("C1", "")) << "a pending post has no ts to match";
  s.daily_set_ts(p->id, "1762070000.000100");
  auto by_ts = s.daily_by_ts("C1", "1762070000.000100");
  ASSERT_TRUE(by_ts);
  EXPECT_EQ(by_ts->id, p->id);
  EXPECT_FALSE(s.daily_by_ts("C2", "1762070000.000100"));
  EXPECT_EQ(s.daily_for_date("C1", "2026-11-02")->ts, "1762070000.000100");
  EXPECT_FALSE(s.daily_for_date("C1", "2026-11-03"));
  EXPECT_EQ(s.daily_by_id(p->id)->question_id, "q1");
  EXPECT_FALSE(s.daily_by_id(999));
  auto q = s.daily_claim("C1", "2026-11-03", "q2", 200);
  EXPECT_EQ(s.daily_latest("C1")->id, q->id);
  EXPECT_FALSE(s.daily_latest("C9"));
}

TEST(DailyPosts, ReleaseForgetsOnlyUnpostedClaims) {
  Store s(":memory:");
  auto p = s.daily_claim("C1", "2026-11-02", "q1", 100);
  s.daily_release(p->id);
  EXPECT_FALSE(s.daily_for_date("C1", "2026-11-02"));
  auto again = s.daily_claim("C1", "2026-11-02", "q1", 101);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->seq, 1) << "seq has no gap after a release";
  s.daily_set_ts(again->id, "1.1");
  s.daily_release(again->id);  // already posted: kept
  EXPECT_TRUE(s.daily_for_date("C1", "2026-11-02"));
}

TEST(DailyPosts, ReleasingAnOlderClaimClosesTheSeqGap) {
  Store s(":memory:");
  auto a = s.daily_claim("C1", "2026-11-02", "q1", 100);
  auto b = s.daily_claim("C2", "2026-11-02", "q2", 100);
  auto c = s.daily_claim("C2", "2026-11-03", "q3", 100);
  s.daily_set_ts(c->id, "3.0");
  s.daily_release(a->id);
  EXPECT_EQ(s.daily_by_id(b->id)->seq, 1);
  EXPECT_EQ(s.daily_by_id(c->id)->seq, 2);
  EXPECT_EQ(s.daily_claim("C3", "2026-11-04", "q4", 100)->seq, 3);
}

TEST(DailyPosts, QuestionHistoryNewestFirst) {
  Store s(":memory:");
  const char* ids[] = {"pipeline-broke", "missed-sla", "post-mortem", "ai-tools"};
  int day = 0;
  for (const char* q : ids) {
    ++day;
    s.daily_claim("C1", "2026-11-0" + std::to_string(day), q, day);
  }
  s.daily_claim("C2", "2026-11-01", "reduced-cost", 1);
  EXPECT_EQ(s.daily_question_history("C1", 10),
            (std::vector<std::string>{"ai-tools", "post-mortem", "missed-sla", "pipeline-broke"}));
  EXPECT_EQ(s.daily_question_history("C1", 2),
            (std::vector<std::string>{"ai-tools", "post-mortem"}));
  EXPECT_TRUE(s.daily_question_history("C9", 10).empty());
}

// Two processes sharing one file, modelled as two Store objects racing from two threads:
// for every date exactly one of them wins the claim.
TEST(DailyPosts, TwoStoresOnOneFileRaceAndExactlyOneWins) {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  Store a(path);
  Store b(path);
  constexpr int kDays = 40;
  std::atomic<int> wins_a{0}, wins_b{0};
  std::atomic<bool> go{false};
  auto racer = [&](Store& s, std::atomic<int>& wins) {
    while (!go.load()) std::this_thread::yield();
    for (int d = 0; d < kDays; ++d) {
      if (s.daily_claim("C1", "2026-12-" + std::to_string(100 + d), "q", d)) ++wins;
    }
  };
  std::thread ta(racer, std::ref(a), std::ref(wins_a));
  std::thread tb(racer, std::ref(b), std::ref(wins_b));
  go = true;
  ta.join();
  tb.join();
  EXPECT_EQ(wins_a + wins_b, kDays);
  EXPECT_EQ(a.db().execAndGet("SELECT COUNT(*) FROM daily_posts").getInt(), kDays);
  EXPECT_EQ(a.db().execAndGet("SELECT COUNT(DISTINCT seq) FROM daily_posts").getInt(), kDays);
  EXPECT_EQ(a.db().execAndGet("SELECT MAX(seq) FROM daily_posts").getInt(), kDays);
}

TEST(DailyPosts, SingleDateRaceManyTimes) {
  TempDir dir;
  const std::string path = dir.file("race.db");
  Store a(path);
  Store b(path);
  for (int round = 0; round < 20; ++round) {
    const std::string date = "2027-01-" + std::to_string(round);
    std::optional<DailyPost> ra, rb;
    std::atomic<int> ready{0};
    auto run = [&](Store& s, std::optional<DailyPost>& out) {
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      out = s.daily_claim("C1", date, "q", round);
    };
    std::thread ta(run, std::ref(a), std::ref(ra));
    std::thread tb(run, std::ref(b), std::ref(rb));
    ta.join();
    tb.join();
    EXPECT_NE(ra.has_value(), rb.has_value()) << "round " << round;
  }
}

}  // namespace
}  // namespace starcoach::storage::testing
