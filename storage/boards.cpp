// Streaks, per-user stats and leaderboards, read from the rollup tables (rollups.cpp) so
// their cost does not grow with the number of stored answers.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr const char* kStreakRow =
    "SELECT last_seq, run, best FROM user_streak WHERE team = ? AND user = ?";
constexpr const char* kAllTimeRow =
    "SELECT answers, average, reactions FROM user_period "
    "WHERE team = ? AND kind = 2 AND period_key = '' AND user = ?";
constexpr const char* kRecentBests =
    "SELECT ud.best FROM user_daily ud JOIN daily_posts d ON d.id = ud.daily_id "
    "WHERE ud.team = ? AND ud.user = ? ORDER BY d.seq DESC LIMIT 5";
// Dimensions of the best answer per question (the one that counts); only numeric values,
// and malformed JSON is skipped rather than failing the whole query.
constexpr const char* kWeakestDimension =
    "SELECT j.key FROM user_daily ud JOIN answers a ON a.id = ud.best_answer_id, "
    "json_each(CASE WHEN json_valid(a.dimensions_json) THEN a.dimensions_json ELSE '{}' END) j "
    "WHERE ud.team = ? AND ud.user = ? AND j.type IN ('integer', 'real') "
    "GROUP BY j.key ORDER BY AVG(j.value), j.key LIMIT 1";

// current streak = run when the user's last answered post is the latest post or the one
// before it (today's question not answered yet), else 0. ?1 is the latest seq.
constexpr const char* kBoardTop =
    "SELECT p.user, p.answers, p.average, p.reactions, p.points, "
    "CASE WHEN s.last_seq >= ?1 - 1 THEN s.run ELSE 0 END "
    "FROM user_period p LEFT JOIN user_streak s ON s.team = p.team AND s.user = p.user "
    "WHERE p.team = ?2 AND p.kind = ?3 AND p.period_key = ?4 "
    "ORDER BY p.points DESC, p.average DESC, p.user ASC LIMIT ?5";
constexpr const char* kBoardRow =
    "SELECT p.user, p.answers, p.average, p.reactions, p.points, "
    "CASE WHEN s.last_seq >= ?1 - 1 THEN s.run ELSE 0 END "
    "FROM user_period p LEFT JOIN user_streak s ON s.team = p.team AND s.user = p.user "
    "WHERE p.team = ?2 AND p.kind = ?3 AND p.period_key = ?4 AND p.user = ?5";
// Rows ahead of (points ?4, average ?5, user ?6) in board order: three range counts on the
// rank index. INDEXED BY because, left alone, the planner picks the primary key for the
// third (user < ?6) and walks half the table.
constexpr const char* kBoardRank =
    "SELECT (SELECT COUNT(*) FROM user_period INDEXED BY user_period_rank "
    "          WHERE team = ?1 AND kind = ?2 AND period_key = ?3 AND points > ?4) "
    "     + (SELECT COUNT(*) FROM user_period INDEXED BY user_period_rank "
    "          WHERE team = ?1 AND kind = ?2 AND period_key = ?3 AND points = ?4 "
    "          AND average > ?5) "
    "     + (SELECT COUNT(*) FROM user_period INDEXED BY user_period_rank "
    "          WHERE team = ?1 AND kind = ?2 AND period_key = ?3 AND points = ?4 "
    "          AND average = ?5 AND user < ?6)";
constexpr const char* kBoardParticipants =
    "SELECT COUNT(*) FROM user_period WHERE team = ? AND kind = ? AND period_key = ?";
// Pick the leaders first, then join their all-time rows (not the other way round: that
// would look up every active user's row before the LIMIT).
constexpr const char* kStreakLeaders =
    "SELECT s.user, s.run, COALESCE(p.answers, 0), COALESCE(p.average, 0), "
    "COALESCE(p.reactions, 0), COALESCE(p.points, 0) "
    "FROM (SELECT team, user, run FROM user_streak "
    "      WHERE team = ?1 AND last_seq >= ?2 - 1 AND run > 0 "
    "      ORDER BY run DESC, user ASC LIMIT ?3) s "
    "LEFT JOIN user_period p "
    "  ON p.team = s.team AND p.kind = 2 AND p.period_key = '' AND p.user = s.user "
    "ORDER BY s.run DESC, s.user ASC";

int current_of(int64_t latest, int64_t last_seq, int run) {
  return last_seq >= latest - 1 ? run : 0;
}

