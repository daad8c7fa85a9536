// Consistent online backups with SQLite's backup API (safe while the server is writing).
#pragma once
#include <string>

#include "storage/store.h"

namespace starcoach::storage {

// Copies the whole database to `path` (overwritten). Throws StorageError.
void backup_database(Store& store, const std::string& path);

}  // namespace starcoach::storage
