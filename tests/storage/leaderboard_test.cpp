// Leaderboards (week, month, all time), ranks, ties, the caller's row, and user_stats.
#include <algorithm>
#include <map>

#include "storage_test_util.h"

namespace starcoach::storage::testing {
namespace {

TEST(PointsFormula, IsTheDocumentedString) {
  EXPECT_STREQ(points_formula(),
               "points = 10 per question answered + best score / 10 per question + 2 per peer "
               "reaction");
}

using LeaderboardTest = StoreTest;

TEST_F(LeaderboardTest, PeriodsFilterByWeekAndMonthKeys) {
  auto d = posts(3);
  // Post 1 in W44/October, posts 2-3 in W45/November.
  answer("U1", d[0], 90, "2026-W44", "2026-10");
  answer("U1", d[1], 50, "2026-W45", "2026-11");
  answer("U2", d[1], 70, "2026-W45", "2026-11");
  answer("U2", d[2], 70, "2026-W45", "2026-11");

  struct Case {
    Period period;
    const char* key;
    std::vector<std::string> order;
    std::vector<int> points;
  } cases[] = {
      {Period::Week, "2026-W45", {"U2", "U1"}, {2 * 10 + 7 + 7, 10 + 5}},
      {Period::Week, "2026-W44", {"U1"}, {10 + 9}},
      {Period::Month, "2026-11", {"U2", "U1"}, {34, 15}},
      {Period::Month, "2026-10", {"U1"}, {19}},
      {Period::All, "ignored", {"U1", "U2"}, {20 + 9 + 5, 20 + 7 + 7}},
      {Period::Week, "2030-W01", {}, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.key));
    Board b = store.leaderboard("T1", c.period, c.key, "U1");
    ASSERT_EQ(b.top.size(), c.order.size());
    EXPECT_EQ(b.participants, static_cast<int>(c.order.size()));
    for (size_t i = 0; i < c.order.size(); ++i) {
      EXPECT_EQ(b.top[i].user, c.order[i]);
      EXPECT_EQ(b.top[i].points, c.points[i]);
      EXPECT_EQ(b.top[i].rank, static_cast<int>(i) + 1);
    }
  }
  // All time: U1 34 points (avg 70), U2 34 points (avg 70): tie broken by user id.
  Board all = store.leaderboard("T1", Period::All, "", "U2");
  EXPECT_EQ(all.top[0].points, all.top[1].points);
  ASSERT_TRUE(all.caller);
  EXPECT_EQ(all.caller->user, "U2");
  EXPECT_EQ(all.caller->rank, 2);
  EXPECT_EQ(all.caller->answers, 2);
  EXPECT_DOUBLE_EQ(all.caller->average, 70);
  EXPECT_EQ(all.caller->streak, 2);
}

TEST_F(LeaderboardTest, CallerOutsideTheTopGetsTheirRow) {
  const int64_t d = post(1);
  for (int i = 0; i < 15; ++i) {
    char user[8];
    std::snprintf(user, sizeof user, "U%02d", i);
    answer(user, d, 100 - 5 * i);  // U00 best ... U14 worst
  }
  Board b = store.leaderboard("T1", Period::Week, "2026-W48", "U12");
  ASSERT_EQ(b.top.size(), 10u);
  EXPECT_EQ(b.participants, 15);
  EXPECT_EQ(b.top.front().user, "U00");
  EXPECT_EQ(b.top.back().user, "U09");
  ASSERT_TRUE(b.caller);
  EXPECT_EQ(b.caller->user, "U12");
  EXPECT_EQ(b.caller->rank, 13);
  EXPECT_EQ(b.caller->answers, 1);
  EXPECT_DOUBLE_EQ(b.caller->average, 40);
  EXPECT_EQ(b.caller->points, 14);
  EXPECT_EQ(b.caller->streak, 1);

  Board inside = store.leaderboard("T1", Period::Week, "2026-W48", "U03");
  ASSERT_TRUE(inside.caller);
  EXPECT_EQ(inside.caller->rank, 4);

  Board small = store.leaderboard("T1", Period::Week, "2026-W48", "U14", 3);
  EXPECT_EQ(small.top.size(), 3u);
  EXPECT_EQ(small.caller->rank, 15);

  EXPECT_FALSE(store.leaderboard("T1", Period::Week, "2026-W48", "Unobody").caller);
  EXPECT_FALSE(store.leaderboard("T1", Period::Week, "2026-W48", "").caller);
}

TEST_F(LeaderboardTest, TiesBreakByAverageThenUser) {
  auto d = posts(2);
  // Equal points (30), different averages; then an exact tie broken by user id.
  answer("Uc", d[0], 59);
  answer("Uc", d[1], 59);  // points 20+10=30, avg 59
  answer("Ub", d[0], 50);
  answer("Ub", d[1], 50);  // points 20+10=30, avg 50
  answer("Ua", d[0], 50);
  answer("Ua", d[1], 50);  // points 30, avg 50: ties Ub exactly, user asc
  answer("Ud", d[1], 100); // points 10+10=20
  Board b = store.leaderboard("T1", Period::All, "", "Ub");
  std::vector<std::string> order;
  for (const auto& r : b.top) order.push_back(r.user);
  EXPECT_EQ(order, (std::vector<std::string>{"Uc", "Ua", "Ub", "Ud"}));
  EXPECT_EQ(b.caller->rank, 3);
  // The rank query agrees with the list for every user, also when computed outside the top.
  for (const auto& r : b.top) {
    Board one = store.leaderboard("T1", Period::All, "", r.user, 1);
    ASSERT_TRUE(one.caller);
    EXPECT_EQ(one.caller->rank, r.rank) << r.user;
  }
}

TEST_F(LeaderboardTest, TeamsAreSeparate) {
  const int64_t d = post(1);
  answer("U1", d, 50);
  NewAnswer a = make_answer("U9", d, 90, "t2-ts");
  a.team = "T2";
  store.answer_insert(a);
  EXPECT_EQ(store.leaderboard("T1", Period::All, "", "U9").participants, 1);
  EXPECT_FALSE(store.leaderboard("T1", Period::All, "", "U9").caller);
  EXPECT_EQ(store.leaderboard("T2", Period::All, "", "U9").top.at(0).user, "U9");
}

TEST_F(LeaderboardTest, StreakColumnIsTheCurrentStreak) {
  auto d = posts(4);
  for (int i = 0; i < 2; ++i) answer("Uold", d[i], 90);  // best 2, current 0
  for (int i = 1; i < 4; ++i) answer("Unow", d[i], 40);
  Board b = store.leaderboard("T1", Period::All, "", "Uold");
  std::map<std::string, int> streaks;
  for (const auto& r : b.top) streaks[r.user] = r.streak;
  EXPECT_EQ(streaks["Uold"], 0);
  EXPECT_EQ(streaks["Unow"], 3);
}

using UserStatsTest = StoreTest;

TEST_F(UserStatsTest, RecentWeakestAverageAndReactions) {
  auto d = posts(7);
  const int scores[] = {10, 20, 30, 40, 50, 60, 70};
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    NewAnswer a = make_answer("U1", d[i], scores[i], "s" + std::to_string(i));
    a.dimensions_json = R"({"structure": 80, "result": 40, "ownership": )" +
                        std::to_string(30 + 10 * i) + "}";
    ids.push_back(*store.answer_insert(a));
  }
  react(ids[6], "U2", "clap");
  react(ids[6], "U3", "clap");
  UserStats st = store.user_stats("T1", "U1");
  EXPECT_EQ(st.answers, 7);
  EXPECT_DOUBLE_EQ(st.average, 40);
  EXPECT_EQ(st.reactions, 2);
  EXPECT_EQ(st.recent, (std::vector<int>{70, 60, 50, 40, 30}));
  EXPECT_EQ(st.streak.current, 7);
  EXPECT_EQ(st.streak.best, 7);
  // ownership averages 60, result 40, structure 80.
  EXPECT_EQ(st.weakest_dimension, "result");
}

