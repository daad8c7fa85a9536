// A small bounded pool for work done after the HTTP reply (slash commands that call Slack).
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace starcoach::bot {

class WorkerPool {
 public:
  WorkerPool(size_t threads, size_t max_queue);
  ~WorkerPool();
  // false when the queue is full or the pool is stopping (the caller tells the user).
  bool submit(std::function<void()> task);
  // Finishes queued and running tasks, then joins the threads.
  void shutdown();
  size_t queued();

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  size_t max_queue_;
  bool stopping_ = false;
};

}  // namespace starcoach::bot
