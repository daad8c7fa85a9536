#include "storage/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

namespace starcoach::storage {

void backup_database(Store& store, const std::string& path) {
  try {
    SQLite::Database target(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(target, store.db());
    // All pages in one step: SQLite copies them under one read transaction, so the copy is a
    // consistent snapshot even while the server writes. BUSY/LOCKED mean "not copied": retry.
    int rc = SQLITE_BUSY;
    for (int attempt = 0; attempt < 50 && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED); ++attempt) {
      rc = backup.executeStep(-1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(100);
    }
    if (rc != SQLITE_DONE) throw StorageError("backup to " + path + " did not complete: " + sqlite3_errstr(rc));
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("backup to ") + path + " failed: " + e.what());
  }
}

}  // namespace starcoach::storage
