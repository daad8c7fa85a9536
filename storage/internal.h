// Private to storage/: the statement cache, error conversion and the rollup helpers shared
// by the repository files. Nothing outside storage/ includes this.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "storage/store.h"

namespace starcoach::storage {

// A prepared statement borrowed from the cache for one use. Resets and clears its bindings
// when it goes out of scope, so the next user starts clean even after an exception.
class Stmt {
 public:
  Stmt(SQLite::Statement* s, bool* in_use, std::unique_ptr<SQLite::Statement> owned)
      : s_(s), in_use_(in_use), owned_(std::move(owned)) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    s_->tryReset();  // noexcept: an error of the last step was already reported
    try {
      s_->clearBindings();  // drop copies of bound text (answers can be large)
    } catch (...) {
    }
    if (in_use_) *in_use_ = false;
  }
  SQLite::Statement* operator->() { return s_; }
  SQLite::Statement& operator*() { return *s_; }

 private:
  SQLite::Statement* s_;
  bool* in_use_;
  std::unique_ptr<SQLite::Statement> owned_;
};

struct Store::Impl {
  explicit Impl(SQLite::Database& database, std::string file) : db(database), path(std::move(file)) {}

  SQLite::Database& db;
  std::string path;       // as given to the constructor (":memory:" for in-memory stores)
  int tx_depth = 0;       // open Store::Transaction objects on this connection
  int savepoint_seq = 0;  // names nested savepoints uniquely

  // Statements are keyed by the address of their named SQL constant: every query is
  // compiled once per connection. A statement already in use by a caller up the stack
  // (re-entrant helper) gets a fresh, uncached copy instead of being clobbered.
  Stmt stmt(const char* sql) {
    auto& slot = cache[sql];
    if (!slot.first) slot.first = std::make_unique<SQLite::Statement>(db, sql);
    if (slot.second) return nullptr_guard(std::make_unique<SQLite::Statement>(db, sql));
    slot.second = true;
    return Stmt(slot.first.get(), &slot.second, nullptr);
  }

  // Runs one statement that returns no rows; returns the number of rows changed.
  template <typename... Args>
  int exec(const char* sql, const Args&... args) {
    Stmt s = stmt(sql);
    bind_all(*s, 1, args...);
    return s->exec();
  }

  template <typename... Args>
  static void bind_all(SQLite::Statement& s, int i, const Args&... args) {
    (s.bind(i++, args), ...);
  }

 private:
  static Stmt nullptr_guard(std::unique_ptr<SQLite::Statement> owned) {
    SQLite::Statement* raw = owned.get();
    return Stmt(raw, nullptr, std::move(owned));
  }
  std::map<const char*, std::pair<std::unique_ptr<SQLite::Statement>, bool>> cache;
};

// Takes the store's lock, waiting no longer than this thread's WaitLimit allows (throws
// StorageError naming `what` when it runs out). database.cpp.
void lock_store(std::unique_lock<std::recursive_timed_mutex>& lock, const char* what);

// SQLite busy handler: waits for another connection's lock up to the busy timeout, or up to
// this thread's WaitLimit when that comes first. database.cpp.
int busy_handler(void*, int count);

// Runs f under the store's lock, turning SQLite failures into StorageError naming the
// operation. Every public Store method goes through this.
template <typename F>
auto guarded(std::recursive_timed_mutex& m, const char* what, F&& f) -> decltype(f()) {
  std::unique_lock<std::recursive_timed_mutex> lock(m, std::defer_lock);
  lock_store(lock, what);
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("storage: ") + what + ": " + e.what());
  }
}

// ---- rollups (rollups.cpp) -------------------------------------------------------------
// Recomputes the (team, user, daily) best-answer row from the answers and reactions tables
// and applies the difference to the period aggregates and the user's streak. Called inside
// the transaction of every answer or reaction change.
void refresh_user_daily(Store::Impl& impl, const std::string& team, const std::string& user,
                        int64_t daily_id);
// Recomputes one user's streak row from the questions they answered.
void recompute_streak(Store::Impl& impl, const std::string& team, const std::string& user);
// Recomputes every user's streak row (after seq numbers changed).
void rebuild_all_streaks(Store::Impl& impl);
// Rebuilds every rollup table from scratch.
void rebuild_all_rollups(Store::Impl& impl);
// seq of the latest daily post (0 when none).
int64_t latest_seq(Store::Impl& impl);

// ---- migrations (migrations.cpp) -------------------------------------------------------
int latest_schema_version();
// Applies every migration newer than the database's user_version, each in its own transaction.
void migrate(SQLite::Database& db);

}  // namespace starcoach::storage
