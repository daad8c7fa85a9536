// The threads that serve HTTP connections. httplib gives each open connection one pool thread
// until it closes; which idle thread takes the next connection is ours to choose (via its
// TaskQueue interface).
#pragma once
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace starcoach::bot {

// httplib's own pool wakes idle threads in turn, so over minutes every one of its 64 threads
// takes connections and each keeps its touched stack and malloc cache: resident memory grew by
// about 75 KB per newly used thread (scripts/soak.py). This pool hands a new connection to the
// thread that went idle last, so only as many threads stay warm as connections are really open
// at once; the rest stay cold. Connections that find every thread busy wait in order.
class ConnectionPool : public httplib::TaskQueue {
 public:
  explicit ConnectionPool(size_t threads);
  ~ConnectionPool() override;
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  void enqueue(std::function<void()> job) override;
  // Runs what is queued, then joins every thread (httplib calls this when it stops).
  void shutdown() override;

  // How many distinct threads have run a job so far, and how many wait for one now (for tests
  // and diagnostics).
  size_t threads_used();
  size_t idle_threads();

 private:
  struct Worker {
    std::condition_variable wake;
    std::function<void()> job;  // handed over by enqueue() while the worker sleeps
    bool used = false;
  };
  void run(Worker& self);

  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;                // most recently idle last
  std::deque<std::function<void()>> queued_; // jobs that found no idle worker
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

}  // namespace starcoach::bot
