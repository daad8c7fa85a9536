#include "bot/connection_pool.h"

#include "bot/log.h"

namespace starcoach::bot {

ConnectionPool::ConnectionPool(size_t threads) {
  for (size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>());
  // Threads start after every Worker exists: run() may touch idle_ at once.
  for (auto& w : workers_) threads_.emplace_back([this, worker = w.get()] { run(*worker); });
}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::enqueue(std::function<void()> job) {
  std::unique_lock lock(mutex_);
  if (idle_.empty()) {
    queued_.push_back(std::move(job));
    return;
  }
  Worker* w = idle_.back();  // the warmest thread
  idle_.pop_back();
  w->job = std::move(job);
  lock.unlock();
  w->wake.notify_one();
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  for (auto& w : workers_) w->wake.notify_one();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

size_t ConnectionPool::threads_used() {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& w : workers_) n += w->used ? 1 : 0;
  return n;
}

size_t ConnectionPool::idle_threads() {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

void ConnectionPool::run(Worker& self) {
  std::unique_lock lock(mutex_);
  for (;;) {
    std::function<void()> job;
    if (!queued_.empty()) {
      job = std::move(queued_.front());
      queued_.pop_front();
    } else if (stopping_) {
      return;
    } else {
      idle_.push_back(&self);
      self.wake.wait(lock, [&] { return static_cast<bool>(self.job) || stopping_; });
      if (!self.job) {
        // Stopping: leave the idle list so enqueue() cannot hand this thread a job.
        std::erase(idle_, &self);
        continue;  // drain what is still queued, then return
      }
      job = std::move(self.job);
      self.job = nullptr;
    }
    self.used = true;
    lock.unlock();
    try {
      job();
    } catch (const std::exception& e) {
      log::error("connection handler failed", {{"error", e.what()}});
    } catch (...) {
      log::error("connection handler failed", {{"error", "unknown exception"}});
    }
    lock.lock();
  }
}

}  // namespace starcoach::bot
