// Answers to daily questions. Every change refreshes the rollups in the same transaction,
// so stats, boards and streaks can never disagree with the answers table.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr const char* kAnswerInsert =
    "INSERT INTO answers (team, channel, ts, user, daily_id, text, overall, dimensions_json, "
    "week_key, month_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (team, channel, ts) DO NOTHING";
constexpr const char* kAnswerByTs =
    "SELECT id, team, channel, ts, user, daily_id, text, overall, dimensions_json, reply_ts, "
    "week_key, month_key, created_at FROM answers WHERE team = ? AND channel = ? AND ts = ?";
constexpr const char* kAnswerById =
    "SELECT id, team, channel, ts, user, daily_id, text, overall, dimensions_json, reply_ts, "
    "week_key, month_key, created_at FROM answers WHERE id = ?";
constexpr const char* kAnswerOwner = "SELECT team, user, daily_id FROM answers WHERE id = ?";
constexpr const char* kAnswerRescore =
    "UPDATE answers SET text = ?, overall = ?, dimensions_json = ? WHERE id = ?";
constexpr const char* kAnswerDelete = "DELETE FROM answers WHERE id = ?";  // reactions cascade
constexpr const char* kAnswerSetReply = "UPDATE answers SET reply_ts = ? WHERE id = ?";
constexpr const char* kAnswersByUserForDaily =
    "SELECT COUNT(*) FROM answers WHERE team = ? AND user = ? AND daily_id = ?";

Answer read_answer(SQLite::Statement& s) {
  Answer a;
  a.id = s.getColumn(0).getInt64();
  a.team = s.getColumn(1).getString();
  a.channel = s.getColumn(2).getString();
  a.ts = s.getColumn(3).getString();
  a.user = s.getColumn(4).getString();
  a.daily_id = s.getColumn(5).getInt64();
  a.text = s.getColumn(6).getString();
  a.overall = s.getColumn(7).getInt();
  a.dimensions_json = s.getColumn(8).getString();
  a.reply_ts = s.getColumn(9).getString();
  a.week_key = s.getColumn(10).getString();
  a.month_key = s.getColumn(11).getString();
  a.created_at = s.getColumn(12).getInt64();
  return a;
}

struct Owner {
  std::string team, user;
  int64_t daily_id = 0;
};

std::optional<Owner> owner_of(Store::Impl& impl, int64_t id) {
  Stmt s = impl.stmt(kAnswerOwner);
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return Owner{s->getColumn(0).getString(), s->getColumn(1).getString(),
               s->getColumn(2).getInt64()};
}

}  // namespace

std::optional<int64_t> Store::answer_insert(const NewAnswer& a) {
  return guarded(mutex_, "answer_insert", [&]() -> std::optional<int64_t> {
    Transaction tx(*this);
    if (impl_->exec(kAnswerInsert, a.team, a.channel, a.ts, a.user, a.daily_id, a.text,
                    a.overall, a.dimensions_json, a.week_key, a.month_key, a.created_at) == 0) {
      return std::nullopt;  // (team, channel, ts) already stored: Slack delivered it twice
    }
    const int64_t id = db_->getLastInsertRowid();
    refresh_user_daily(*impl_, a.team, a.user, a.daily_id);
    tx.commit();
    return id;
  });
}

std::optional<Answer> Store::answer_by_ts(const std::string& team, const std::string& channel,
                                          const std::string& ts) {
  return guarded(mutex_, "answer_by_ts", [&]() -> std::optional<Answer> {
    Stmt s = impl_->stmt(kAnswerByTs);
    Impl::bind_all(*s, 1, team, channel, ts);
    if (!s->executeStep()) return std::nullopt;
    return read_answer(*s);
  });
}

std::optional<Answer> Store::answer_by_id(int64_t id) {
  return guarded(mutex_, "answer_by_id", [&]() -> std::optional<Answer> {
    Stmt s = impl_->stmt(kAnswerById);
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return read_answer(*s);
  });
}

void Store::answer_rescore(int64_t id, const std::string& text, int overall,
                           const std::string& dimensions_json) {
  guarded(mutex_, "answer_rescore", [&] {
    Transaction tx(*this);
    std::optional<Owner> o = owner_of(*impl_, id);
    if (!o) return;
    impl_->exec(kAnswerRescore, text, overall, dimensions_json, id);
    refresh_user_daily(*impl_, o->team, o->user, o->daily_id);
    tx.commit();
  });
}

void Store::answer_delete(int64_t id) {
  guarded(mutex_, "answer_delete", [&] {
    Transaction tx(*this);
    std::optional<Owner> o = owner_of(*impl_, id);
    if (!o) return;
    impl_->exec(kAnswerDelete, id);
    refresh_user_daily(*impl_, o->team, o->user, o->daily_id);
    tx.commit();
  });
}

void Store::answer_set_reply_ts(int64_t id, const std::string& reply_ts) {
  guarded(mutex_, "answer_set_reply_ts", [&] { impl_->exec(kAnswerSetReply, reply_ts, id); });
}

int Store::answers_by_user_for_daily(const std::string& team, const std::string& user,
                                     int64_t daily_id) {
  return guarded(mutex_, "answers_by_user_for_daily", [&] {
    Stmt s = impl_->stmt(kAnswersByUserForDaily);
    Impl::bind_all(*s, 1, team, user, daily_id);
    s->executeStep();
    return s->getColumn(0).getInt();
  });
}

}  // namespace starcoach::storage
