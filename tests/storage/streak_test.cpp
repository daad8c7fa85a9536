// Streaks count consecutive daily posts answered (by seq), not calendar days.
#include "storage_test_util.h"

namespace starcoach::storage::testing {
namespace {

struct StreakCase {
  const char* name;
  int posts;                  // daily posts 1..posts
  std::vector<int> answered;  // which posts the user answered, in answering order
  int current;
  int best;
};

class StreakCases : public StoreTest, public ::testing::WithParamInterface<StreakCase> {};

TEST_P(StreakCases, CurrentAndBest) {
  const StreakCase& c = GetParam();
  auto ids = posts(c.posts);
  for (int p : c.answered) answer("U1", ids[p - 1], 60);
  Streak s = store.streak("T1", "U1");
  EXPECT_EQ(s.current, c.current);
  EXPECT_EQ(s.best, c.best);
  EXPECT_EQ(store.user_stats("T1", "U1").streak.current, c.current);
  // Rebuilding from scratch agrees with the incremental path.
  store.rebuild_rollups();
  EXPECT_EQ(store.streak("T1", "U1").current, c.current);
  EXPECT_EQ(store.streak("T1", "U1").best, c.best);
}

INSTANTIATE_TEST_SUITE_P(
    Storage, StreakCases,
    ::testing::Values(
        StreakCase{"consecutive", 3, {1, 2, 3}, 3, 3},
        StreakCase{"single_post", 1, {1}, 1, 1},
        StreakCase{"never_answered", 3, {}, 0, 0},
        StreakCase{"missed_post_breaks", 5, {1, 2, 4, 5}, 2, 2},
        StreakCase{"today_not_yet_answered_keeps_yesterday", 4, {1, 2, 3}, 3, 3},
        StreakCase{"missed_yesterday_and_today", 5, {1, 2, 3}, 0, 3},
        StreakCase{"best_kept_after_break", 7, {1, 2, 3, 4, 6, 7}, 2, 4},
        StreakCase{"answered_out_of_order", 4, {4, 2, 3, 1}, 4, 4},
        StreakCase{"late_answer_bridges_gap", 5, {1, 2, 4, 5, 3}, 5, 5},
        StreakCase{"only_first_of_many", 6, {1}, 0, 1}),
    [](const auto& info) { return std::string(info.param.name); });

using StreakTest = StoreTest;

TEST_F(StreakTest, DaysWithoutAPostDoNotBreakIt) {
  // Posts on Friday, Monday and Tuesday (weekdays schedule): three in a row.
  const int64_t fri = post(6), mon = post(9), tue = post(10);
  for (int64_t d : {fri, mon, tue}) answer("U1", d, 50);
  EXPECT_EQ(store.streak("T1", "U1").current, 3);
}

TEST_F(StreakTest, SeveralAnswersToOnePostCountOnce) {
  auto d = posts(2);
  answer("U1", d[0], 50);
  answer("U1", d[0], 60);
  answer("U1", d[1], 70);
  EXPECT_EQ(store.streak("T1", "U1").current, 2);
  EXPECT_EQ(store.streak("T1", "U1").best, 2);
}

TEST_F(StreakTest, DeletionRecomputesCurrentAndBest) {
  auto d = posts(4);
  std::vector<int64_t> a;
  for (int64_t id : d) a.push_back(answer("U1", id, 50));
  EXPECT_EQ(store.streak("T1", "U1").best, 4);
  store.answer_delete(a[1]);
  EXPECT_EQ(store.streak("T1", "U1").current, 2);
  EXPECT_EQ(store.streak("T1", "U1").best, 2);
  store.answer_delete(a[3]);
  EXPECT_EQ(store.streak("T1", "U1").current, 1) << "post 3 answered, today's (4) not";
  store.answer_delete(a[2]);
  EXPECT_EQ(store.streak("T1", "U1").current, 0);
  EXPECT_EQ(store.streak("T1", "U1").best, 1);
}

TEST_F(StreakTest, StreaksArePerTeamAndUser) {
  auto d = posts(2);
  answer("U1", d[0], 50);
  answer("U1", d[1], 50);
  answer("U2", d[1], 50);
  NewAnswer other = make_answer("U1", d[1], 50, "other-team-ts");
  other.team = "T2";
  store.answer_insert(other);
  EXPECT_EQ(store.streak("T1", "U1").current, 2);
  EXPECT_EQ(store.streak("T1", "U2").current, 1);
  EXPECT_EQ(store.streak("T2", "U1").current, 1);
  EXPECT_EQ(store.streak("T1", "nobody").current, 0);
}

TEST_F(StreakTest, StreakLeadersLongestCurrentFirst) {
  auto d = posts(5);
  for (int i = 0; i < 5; ++i) answer("Ulong", d[i], 50);   // 5
  for (int i = 2; i < 4; ++i) answer("Uyday", d[i], 50);   // 2, today not answered yet
  for (int i = 0; i < 3; ++i) answer("Ubroken", d[i], 50); // 0 now, best 3
  answer("Uaaa", d[4], 50);                                // 1
  answer("Ubbb", d[4], 50);                                // 1
  auto leaders = store.streak_leaders("T1", 10);
  ASSERT_EQ(leaders.size(), 4u);
  EXPECT_EQ(leaders[0].user, "Ulong");
  EXPECT_EQ(leaders[0].streak, 5);
  EXPECT_EQ(leaders[0].rank, 1);
  EXPECT_EQ(leaders[0].answers, 5);
  EXPECT_EQ(leaders[1].user, "Uyday");
  EXPECT_EQ(leaders[1].streak, 2);
  EXPECT_EQ(leaders[2].user, "Uaaa");
  EXPECT_EQ(leaders[3].user, "Ubbb");
  EXPECT_EQ(store.streak_leaders("T1", 2).size(), 2u);
}

TEST_F(StreakTest, PendingClaimDoesNotResetStreaks) {
  auto d = posts(3);
  for (int64_t id : d) answer("U1", id, 50);
  // Today's post is claimed but not yet posted: yesterday's streak still shows.
  store.daily_claim("C1", "2026-11-20", "q", 1);
  EXPECT_EQ(store.streak("T1", "U1").current, 3);
}

}  // namespace
}  // namespace starcoach::storage::testing
