// Durable inbox of Events API deliveries: an event is stored (and so acknowledged) before
// it is processed, and event_id is UNIQUE so Slack's retries are recognised as duplicates.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr int kMaxAttempts = 5;
// Slack retries within minutes; two days of done event_ids is plenty for dedupe.
constexpr int64_t kKeepDoneSeconds = 2 * 24 * 3600;
// Given-up rows are kept longer so an operator can still see what failed and why.
constexpr int64_t kKeepGivenUpSeconds = 14 * 24 * 3600;

enum State { kPending = 0, kDone = 1, kGivenUp = 2 };

constexpr const char* kInboxPut =
    "INSERT OR IGNORE INTO inbox (event_id, body, received_at) VALUES (?, ?, ?)";
constexpr const char* kInboxPending =
    "SELECT id, event_id, body, received_at, attempts FROM inbox "
    "WHERE state = 0 ORDER BY received_at, id LIMIT ?";
// A processed event's body is dropped: its answer, reactions and replies live in their own
// tables, and only the event_id is needed (to recognise Slack's retries). Measured after a
// minute at 200 requests/s (scripts/soak.py): finished events' bodies were 9.4 MB and finished
// calls' arguments (see outbox.cpp) 7.9 MB of a 34 MB database.
constexpr const char* kInboxDone =
    "UPDATE inbox SET state = 1, finished_at = ?, body = '' WHERE id = ? AND state = 0";
constexpr const char* kInboxFailed =
    "UPDATE inbox SET attempts = attempts + 1, last_error = ?, finished_at = ?, "
    "state = CASE WHEN attempts + 1 >= ? THEN 2 ELSE 0 END WHERE id = ? AND state = 0";
constexpr const char* kInboxPendingCount = "SELECT COUNT(*) FROM inbox WHERE state = 0";
constexpr const char* kInboxPrune =
    "DELETE FROM inbox WHERE (state = 1 AND finished_at < ?) OR (state = 2 AND finished_at < ?)";

}  // namespace

bool Store::inbox_put(const std::string& event_id, const std::string& body, int64_t now) {
  return guarded(mutex_, "inbox_put",
                 [&] { return impl_->exec(kInboxPut, event_id, body, now) == 1; });
}

std::vector<InboxEvent> Store::inbox_pending(int limit) {
  return guarded(mutex_, "inbox_pending", [&] {
    std::vector<InboxEvent> out;
    Stmt s = impl_->stmt(kInboxPending);
    s->bind(1, limit);
    while (s->executeStep()) {
      InboxEvent e;
      e.id = s->getColumn(0).getInt64();
      e.event_id = s->getColumn(1).getString();
      e.body = s->getColumn(2).getString();
      e.received_at = s->getColumn(3).getInt64();
      e.attempts = s->getColumn(4).getInt();
      out.push_back(std::move(e));
    }
    return out;
  });
}

void Store::inbox_done(int64_t id, int64_t now) {
  guarded(mutex_, "inbox_done", [&] {
    Transaction tx(*this);
    impl_->exec(kInboxDone, now, id);
    // Pruning here keeps the table small without a separate timer; the finished index
    // makes it a short range delete.
    impl_->exec(kInboxPrune, now - kKeepDoneSeconds, now - kKeepGivenUpSeconds);
    tx.commit();
  });
}

void Store::inbox_failed(int64_t id, const std::string& error, int64_t now) {
  guarded(mutex_, "inbox_failed",
          [&] { impl_->exec(kInboxFailed, error, now, kMaxAttempts, id); });
}

int64_t Store::inbox_pending_count() {
  return guarded(mutex_, "inbox_pending_count", [&] {
    Stmt s = impl_->stmt(kInboxPendingCount);
    s->executeStep();
    return s->getColumn(0).getInt64();
  });
}

}  // namespace starcoach::storage
