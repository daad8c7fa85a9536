// Rollup maintenance. Boards and stats read only these tables:
//   user_daily  - one row per (team, user, question answered): the best answer counts once
//   user_period - per (team, week|month|all, user) sums of user_daily rows
//   user_streak - the run of consecutive answered posts ending at the user's last answer
// Every answer or reaction change calls refresh_user_daily() in its own transaction, which
// recomputes the one affected user_daily row from the source tables and applies the
// difference, so the rollups equal what rebuild_all_rollups() would produce.
#include <algorithm>

#include "storage/internal.h"

namespace starcoach::storage {
namespace {

enum Kind { kWeek = 0, kMonth = 1, kAll = 2 };

constexpr const char* kUserDailyGet =
    "SELECT week_key, month_key, best, best_answer_id, answers, reactions FROM user_daily "
    "WHERE team = ? AND user = ? AND daily_id = ?";
// Index order of answers_user_daily: the first row is the best (ties: the earliest).
constexpr const char* kAnswersOfUserDaily =
    "SELECT id, overall, week_key, month_key FROM answers "
    "WHERE team = ? AND user = ? AND daily_id = ? ORDER BY overall DESC, id";
// A join, not "answer_id IN (subquery)": the IN form builds a temporary table per call.
constexpr const char* kReactionsOfUserDaily =
    "SELECT COUNT(*) FROM answers a JOIN reactions r ON r.answer_id = a.id "
    "WHERE a.team = ? AND a.user = ? AND a.daily_id = ?";
constexpr const char* kUserDailyPut =
    "INSERT INTO user_daily (team, user, daily_id, week_key, month_key, best, best_answer_id, "
    "answers, reactions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (team, user, daily_id) DO UPDATE SET week_key = excluded.week_key, "
    "month_key = excluded.month_key, best = excluded.best, "
    "best_answer_id = excluded.best_answer_id, answers = excluded.answers, "
    "reactions = excluded.reactions";
constexpr const char* kUserDailyDelete =
    "DELETE FROM user_daily WHERE team = ? AND user = ? AND daily_id = ?";
// points and average follow points_formula(); in DO UPDATE SET, bare column names are the
// old values, so the new totals are old + excluded.
constexpr const char* kPeriodAdd =
    "INSERT INTO user_period (team, kind, period_key, user, answers, score_sum, tenths_sum, "
    "reactions, points, average) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "10 * ?5 + ?7 + 2 * ?8, CASE WHEN ?5 > 0 THEN CAST(?6 AS REAL) / ?5 ELSE 0.0 END) "
    "ON CONFLICT (team, kind, period_key, user) DO UPDATE SET "
    "answers = answers + excluded.answers, score_sum = score_sum + excluded.score_sum, "
    "tenths_sum = tenths_sum + excluded.tenths_sum, reactions = reactions + excluded.reactions, "
    "points = 10 * (answers + excluded.answers) + (tenths_sum + excluded.tenths_sum) "
    "       + 2 * (reactions + excluded.reactions), "
    "average = CASE WHEN answers + excluded.answers > 0 "
    "          THEN CAST(score_sum + excluded.score_sum AS REAL) / (answers + excluded.answers) "
    "          ELSE 0.0 END";
constexpr const char* kPeriodPrune =
    "DELETE FROM user_period WHERE team = ? AND kind = ? AND period_key = ? AND user = ? "
    "AND answers <= 0";
constexpr const char* kDailySeq = "SELECT seq FROM daily_posts WHERE id = ?";
constexpr const char* kLatestSeq = "SELECT COALESCE(MAX(seq), 0) FROM daily_posts";
constexpr const char* kStreakGet =
    "SELECT last_seq, run, best FROM user_streak WHERE team = ? AND user = ?";
constexpr const char* kStreakPut =
    "INSERT INTO user_streak (team, user, last_seq, run, best) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (team, user) DO UPDATE SET last_seq = excluded.last_seq, run = excluded.run, "
    "best = excluded.best";
constexpr const char* kStreakDelete = "DELETE FROM user_streak WHERE team = ? AND user = ?";
constexpr const char* kUserSeqs =
    "SELECT d.seq FROM user_daily ud JOIN daily_posts d ON d.id = ud.daily_id "
    "WHERE ud.team = ? AND ud.user = ? ORDER BY d.seq";
constexpr const char* kAllSeqs =
    "SELECT ud.team, ud.user, d.seq FROM user_daily ud JOIN daily_posts d ON d.id = ud.daily_id "
    "ORDER BY ud.team, ud.user, d.seq";

constexpr const char* kClearUserDaily = "DELETE FROM user_daily";
constexpr const char* kClearUserPeriod = "DELETE FROM user_period";
constexpr const char* kClearUserStreak = "DELETE FROM user_streak";
// Same choice of best answer as kAnswersOfUserDaily: highest overall, then lowest id.
constexpr const char* kRebuildUserDaily = R"SQL(
INSERT INTO user_daily (team, user, daily_id, week_key, month_key, best, best_answer_id,
                        answers, reactions)
WITH ranked AS (
  SELECT id, team, user, daily_id, week_key, month_key, overall,
         ROW_NUMBER() OVER w AS rn,
         COUNT(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n
  FROM answers
  -- One window in the order of answers_user_daily: no sort, a single pass.
  WINDOW w AS (PARTITION BY team, user, daily_id ORDER BY overall DESC, id)),
 rx AS (
  SELECT a.team, a.user, a.daily_id, COUNT(*) AS r
  FROM reactions x JOIN answers a ON a.id = x.answer_id
  GROUP BY a.team, a.user, a.daily_id)
SELECT k.team, k.user, k.daily_id, k.week_key, k.month_key, k.overall, k.id, k.n,
       COALESCE(rx.r, 0)
FROM ranked k LEFT JOIN rx ON rx.team = k.team AND rx.user = k.user AND rx.daily_id = k.daily_id
WHERE k.rn = 1
)SQL";
// points and average exactly as kPeriodAdd computes them.
constexpr const char* kRebuildUserPeriod = R"SQL(
INSERT INTO user_period (team, kind, period_key, user, answers, score_sum, tenths_sum, reactions,
                         points, average)
SELECT team, kind, period_key, user, answers, score_sum, tenths_sum, reactions,
       10 * answers + tenths_sum + 2 * reactions, CAST(score_sum AS REAL) / answers
FROM (
  SELECT team, 0 AS kind, week_key AS period_key, user, COUNT(*) AS answers,
         SUM(best) AS score_sum, SUM(best / 10) AS tenths_sum, SUM(reactions) AS reactions
    FROM user_daily GROUP BY team, week_key, user
  UNION ALL
  SELECT team, 1, month_key, user, COUNT(*), SUM(best), SUM(best / 10), SUM(reactions)
    FROM user_daily GROUP BY team, month_key, user
  UNION ALL
  SELECT team, 2, '', user, COUNT(*), SUM(best), SUM(best / 10), SUM(reactions)
    FROM user_daily GROUP BY team, user)
)SQL";