Streak read_streak(Store::Impl& impl, const std::string& team, const std::string& user) {
  Streak st;
  Stmt s = impl.stmt(kStreakRow);
  Store::Impl::bind_all(*s, 1, team, user);
  if (s->executeStep()) {
    st.current = current_of(latest_seq(impl), s->getColumn(0).getInt64(), s->getColumn(1).getInt());
    st.best = s->getColumn(2).getInt();
  }
  return st;
}

BoardRow read_board_row(SQLite::Statement& s) {
  BoardRow r;
  r.user = s.getColumn(0).getString();
  r.answers = s.getColumn(1).getInt();
  r.average = s.getColumn(2).getDouble();
  r.reactions = s.getColumn(3).getInt();
  r.points = s.getColumn(4).getInt();
  r.streak = s.getColumn(5).getInt();
  return r;
}

int kind_of(Period p) {
  switch (p) {
    case Period::Week: return 0;
    case Period::Month: return 1;
    case Period::All: return 2;
  }
  return 2;
}

}  // namespace

const char* points_formula() {
  return "points = 10 per question answered + best score / 10 per question + 2 per peer reaction";
}

Streak Store::streak(const std::string& team, const std::string& user) {
  return guarded(mutex_, "streak", [&] { return read_streak(*impl_, team, user); });
}

UserStats Store::user_stats(const std::string& team, const std::string& user) {
  return guarded(mutex_, "user_stats", [&] {
    UserStats st;
    {
      Stmt s = impl_->stmt(kAllTimeRow);
      Impl::bind_all(*s, 1, team, user);
      if (s->executeStep()) {
        st.answers = s->getColumn(0).getInt();
        st.average = s->getColumn(1).getDouble();
        st.reactions = s->getColumn(2).getInt();
      }
    }
    if (st.answers == 0) return st;
    st.streak = read_streak(*impl_, team, user);
    {
      Stmt s = impl_->stmt(kRecentBests);
      Impl::bind_all(*s, 1, team, user);
      while (s->executeStep()) st.recent.push_back(s->getColumn(0).getInt());
    }
    {
      Stmt s = impl_->stmt(kWeakestDimension);
      Impl::bind_all(*s, 1, team, user);
      if (s->executeStep()) st.weakest_dimension = s->getColumn(0).getString();
    }
    return st;
  });
}

Board Store::leaderboard(const std::string& team, Period period, const std::string& period_key,
                         const std::string& caller, int limit) {
  return guarded(mutex_, "leaderboard", [&] {
    Board b;
    const int kind = kind_of(period);
    const std::string key = period == Period::All ? std::string() : period_key;
    const int64_t latest = latest_seq(*impl_);
    {
      Stmt s = impl_->stmt(kBoardTop);
      Impl::bind_all(*s, 1, latest, team, kind, key, limit);
      while (s->executeStep()) {
        b.top.push_back(read_board_row(*s));
        b.top.back().rank = static_cast<int>(b.top.size());
        if (b.top.back().user == caller) b.caller = b.top.back();
      }
    }
    if (!b.caller && !caller.empty()) {
      Stmt s = impl_->stmt(kBoardRow);
      Impl::bind_all(*s, 1, latest, team, kind, key, caller);
      if (s->executeStep()) b.caller = read_board_row(*s);
    }
    if (b.caller && b.caller->rank == 0) {
      Stmt s = impl_->stmt(kBoardRank);
      Impl::bind_all(*s, 1, team, kind, key, b.caller->points, b.caller->average, caller);
      s->executeStep();
      b.caller->rank = s->getColumn(0).getInt() + 1;
    }
    {
      Stmt s = impl_->stmt(kBoardParticipants);
      Impl::bind_all(*s, 1, team, kind, key);
      s->executeStep();
      b.participants = s->getColumn(0).getInt();
    }
    return b;
  });
}

std::vector<BoardRow> Store::streak_leaders(const std::string& team, int limit) {
  return guarded(mutex_, "streak_leaders", [&] {
    std::vector<BoardRow> out;
    Stmt s = impl_->stmt(kStreakLeaders);
    Impl::bind_all(*s, 1, team, latest_seq(*impl_), limit);
    while (s->executeStep()) {
      BoardRow r;
      r.user = s->getColumn(0).getString();
      r.streak = s->getColumn(1).getInt();
      r.answers = s->getColumn(2).getInt();
      r.average = s->getColumn(3).getDouble();
      r.reactions = s->getColumn(4).getInt();
      r.points = s->getColumn(5).getInt();
      r.rank = static_cast<int>(out.size()) + 1;
      out.push_back(std::move(r));
    }
    return out;
  });
}

}  // namespace starcoach::storage
