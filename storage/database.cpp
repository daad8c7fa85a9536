// Opening the file, connection settings, migrations on start, transactions and health.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;

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

}  // namespace

Store::Store(const std::string& path) {
  check_location(path);
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                             kBusyTimeoutMs);
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
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    // chmod under a running process does not affect its open descriptor, but the next
    // start would fail: report it now rather than at 3 a.m. on restart.
    if (!is_memory(impl_->path) && ::access(impl_->path.c_str(), R_OK | W_OK) != 0) return false;
    if (sqlite3_db_readonly(db_->getHandle(), "main") == 1) return false;
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

Store::Transaction::Transaction(Store& store) : lock_(store.mutex_), store_(&store) {
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
