// Answers (unique by team/channel/ts, best of several counts once, delete) and reactions.
#include "storage_test_util.h"

namespace starcoach::storage::testing {
namespace {

using AnswersTest = StoreTest;

TEST_F(AnswersTest, UniqueByTeamChannelTs) {
  const int64_t d = post(1);
  NewAnswer a = make_answer("U1", d, 70, "111.1");
  auto first = store.answer_insert(a);
  ASSERT_TRUE(first);
  EXPECT_FALSE(store.answer_insert(a)) << "same message delivered under another event id";
  NewAnswer other_channel = a;
  other_channel.channel = "C2";
  EXPECT_TRUE(store.answer_insert(other_channel));
  NewAnswer other_team = a;
  other_team.team = "T2";
  EXPECT_TRUE(store.answer_insert(other_team));
  EXPECT_EQ(store.user_stats("T1", "U1").answers, 1);
}

TEST_F(AnswersTest, ReadBackAllFields) {
  const int64_t d = post(1);
  NewAnswer n = make_answer("U1", d, 64, "222.2", "2026-W45", "2026-11");
  n.created_at = 1762000000;
  const int64_t id = *store.answer_insert(n);
  store.answer_set_reply_ts(id, "222.3");
  for (const auto& got : {store.answer_by_id(id), store.answer_by_ts("T1", "C1", "222.2")}) {
    ASSERT_TRUE(got);
    EXPECT_EQ(got->id, id);
    EXPECT_EQ(got->team, "T1");
    EXPECT_EQ(got->channel, "C1");
    EXPECT_EQ(got->ts, "222.2");
    EXPECT_EQ(got->user, "U1");
    EXPECT_EQ(got->daily_id, d);
    EXPECT_EQ(got->text, n.text);
    EXPECT_EQ(got->overall, 64);
    EXPECT_EQ(got->dimensions_json, n.dimensions_json);
    EXPECT_EQ(got->reply_ts, "222.3");
    EXPECT_EQ(got->week_key, "2026-W45");
    EXPECT_EQ(got->month_key, "2026-11");
    EXPECT_EQ(got->created_at, 1762000000);
  }
  EXPECT_FALSE(store.answer_by_ts("T1", "C1", "nope"));
  EXPECT_FALSE(store.answer_by_id(id + 100));
}

TEST_F(AnswersTest, SeveralAnswersToOneQuestionCountOnceWithTheBest) {
  const int64_t d = post(1);
  answer("U1", d, 40);
  answer("U1", d, 85);
  answer("U1", d, 60);
  EXPECT_EQ(store.answers_by_user_for_daily("T1", "U1", d), 3);
  UserStats st = store.user_stats("T1", "U1");
  EXPECT_EQ(st.answers, 1);
  EXPECT_DOUBLE_EQ(st.average, 85);
  EXPECT_EQ(st.recent, std::vector<int>{85});
  EXPECT_EQ(st.streak.current, 1);
  Board b = store.leaderboard("T1", Period::All, "", "U1");
  ASSERT_EQ(b.top.size(), 1u);
  EXPECT_EQ(b.top[0].answers, 1);
  EXPECT_EQ(b.top[0].points, 10 + 8);
}

TEST_F(AnswersTest, RescoreMovesTheBest) {
  const int64_t d = post(1);
  const int64_t a = answer("U1", d, 50);
  const int64_t b = answer("U1", d, 70);
  store.answer_rescore(a, "better text", 90, R"({"structure": 90})");
  EXPECT_DOUBLE_EQ(store.user_stats("T1", "U1").average, 90);
  EXPECT_EQ(store.answer_by_id(a)->text, "better text");
  store.answer_rescore(a, "worse", 10, "{}");
  EXPECT_DOUBLE_EQ(store.user_stats("T1", "U1").average, 70);
  store.answer_rescore(b + 1000, "ghost", 99, "{}");  // unknown id: nothing happens
  EXPECT_DOUBLE_EQ(store.user_stats("T1", "U1").average, 70);
}

TEST_F(AnswersTest, DeleteRemovesFromStatsBoardsAndStreak) {
  auto d = posts(3);
  answer("U1", d[0], 60);
  const int64_t mid = answer("U1", d[1], 80);
  answer("U1", d[2], 70);
  answer("U2", d[2], 50);
  EXPECT_TRUE(react(mid, "U2", "clap"));
  EXPECT_EQ(store.streak("T1", "U1").current, 3);
  EXPECT_EQ(store.user_stats("T1", "U1").reactions, 1);

  store.answer_delete(mid);
  EXPECT_FALSE(store.answer_by_id(mid));
  UserStats st = store.user_stats("T1", "U1");
  EXPECT_EQ(st.answers, 2);
  EXPECT_DOUBLE_EQ(st.average, 65);
  EXPECT_EQ(st.reactions, 0);
  EXPECT_EQ(st.streak.current, 1);
  EXPECT_EQ(st.streak.best, 1);
  Board b = store.leaderboard("T1", Period::Week, "2026-W48", "U1");
  ASSERT_TRUE(b.caller);
  EXPECT_EQ(b.caller->answers, 2);
  EXPECT_EQ(b.caller->reactions, 0);
  EXPECT_EQ(b.caller->points, 20 + 6 + 7);
  EXPECT_EQ(store.db().execAndGet("SELECT COUNT(*) FROM reactions").getInt(), 0);
}

TEST_F(AnswersTest, DeletingTheOnlyAnswerRemovesTheUserFromBoards) {
  const int64_t d = post(1);
  const int64_t a = answer("U1", d, 60);
  answer("U2", d, 50);
  store.answer_delete(a);
  store.answer_delete(a);  // twice: no-op
  Board b = store.leaderboard("T1", Period::All, "", "U1");
  EXPECT_EQ(b.participants, 1);
  EXPECT_FALSE(b.caller);
  EXPECT_EQ(store.user_stats("T1", "U1").answers, 0);
  EXPECT_EQ(store.streak("T1", "U1").best, 0);
  EXPECT_TRUE(store.streak_leaders("T1", 10).size() == 1u);
}

TEST_F(AnswersTest, DeletingANonBestAnswerKeepsTheBest) {
  const int64_t d = post(1);
  const int64_t low = answer("U1", d, 30);
  answer("U1", d, 90);
  store.answer_delete(low);
  UserStats st = store.user_stats("T1", "U1");
  EXPECT_EQ(st.answers, 1);
  EXPECT_DOUBLE_EQ(st.average, 90);
  EXPECT_EQ(store.answers_by_user_for_daily("T1", "U1", d), 1);
}

using ReactionsTest = StoreTest;

TEST_F(ReactionsTest, CountsDistinctReactorEmojiPairsOnly) {
  const int64_t d = post(1);
  const int64_t a = answer("U1", d, 70);
  struct Case {
    const char* reactor;
    const char* emoji;
    bool counted;
    const char* why;
  } cases[] = {
      {"U2", "clap", true, "peer reaction"},
      {"U2", "clap", false, "duplicate"},
      {"U2", "fire", true, "same reactor, other emoji"},
      {"U3", "clap", true, "other reactor, same emoji"},
      {"U1", "clap", false, "self reaction"},
      {"U1", "star", false, "self reaction"},
  };
  int expected = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(react(a, c.reactor, c.emoji), c.counted);
    expected += c.counted;
    EXPECT_EQ(store.user_stats("T1", "U1").reactions, expected);
  }
  EXPECT_EQ(store.user_stats("T1", "U2").reactions, 0);
  Board b = store.leaderboard("T1", Period::All, "", "U1");
  EXPECT_EQ(b.caller->reactions, 3);
  EXPECT_EQ(b.caller->points, 10 + 7 + 2 * 3);
}

TEST_F(ReactionsTest, NonAnswerItemsAreRefused) {
  const int64_t d = post(1);
  answer("U1", d, 70);
  EXPECT_FALSE(store.reaction_add("T1", "C1", "no-such-ts", "U2", "clap", 1));
  EXPECT_FALSE(store.reaction_add("T1", "C1", "1700000000.1", "U2", "clap", 1))
      << "the daily post itself is not an answer";
  EXPECT_FALSE(store.reaction_remove("T1", "C1", "no-such-ts", "U2", "clap"));
}

TEST_F(ReactionsTest, RemovalTakesThePointBack) {
  const int64_t d = post(1);
  const int64_t a = answer("U1", d, 70);
  const auto ts = store.answer_by_id(a)->ts;
  EXPECT_TRUE(store.reaction_add("T1", "C1", ts, "U2", "clap", 1));
  EXPECT_TRUE(store.reaction_remove("T1", "C1", ts, "U2", "clap"));
  EXPECT_FALSE(store.reaction_remove("T1", "C1", ts, "U2", "clap")) << "already removed";
  EXPECT_FALSE(store.reaction_remove("T1", "C1", ts, "U1", "clap")) << "never counted";
  EXPECT_EQ(store.user_stats("T1", "U1").reactions, 0);
  EXPECT_TRUE(store.reaction_add("T1", "C1", ts, "U2", "clap", 2)) << "can be given again";
  EXPECT_EQ(store.user_stats("T1", "U1").reactions, 1);
}

TEST_F(ReactionsTest, ReactionsOnEveryAnswerOfAQuestionCount) {
  const int64_t d = post(1);
  const int64_t weak = answer("U1", d, 30);
  const int64_t strong = answer("U1", d, 90);
  EXPECT_TRUE(react(weak, "U2", "clap"));
  EXPECT_TRUE(react(strong, "U2", "clap"));
  UserStats st = store.user_stats("T1", "U1");
  EXPECT_EQ(st.answers, 1);
  EXPECT_EQ(st.reactions, 2);
  store.answer_delete(weak);
  EXPECT_EQ(store.user_stats("T1", "U1").reactions, 1);
}

}  // namespace
}  // namespace starcoach::storage::testing
