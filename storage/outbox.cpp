// Durable outbox of Web API calls: handlers queue calls in the same transaction as the
// state they report on, a sender drains it, and pending calls survive restarts.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr int64_t kKeepDoneSeconds = 2 * 24 * 3600;

constexpr const char* kOutboxAdd =
    "INSERT INTO outbox (method, args_json, purpose, answer_id, next_at, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
// Creation order (id), not next_at: a thread reply queued before its update goes first.
constexpr const char* kOutboxDue =
    "SELECT id, method, args_json, purpose, answer_id, attempts, next_at FROM outbox "
    "WHERE state = 0 AND next_at <= ? ORDER BY id LIMIT ?";
// A delivered call keeps its row (for the log of what was sent) but not its arguments, which
// nothing reads again; see the size note in inbox.cpp.
constexpr const char* kOutboxDone =
    "UPDATE outbox SET state = 1, finished_at = ?, args_json = '' WHERE id = ? AND state = 0";
constexpr const char* kOutboxPrune = "DELETE FROM outbox WHERE state = 1 AND finished_at < ?";
constexpr const char* kOutboxRetry =
    "UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? "
    "WHERE id = ? AND state = 0";
constexpr const char* kOutboxFailed =
    "UPDATE outbox SET attempts = attempts + 1, state = 2, last_error = ? "
    "WHERE id = ? AND state = 0";
constexpr const char* kOutboxPendingCount = "SELECT COUNT(*) FROM outbox WHERE state = 0";
constexpr const char* kOutboxHasPending =
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE answer_id = ? AND purpose = ? AND state = 0)";

}  // namespace

int64_t Store::outbox_add(const std::string& method, const std::string& args_json,
                          const std::string& purpose, int64_t answer_id, int64_t now) {
  return guarded(mutex_, "outbox_add", [&] {
    impl_->exec(kOutboxAdd, method, args_json, purpose, answer_id, now, now);
    return db_->getLastInsertRowid();
  });
}

std::vector<OutboxCall> Store::outbox_due(int64_t now, int limit) {
  return guarded(mutex_, "outbox_due", [&] {
    std::vector<OutboxCall> out;
    Stmt s = impl_->stmt(kOutboxDue);
    s->bind(1, now);
    s->bind(2, limit);
    while (s->executeStep()) {
      OutboxCall c;
      c.id = s->getColumn(0).getInt64();
      c.method = s->getColumn(1).getString();
      c.args_json = s->getColumn(2).getString();
      c.purpose = s->getColumn(3).getString();
      c.answer_id = s->getColumn(4).getInt64();
      c.attempts = s->getColumn(5).getInt();
      c.next_at = s->getColumn(6).getInt64();
      out.push_back(std::move(c));
    }
    return out;
  });
}

void Store::outbox_done(int64_t id, int64_t now) {
  guarded(mutex_, "outbox_done", [&] {
    Transaction tx(*this);
    impl_->exec(kOutboxDone, now, id);
    impl_->exec(kOutboxPrune, now - kKeepDoneSeconds);
    tx.commit();
  });
}

void Store::outbox_retry(int64_t id, int64_t next_at, const std::string& error) {
  guarded(mutex_, "outbox_retry", [&] { impl_->exec(kOutboxRetry, next_at, error, id); });
}

void Store::outbox_failed(int64_t id, const std::string& error) {
  guarded(mutex_, "outbox_failed", [&] { impl_->exec(kOutboxFailed, error, id); });
}

int64_t Store::outbox_pending_count() {
  return guarded(mutex_, "outbox_pending_count", [&] {
    Stmt s = impl_->stmt(kOutboxPendingCount);
    s->executeStep();
    return s->getColumn(0).getInt64();
  });
}

bool Store::outbox_has_pending(int64_t answer_id, const std::string& purpose) {
  return guarded(mutex_, "outbox_has_pending", [&] {
    Stmt s = impl_->stmt(kOutboxHasPending);
    s->bind(1, answer_id);
    s->bind(2, purpose);
    s->executeStep();
    return s->getColumn(0).getInt() != 0;
  });
}

}  // namespace starcoach::storage
