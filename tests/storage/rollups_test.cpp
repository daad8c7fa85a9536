// The incrementally maintained rollups must always equal a rebuild from the source tables,
// whatever sequence of inserts, rescores, reactions and deletions led there.
#include <SQLiteCpp/Statement.h>

#include <random>

#include "storage_test_util.h"

namespace starcoach::storage::testing {
namespace {

std::vector<std::string> dump(Store& s, const char* sql) {
  std::vector<std::string> rows;
  SQLite::Statement q(s.db(), sql);
  while (q.executeStep()) {
    std::string row;
    for (int i = 0; i < q.getColumnCount(); ++i) row += q.getColumn(i).getString() + "|";
    rows.push_back(row);
  }
  return rows;
}

// Builds "W3" etc. (append, not operator+: GCC 12 warns falsely on "lit" + to_string).
std::string key(const char* prefix, long n) {
  std::string k(prefix);
  k.append(std::to_string(n));
  return k;
}

struct Snapshot {
  std::vector<std::string> daily, period, streak;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(Store& s) {
  return {dump(s, "SELECT * FROM user_daily ORDER BY team, user, daily_id"),
          dump(s, "SELECT team, kind, period_key, user, answers, score_sum, tenths_sum, reactions, "
                  "points, average FROM user_period ORDER BY team, kind, period_key, user"),
          dump(s, "SELECT * FROM user_streak ORDER BY team, user")};
}

using RollupsTest = StoreTest;

TEST_F(RollupsTest, RandomOperationsMatchARebuild) {
  std::mt19937 rng(12345);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* users[] = {"U1", "U2", "U3", "U4", "U5"};
  const char* emojis[] = {"clap", "fire", "star"};
  std::vector<int64_t> dailies;
  std::vector<int64_t> answers;
  int day = 0;
  for (int step = 0; step < 600; ++step) {
    const int op = pick(10);
    if (dailies.empty() || op == 0) {
      ++day;
      auto p = store.daily_claim("C1", "day-" + std::to_string(day), "q", day);
      store.daily_set_ts(p->id, "post." + std::to_string(day));
      dailies.push_back(p->id);
    } else if (op <= 4 || answers.empty()) {
      const int di = std::max(0, static_cast<int>(dailies.size()) - 1 - pick(3));
      const std::string week = key("W", di / 5);
      const std::string month = key("M", di / 20);
      auto id = store.answer_insert(make_answer(users[pick(5)], dailies[di], pick(101), next_ts(),
                                                week, month));
      answers.push_back(*id);
    } else if (op <= 7) {
      auto a = store.answer_by_id(answers[pick(answers.size())]);
      if (!a) continue;
      if (pick(2)) {
        store.reaction_add(a->team, a->channel, a->ts, users[pick(5)], emojis[pick(3)], step);
      } else {
        store.reaction_remove(a->team, a->channel, a->ts, users[pick(5)], emojis[pick(3)]);
      }
    } else if (op == 8) {
      store.answer_rescore(answers[pick(answers.size())], "re", pick(101), "{}");
    } else {
      store.answer_delete(answers[pick(answers.size())]);
    }
    if (step % 50 == 49) {
      Snapshot incremental = snapshot(store);
      store.rebuild_rollups();
      Snapshot rebuilt = snapshot(store);
      ASSERT_EQ(incremental.daily, rebuilt.daily) << "step " << step;
      ASSERT_EQ(incremental.period, rebuilt.period) << "step " << step;
      ASSERT_EQ(incremental.streak, rebuilt.streak) << "step " << step;
    }
  }
  EXPECT_GT(store.leaderboard("T1", Period::All, "", "U1").participants, 0);
}

}  // namespace
}  // namespace starcoach::storage::testing

namespace starcoach::storage::testing {
namespace {

// The bulk path ends with exactly the rollups the per-row path maintains.
TEST(BulkLoad, EndsWithTheSameRollupsAsTheNormalPath) {
  Store normal(":memory:");
  Store bulk(":memory:");
  std::mt19937 rng(7);
  std::vector<int64_t> days;
  for (int d = 1; d <= 12; ++d) {
    auto a = normal.daily_claim("C1", "d" + std::to_string(d), "q", d);
    auto b = bulk.daily_claim("C1", "d" + std::to_string(d), "q", d);
    ASSERT_EQ(a->id, b->id);
    days.push_back(a->id);
  }
  std::vector<NewAnswer> answers;
  for (int i = 0; i < 400; ++i) {
    const int day = static_cast<int>(rng() % days.size());
    answers.push_back(make_answer(key("U", static_cast<long>(rng() % 7)), days[day],
                                  static_cast<int>(rng() % 101), key("ts", i),
                                  key("W", day / 4), key("M", day / 8)));
  }
  answers.push_back(answers[3]);  // a duplicate delivery
  {
    Store::BulkLoad load(bulk);
    for (const auto& a : answers) {
      EXPECT_EQ(load.add_answer(a).has_value(), normal.answer_insert(a).has_value());
    }
    for (int i = 0; i < 600; ++i) {
      const std::string ts = key("ts", static_cast<long>(rng() % 400));
      const std::string reactor = key("U", static_cast<long>(rng() % 7));
      const std::string emoji = rng() % 2 ? "clap" : "fire";
      EXPECT_EQ(load.add_reaction("T1", "C1", ts, reactor, emoji, i),
                normal.reaction_add("T1", "C1", ts, reactor, emoji, i));
    }
    load.finish();
  }
  EXPECT_TRUE(snapshot(bulk) == snapshot(normal));
  for (const char* user : {"U0", "U3", "U6"}) {
    EXPECT_EQ(bulk.leaderboard("T1", Period::All, "", user).caller->points,
              normal.leaderboard("T1", Period::All, "", user).caller->points);
  }
}

TEST(BulkLoad, WithoutFinishNothingIsKept) {
  Store s(":memory:");
  auto d = s.daily_claim("C1", "d1", "q", 1);
  {
    Store::BulkLoad load(s);
    load.add_answer(make_answer("U1", d->id, 50, "x"));
  }
  EXPECT_FALSE(s.answer_by_ts("T1", "C1", "x"));
  EXPECT_EQ(s.user_stats("T1", "U1").answers, 0);
}

}  // namespace
}  // namespace starcoach::storage::testing