struct Agg {
  bool present = false;
  std::string week, month;
  int best = 0;
  int64_t best_id = 0;
  int answers = 0;
  int reactions = 0;
};

struct Run {
  int64_t last_seq = 0;
  int run = 0;
  int best = 0;
  void add(int64_t seq) {
    run = (run > 0 && seq == last_seq + 1) ? run + 1 : 1;
    last_seq = seq;
    best = std::max(best, run);
  }
};

Agg stored_row(Store::Impl& impl, const std::string& team, const std::string& user,
               int64_t daily_id) {
  Agg a;
  Stmt s = impl.stmt(kUserDailyGet);
  Store::Impl::bind_all(*s, 1, team, user, daily_id);
  if (s->executeStep()) {
    a.present = true;
    a.week = s->getColumn(0).getString();
    a.month = s->getColumn(1).getString();
    a.best = s->getColumn(2).getInt();
    a.best_id = s->getColumn(3).getInt64();
    a.answers = s->getColumn(4).getInt();
    a.reactions = s->getColumn(5).getInt();
  }
  return a;
}

Agg computed_row(Store::Impl& impl, const std::string& team, const std::string& user,
                 int64_t daily_id) {
  Agg a;
  {
    Stmt s = impl.stmt(kAnswersOfUserDaily);
    Store::Impl::bind_all(*s, 1, team, user, daily_id);
    while (s->executeStep()) {
      if (!a.present) {
        a.present = true;
        a.best_id = s->getColumn(0).getInt64();
        a.best = s->getColumn(1).getInt();
        a.week = s->getColumn(2).getString();
        a.month = s->getColumn(3).getString();
      }
      ++a.answers;
    }
  }
  if (a.present) {
    Stmt s = impl.stmt(kReactionsOfUserDaily);
    Store::Impl::bind_all(*s, 1, team, user, daily_id);
    s->executeStep();
    a.reactions = s->getColumn(0).getInt();
  }
  return a;
}

void period_add(Store::Impl& impl, const std::string& team, const std::string& user, Kind kind,
                const std::string& key, int answers, int score, int tenths, int reactions) {
  if (answers == 0 && score == 0 && tenths == 0 && reactions == 0) return;
  impl.exec(kPeriodAdd, team, static_cast<int>(kind), key, user, answers, score, tenths,
            reactions);
  if (answers < 0) impl.exec(kPeriodPrune, team, static_cast<int>(kind), key, user);
}