TEST_F(UserStatsTest, WeakestDimensionUsesTheBestAnswerAndSkipsBadJson) {
  const int64_t d = post(1);
  NewAnswer weak = make_answer("U1", d, 30, "w");
  weak.dimensions_json = R"({"structure": 10, "result": 90})";
  NewAnswer best = make_answer("U1", d, 80, "b");
  best.dimensions_json = R"({"structure": 90, "result": 20})";
  store.answer_insert(weak);
  store.answer_insert(best);
  EXPECT_EQ(store.user_stats("T1", "U1").weakest_dimension, "result");

  const int64_t d2 = post(2);
  NewAnswer broken = make_answer("U2", d2, 50, "x");
  broken.dimensions_json = "not json";
  store.answer_insert(broken);
  UserStats st = store.user_stats("T1", "U2");
  EXPECT_EQ(st.answers, 1);
  EXPECT_EQ(st.weakest_dimension, "");
}

TEST_F(UserStatsTest, NoAnswersIsAllZero) {
  UserStats st = store.user_stats("T1", "U1");
  EXPECT_EQ(st.answers, 0);
  EXPECT_EQ(st.average, 0);
  EXPECT_EQ(st.reactions, 0);
  EXPECT_TRUE(st.recent.empty());
  EXPECT_EQ(st.weakest_dimension, "");
  EXPECT_EQ(st.streak.current, 0);
}

}  // namespace
}  // namespace starcoach::storage::testing
