// Regression: a locked database used to hold every caller for the full 5 s busy timeout (and
// requests queued behind each other on the store's lock), so Slack got its 503 after 5 s or
// more instead of within 3 s, and /healthz hung as long. WaitLimit bounds both waits; with no
// limit, background work still waits out the busy timeout.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "storage/store.h"
#include "storage_test_util.h"

namespace starcoach::storage {
namespace {

using namespace std::chrono;
using testing::TempDir;

double seconds_since(steady_clock::time_point t0) {
  return duration<double>(steady_clock::now() - t0).count();
}

TEST(WaitLimit, WriteLockedByAnotherConnectionFailsWithinTheLimit) {
  TempDir dir;
  Store store(dir.file("db.sqlite"));
  SQLite::Database other(dir.file("db.sqlite"), SQLite::OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");

  const auto t0 = steady_clock::now();
  {
    WaitLimit limit(milliseconds(300));
    EXPECT_THROW(store.inbox_put("Ev1", "{}", 1), StorageError);
  }
  EXPECT_LT(seconds_since(t0), 1.5);

  const auto t1 = steady_clock::now();
  EXPECT_FALSE(store.healthy());
  EXPECT_LT(seconds_since(t1), 2.5) << "healthy() bounds its own wait";

  other.exec("COMMIT");
  {
    WaitLimit limit(milliseconds(300));
    EXPECT_TRUE(store.inbox_put("Ev1", "{}", 1)) << "usable again once the lock is gone";
  }
  EXPECT_TRUE(store.healthy());
}

TEST(WaitLimit, StoreLockHeldByAnotherThreadFailsWithinTheLimit) {
  TempDir dir;
  Store store(dir.file("db.sqlite"));
  std::promise<void> holding, release;
  std::thread holder([&] {
    Store::Transaction tx(store);
    holding.set_value();
    release.get_future().wait();
  });
  holding.get_future().wait();

  const auto t0 = steady_clock::now();
  {
    WaitLimit limit(milliseconds(200));
    EXPECT_THROW(store.inbox_put("Ev1", "{}", 1), StorageError);
    EXPECT_THROW(Store::Transaction tx(store), StorageError);
  }
  EXPECT_LT(seconds_since(t0), 1.5);
  EXPECT_FALSE(store.healthy());
  release.set_value();
  holder.join();
  EXPECT_TRUE(store.healthy());
}

TEST(WaitLimit, NestedLimitsKeepTheEarliestDeadlineAndRestore) {
  TempDir dir;
  Store store(dir.file("db.sqlite"));
  SQLite::Database other(dir.file("db.sqlite"), SQLite::OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");
  const auto t0 = steady_clock::now();
  {
    WaitLimit outer(milliseconds(200));
    {
      WaitLimit inner(seconds(30));  // cannot extend the outer deadline
      EXPECT_THROW(store.set_setting("k", "v"), StorageError);
    }
  }
  EXPECT_LT(seconds_since(t0), 1.5);

  // Without a limit the busy timeout applies again: a lock released after 0.5 s is waited for.
  std::thread unlock([&] {
    std::this_thread::sleep_for(milliseconds(500));
    other.exec("COMMIT");
  });
  EXPECT_NO_THROW(store.set_setting("k", "v"));
  unlock.join();
  EXPECT_EQ(store.setting("k"), "v");
}

}  // namespace
}  // namespace starcoach::storage
