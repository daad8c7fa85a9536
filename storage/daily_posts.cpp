// Daily question posts. UNIQUE (channel, local_date) is the one-post-per-day guarantee across
// restarts and processes; seq numbers every post without gaps and is what streaks count.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

// Runs inside an IMMEDIATE transaction, so MAX(seq) + 1 cannot race with another writer.
// ON CONFLICT ... DO NOTHING (not OR IGNORE) so only the per-day claim is ignored.
constexpr const char* kDailyClaim =
    "INSERT INTO daily_posts (channel, local_date, question_id, seq, created_at) "
    "SELECT ?1, ?2, ?3, COALESCE(MAX(seq), 0) + 1, ?4 FROM daily_posts WHERE true "
    "ON CONFLICT (channel, local_date) DO NOTHING "
    "RETURNING id, channel, local_date, question_id, ts, seq, created_at";
constexpr const char* kDailySetTs = "UPDATE daily_posts SET ts = ? WHERE id = ?";
constexpr const char* kDailyReleasable =
    "SELECT seq FROM daily_posts WHERE id = ?1 AND ts = '' "
    "AND NOT EXISTS (SELECT 1 FROM answers WHERE daily_id = ?1)";
constexpr const char* kDailyDelete = "DELETE FROM daily_posts WHERE id = ?";
// Closing the gap a released post leaves, in two steps because seq is UNIQUE and SQLite
// checks uniqueness row by row.
constexpr const char* kDailyShiftNegate =
    "UPDATE daily_posts SET seq = -(seq - 1) WHERE seq > ?";
constexpr const char* kDailyShiftRestore = "UPDATE daily_posts SET seq = -seq WHERE seq < 0";
constexpr const char* kDailyForDate =
    "SELECT id, channel, local_date, question_id, ts, seq, created_at FROM daily_posts "
    "WHERE channel = ? AND local_date = ?";
constexpr const char* kDailyByTs =
    "SELECT id, channel, local_date, question_id, ts, seq, created_at FROM daily_posts "
    "WHERE channel = ? AND ts = ? AND ts <> ''";
constexpr const char* kDailyLatest =
    "SELECT id, channel, local_date, question_id, ts, seq, created_at FROM daily_posts "
    "WHERE channel = ? ORDER BY seq DESC LIMIT 1";
constexpr const char* kDailyById =
    "SELECT id, channel, local_date, question_id, ts, seq, created_at FROM daily_posts "
    "WHERE id = ?";
constexpr const char* kDailyHistory =
    "SELECT question_id FROM daily_posts WHERE channel = ? ORDER BY seq DESC LIMIT ?";

DailyPost read_post(SQLite::Statement& s) {
  DailyPost p;
  p.id = s.getColumn(0).getInt64();
  p.channel = s.getColumn(1).getString();
  p.local_date = s.getColumn(2).getString();
  p.question_id = s.getColumn(3).getString();
  p.ts = s.getColumn(4).getString();
  p.seq = s.getColumn(5).getInt64();
  p.created_at = s.getColumn(6).getInt64();
  return p;
}

template <typename... Args>
std::optional<DailyPost> one_post(Store::Impl& impl, const char* sql, const Args&... args) {
  Stmt s = impl.stmt(sql);
  Store::Impl::bind_all(*s, 1, args...);
  if (!s->executeStep()) return std::nullopt;
  return read_post(*s);
}

}  // namespace

std::optional<DailyPost> Store::daily_claim(const std::string& channel,
                                            const std::string& local_date,
                                            const std::string& question_id, int64_t now) {
  return guarded(mutex_, "daily_claim", [&]() -> std::optional<DailyPost> {
    Transaction tx(*this);
    std::optional<DailyPost> post;
    {
      Stmt s = impl_->stmt(kDailyClaim);
      Impl::bind_all(*s, 1, channel, local_date, question_id, now);
      if (s->executeStep()) {
        post = read_post(*s);
        s->executeStep();  // RETURNING: run the statement to completion before commit
      }
    }
    tx.commit();
    return post;
  });
}

void Store::daily_set_ts(int64_t id, const std::string& ts) {
  guarded(mutex_, "daily_set_ts", [&] { impl_->exec(kDailySetTs, ts, id); });
}

void Store::daily_release(int64_t id) {
  guarded(mutex_, "daily_release", [&] {
    Transaction tx(*this);
    std::optional<int64_t> seq;
    {
      Stmt s = impl_->stmt(kDailyReleasable);
      s->bind(1, id);
      if (s->executeStep()) seq = s->getColumn(0).getInt64();
    }
    if (!seq) return;  // posted (has a ts), answered, or unknown: keep it
    const bool was_latest = *seq == latest_seq(*impl_);
    impl_->exec(kDailyDelete, id);
    if (!was_latest) {
      // Another channel claimed after this one: close the gap so streaks stay contiguous,
      // then recompute streaks, which are expressed in seq numbers.
      impl_->exec(kDailyShiftNegate, *seq);
      impl_->exec(kDailyShiftRestore);
      rebuild_all_streaks(*impl_);
    }
    tx.commit();
  });
}

std::optional<DailyPost> Store::daily_for_date(const std::string& channel,
                                               const std::string& local_date) {
  return guarded(mutex_, "daily_for_date",
                 [&] { return one_post(*impl_, kDailyForDate, channel, local_date); });
}

std::optional<DailyPost> Store::daily_by_ts(const std::string& channel, const std::string& ts) {
  return guarded(mutex_, "daily_by_ts", [&] { return one_post(*impl_, kDailyByTs, channel, ts); });
}

std::optional<DailyPost> Store::daily_latest(const std::string& channel) {
  return guarded(mutex_, "daily_latest", [&] { return one_post(*impl_, kDailyLatest, channel); });
}

std::optional<DailyPost> Store::daily_by_id(int64_t id) {
  return guarded(mutex_, "daily_by_id", [&] { return one_post(*impl_, kDailyById, id); });
}

std::vector<std::string> Store::daily_question_history(const std::string& channel, int limit) {
  return guarded(mutex_, "daily_question_history", [&] {
    std::vector<std::string> out;
    Stmt s = impl_->stmt(kDailyHistory);
    s->bind(1, channel);
    s->bind(2, limit);
    while (s->executeStep()) out.push_back(s->getColumn(0).getString());
    return out;
  });
}

}  // namespace starcoach::storage
