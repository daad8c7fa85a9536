// The connection pool: warmest thread first, every job run once, waiting jobs in order,
// shutdown drains, a throwing job does not take a thread down.
#include "bot/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <algorithm>
#include <set>
#include <stdexcept>
#include <vector>

namespace starcoach::bot {
namespace {

using namespace std::chrono_literals;

// Waits (bounded) until `pred` holds.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 2000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return pred();
}

// A gate jobs block on until the test opens it.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(m_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(ConnectionPool, OneConnectionAtATimeKeepsUsingTheSameThread) {
  ConnectionPool pool(16);
  ASSERT_TRUE(eventually([&] { return pool.idle_threads() == 16; }));
  std::set<std::thread::id> seen;
  for (int i = 0; i < 50; ++i) {
    std::promise<std::thread::id> ran;
    auto id = ran.get_future();
    pool.enqueue([&] { ran.set_value(std::this_thread::get_id()); });
    seen.insert(id.get());
    ASSERT_TRUE(eventually([&] { return pool.idle_threads() == 16; }));
  }
  EXPECT_EQ(seen.size(), 1u) << "httplib's own pool would have rotated through its threads";
  EXPECT_EQ(pool.threads_used(), 1u);
}

TEST(ConnectionPool, ConcurrentConnectionsEachGetAThreadAndExtraOnesWaitInOrder) {
  ConnectionPool pool(4);
  ASSERT_TRUE(eventually([&] { return pool.idle_threads() == 4; }));
  Gate gate;
  std::atomic<int> running{0};
  for (int i = 0; i < 4; ++i) pool.enqueue([&] { ++running; gate.wait(); });
  ASSERT_TRUE(eventually([&] { return running == 4; }));
  std::mutex order_mutex;
  std::vector<int> order;
  for (int i = 0; i < 6; ++i)
    pool.enqueue([&, i] {
      std::lock_guard lock(order_mutex);
      order.push_back(i);
    });
  std::this_thread::sleep_for(20ms);
  {
    std::lock_guard lock(order_mutex);
    EXPECT_TRUE(order.empty()) << "no thread was free, so nothing else may have run";
  }
  gate.open();
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(order_mutex);
    return order.size() == 6;
  }));
  EXPECT_EQ(pool.threads_used(), 4u);
  ASSERT_TRUE(eventually([&] { return pool.idle_threads() == 4; }));
  // Four threads draining one queue may finish out of order, but each job ran exactly once.
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(ConnectionPool, ShutdownRunsWhatIsQueuedThenJoins) {
  std::atomic<int> done{0};
  {
    ConnectionPool pool(2);
    Gate gate;
    for (int i = 0; i < 2; ++i) pool.enqueue([&] { gate.wait(); ++done; });
    for (int i = 0; i < 5; ++i) pool.enqueue([&] { ++done; });
    auto stopped = std::async(std::launch::async, [&] { pool.shutdown(); });
    EXPECT_EQ(stopped.wait_for(50ms), std::future_status::timeout) << "shutdown waits for running jobs";
    gate.open();
    stopped.get();
    EXPECT_EQ(done.load(), 7);
    pool.shutdown();  // a second call is harmless
  }
  EXPECT_EQ(done.load(), 7);
}

TEST(ConnectionPool, AThrowingJobDoesNotTakeItsThreadDown) {
  ConnectionPool pool(1);
  pool.enqueue([] { throw std::runtime_error("boom"); });
  std::promise<void> ran;
  pool.enqueue([&] { ran.set_value(); });
  EXPECT_EQ(ran.get_future().wait_for(2s), std::future_status::ready);
}

}  // namespace
}  // namespace starcoach::bot
