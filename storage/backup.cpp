#include "storage/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>

namespace starcoach::storage {

void backup_database(Store& store, const std::string& path) {
  try {
    Store::Transaction hold(store);  // holds the store's lock: no half-written state is copied
    SQLite::Database target(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(target, store.db());
    backup.executeStep(-1);  // all pages in one step
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("backup to ") + path + " failed: " + e.what());
  }
}

}  // namespace starcoach::storage
