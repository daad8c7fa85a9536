// Opening the file, connection settings, migrations on start, transactions and health.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>

#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;
// healthy() answers within this even when the database is locked.
constexpr std::chrono::milliseconds kHealthWait{1000};
// Less free space than this on the database's file system counts as full: SQLite can still
// rewrite pages its files already own, so a tiny probe would pass while events do not fit.
constexpr unsigned long long kMinFreeBytes = 1024 * 1024;

using Clock = std::chrono::steady_clock;
// This thread's WaitLimit deadline (max: none) and when its current busy wait began.
thread_local Clock::time_point t_deadline = Clock::time_point::max();
thread_local Clock::time_point t_busy_since;

// WAL lets the webhook threads read while one writes; NORMAL sync is durable across
// application crashes in WAL mode (only an OS crash can lose the last commits).
constexpr const char* kJournalWal = "PRAGMA journal_mode = WAL";
constexpr const char* kForeignKeys = "PRAGMA foreign_keys = ON";
constexpr const char* kSynchronous = "PRAGMA synchronous = NORMAL";

constexpr const char* kSavepoint = "SAVEPOINT starcoach_nested";
constexpr const char* kReleaseSavepoint = "RELEASE starcoach_nested";
constexpr const char* kRollbackToSavepoint = "ROLLBACK TO starcoach_nested";

constexpr const char* kUserVersion = "PRAGMA user_version";
constexpr const char* kReadHeartbeat = "SELECT beat FROM heartbeat WHERE id = 1";
constexpr const char* kWriteHeartbeat = "UPDATE heartbeat SET beat = beat + 1 WHERE id = 1";

bool is_memory(const std::string& path) {
  return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}

// SQLite only says "unable to open database file"; say which part is wrong.
void check_location(const std::string& path) {
  if (is_memory(path)) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec)) {
    throw StorageError("cannot open database '" + path + "': directory '" + dir.string() +
                       "' does not exist (create it or point STARCOACH_DB elsewhere)");
  }
  if (fs::is_directory(path, ec)) {
    throw StorageError("cannot open database '" + path + "': it is a directory, not a file");
  }
}

bool low_on_space(const std::string& path) {
  namespace fs = std::filesystem;
  std::string dir = fs::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  struct statvfs st {};
  if (::statvfs(dir.c_str(), &st) != 0) return false;  // cannot tell: the probe decides
  return static_cast<unsigned long long>(st.f_bavail) * st.f_frsize < kMinFreeBytes;
}

}  // namespace

WaitLimit::WaitLimit(std::chrono::milliseconds budget) : saved_(t_deadline) {
  t_deadline = std::min(t_deadline, Clock::now() + budget);
}

WaitLimit::~WaitLimit() { t_deadline = saved_; }

void lock_store(std::unique_lock<std::recursive_timed_mutex>& lock, const char* what) {
  if (t_deadline == Clock::time_point::max()) return lock.lock();
  if (lock.try_lock()) return;
  // Waits in short system_clock slices, checked against the steady deadline: a steady_clock
  // try_lock_until becomes pthread_mutex_clocklock, which GCC 12's ThreadSanitizer does not
  // intercept (it then reports races on everything the lock guards); pthread_mutex_timedlock
  // it does. The slices also keep a wall-clock jump from stretching the wait much.
  while (Clock::now() < t_deadline) {
    const auto slice = std::min<Clock::duration>(t_deadline - Clock::now(), std::chrono::milliseconds(50));
    if (lock.try_lock_until(std::chrono::system_clock::now() + slice)) return;
  }
  throw StorageError(std::string("storage: ") + what +
                     ": the database stayed busy past the caller's time limit");
}

int busy_handler(void*, int count) {
  // SQLite's own back-off steps, capped by whichever deadline comes first.
  static constexpr int kDelaysMs[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
  const auto now = Clock::now();
  if (count == 0) t_busy_since = now;
  const auto deadline = std::min(t_busy_since + std::chrono::milliseconds(kBusyTimeoutMs), t_deadline);
  if (now >= deadline) return 0;  // SQLITE_BUSY goes back to the caller
  const int step = std::min<int>(count, std::size(kDelaysMs) - 1);
  std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(kDelaysMs[step]),
                                                        deadline - now));
  return 1;
}