// Adds sign * row to the week, month and all-time aggregates.
void apply(Store::Impl& impl, const std::string& team, const std::string& user, const Agg& row,
           int sign) {
  const int tenths = row.best / 10;  // integer division per question, as points_formula() says
  for (auto [kind, key] : {std::pair<Kind, const std::string*>{kWeek, &row.week},
                           {kMonth, &row.month}}) {
    period_add(impl, team, user, kind, *key, sign, sign * row.best, sign * tenths,
               sign * row.reactions);
  }
  period_add(impl, team, user, kAll, "", sign, sign * row.best, sign * tenths,
             sign * row.reactions);
}

void write_streak(Store::Impl& impl, const std::string& team, const std::string& user,
                  const Run& r) {
  impl.exec(kStreakPut, team, user, r.last_seq, r.run, r.best);
}

// A newly answered question: usually the next post after the user's last answer, which
// extends or restarts the run without reading history. Answers to older posts (rare)
// fall back to a full recompute.
void streak_add(Store::Impl& impl, const std::string& team, const std::string& user,
                int64_t daily_id) {
  int64_t seq = 0;
  {
    Stmt s = impl.stmt(kDailySeq);
    s->bind(1, daily_id);
    if (!s->executeStep()) return recompute_streak(impl, team, user);
    seq = s->getColumn(0).getInt64();
  }
  Run r;
  {
    Stmt s = impl.stmt(kStreakGet);
    Store::Impl::bind_all(*s, 1, team, user);
    if (s->executeStep()) {
      r.last_seq = s->getColumn(0).getInt64();
      r.run = s->getColumn(1).getInt();
      r.best = s->getColumn(2).getInt();
    }
  }
  if (r.run > 0 && seq <= r.last_seq) return recompute_streak(impl, team, user);
  r.add(seq);
  write_streak(impl, team, user, r);
}

}  // namespace

int64_t latest_seq(Store::Impl& impl) {
  Stmt s = impl.stmt(kLatestSeq);
  s->executeStep();
  return s->getColumn(0).getInt64();
}

void recompute_streak(Store::Impl& impl, const std::string& team, const std::string& user) {
  Run r;
  {
    Stmt s = impl.stmt(kUserSeqs);
    Store::Impl::bind_all(*s, 1, team, user);
    while (s->executeStep()) r.add(s->getColumn(0).getInt64());
  }
  if (r.run == 0) {
    impl.exec(kStreakDelete, team, user);
  } else {
    write_streak(impl, team, user, r);
  }
}

void refresh_user_daily(Store::Impl& impl, const std::string& team, const std::string& user,
                        int64_t daily_id) {
  const Agg before = stored_row(impl, team, user, daily_id);
  const Agg after = computed_row(impl, team, user, daily_id);

  if (before.present && after.present && before.week == after.week &&
      before.month == after.month) {
    // The common case (rescore, reaction, another answer): one delta per period.
    const int d_best = after.best - before.best;
    const int d_tenths = after.best / 10 - before.best / 10;
    const int d_reactions = after.reactions - before.reactions;
    period_add(impl, team, user, kWeek, after.week, 0, d_best, d_tenths, d_reactions);
    period_add(impl, team, user, kMonth, after.month, 0, d_best, d_tenths, d_reactions);
    period_add(impl, team, user, kAll, "", 0, d_best, d_tenths, d_reactions);
  } else {
    if (before.present) apply(impl, team, user, before, -1);
    if (after.present) apply(impl, team, user, after, +1);
  }

  if (after.present) {
    impl.exec(kUserDailyPut, team, user, daily_id, after.week, after.month, after.best,
              after.best_id, after.answers, after.reactions);
  } else if (before.present) {
    impl.exec(kUserDailyDelete, team, user, daily_id);
  }

  if (!before.present && after.present) streak_add(impl, team, user, daily_id);
  if (before.present && !after.present) recompute_streak(impl, team, user);
}

void rebuild_all_streaks(Store::Impl& impl) {
  impl.exec(kClearUserStreak);
  std::string team, user;
  Run r;
  auto flush = [&] {
    if (r.run > 0) write_streak(impl, team, user, r);
  };
  Stmt s = impl.stmt(kAllSeqs);
  while (s->executeStep()) {
    std::string t = s->getColumn(0).getString();
    std::string u = s->getColumn(1).getString();
    if (t != team || u != user) {
      flush();
      team = std::move(t);
      user = std::move(u);
      r = Run{};
    }
    r.add(s->getColumn(2).getInt64());
  }
  flush();
}

void rebuild_all_rollups(Store::Impl& impl) {
  impl.exec(kClearUserDaily);
  impl.exec(kClearUserPeriod);
  impl.db.exec(kRebuildUserDaily);
  impl.db.exec(kRebuildUserPeriod);
  rebuild_all_streaks(impl);
}

void Store::rebuild_rollups() {
  guarded(mutex_, "rebuild_rollups", [&] {
    Transaction tx(*this);
    rebuild_all_rollups(*impl_);
    tx.commit();
  });
}

}  // namespace starcoach::storage