Store::Store(const std::string& path) {
  check_location(path);
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                             kBusyTimeoutMs);
    sqlite3_busy_handler(db_->getHandle(), busy_handler, nullptr);
    // SQLite silently falls back to read-only when the file is not writable; a bot that
    // cannot record events must not start as if all were well.
    if (sqlite3_db_readonly(db_->getHandle(), "main") == 1) {
      throw StorageError("cannot open database '" + path +
                         "': the file is not writable (check its owner and permissions)");
    }
    db_->exec(kJournalWal);
    db_->exec(kForeignKeys);
    db_->exec(kSynchronous);
    migrate(*db_);
    impl_ = std::make_unique<Impl>(*db_, path);
    // A write at start proves the directory accepts the -wal and -shm files too.
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    db_->exec(kWriteHeartbeat);
    tx.commit();
  } catch (const SQLite::Exception& e) {
    impl_.reset();
    db_.reset();
    throw StorageError("cannot open database '" + path + "': " + e.what());
  } catch (...) {
    impl_.reset();
    db_.reset();
    throw;
  }
}

Store::~Store() = default;

SQLite::Database& Store::db() { return *db_; }

int Store::schema_version() {
  return guarded(mutex_, "schema_version",
                 [&] { return db_->execAndGet(kUserVersion).getInt(); });
}

bool Store::healthy() {
  try {
    WaitLimit limit(kHealthWait);
    std::unique_lock<std::recursive_timed_mutex> lock(mutex_, std::defer_lock);
    lock_store(lock, "healthy");
    // chmod under a running process does not affect its open descriptor, but the next
    // start would fail: report it now rather than at 3 a.m. on restart.
    if (!is_memory(impl_->path) && ::access(impl_->path.c_str(), R_OK | W_OK) != 0) return false;
    if (sqlite3_db_readonly(db_->getHandle(), "main") == 1) return false;
    if (!is_memory(impl_->path) && low_on_space(impl_->path)) return false;
    {
      Stmt read = impl_->stmt(kReadHeartbeat);
      if (!read->executeStep()) return false;
    }
    // Committing (not rolling back) makes the probe reach the WAL file, so a full disk or
    // an I/O error shows up here and not only on the next real write.
    Transaction tx(*this);
    impl_->exec(kWriteHeartbeat);
    tx.commit();
    return true;
  } catch (...) {
    return false;
  }
}

// ---- transactions -----------------------------------------------------------------------

Store::Transaction::Transaction(Store& store) : lock_(store.mutex_, std::defer_lock), store_(&store) {
  lock_store(lock_, "begin transaction");
  Impl& impl = *store.impl_;
  try {
    if (impl.tx_depth == 0) {
      // IMMEDIATE takes the write lock up front: two processes that both read and then
      // try to upgrade to writing would otherwise deadlock into SQLITE_BUSY.
      tx_ = std::make_unique<SQLite::Transaction>(*store.db_, SQLite::TransactionBehavior::IMMEDIATE);
    } else {
      store.db_->exec(kSavepoint);
      nested_ = true;
    }
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("storage: begin transaction: ") + e.what());
  }
  ++impl.tx_depth;
}

Store::Transaction::~Transaction() {
  if (nested_ && !finished_) {
    try {
      store_->db_->exec(kRollbackToSavepoint);
      store_->db_->exec(kReleaseSavepoint);
    } catch (...) {
      // The outer transaction was already rolled back by SQLite (e.g. disk full); nothing
      // is left to undo here and the outer commit will report the failure.
    }
  }
  tx_.reset();  // SQLite::Transaction rolls back unless committed
  --store_->impl_->tx_depth;
}

void Store::Transaction::commit() {
  if (finished_) return;
  try {
    if (nested_) {
      store_->db_->exec(kReleaseSavepoint);
    } else {
      tx_->commit();
    }
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("storage: commit: ") + e.what());
  }
  finished_ = true;
}

}  // namespace starcoach::storage
