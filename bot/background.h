// The loops that run beside the HTTP server. Each waits on its own condition variable, so a
// wake-up (new event, new outbox call) is handled at once and shutdown is prompt.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "handlers/context.h"

namespace starcoach::bot {

// A thread that calls `step` whenever woken, or every `idle` when nobody wakes it.
class Loop {
 public:
  Loop(std::string name, std::chrono::milliseconds idle, std::function<void()> step);
  ~Loop();
  void start();
  void wake();
  // Lets the current step finish, then joins.
  void stop();

 private:
  std::string name_;
  std::chrono::milliseconds idle_;
  std::function<void()> step_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false, stopping_ = false;
  std::thread thread_;
};

// Processes stored inbox events, each in one transaction with the outbox calls it queues.
void drain_inbox(handlers::AppContext& ctx, const std::atomic<bool>& stopping);
// Sends due outbox calls; returns after one pass.
void drain_outbox(handlers::AppContext& ctx, const std::atomic<bool>& stopping);

}  // namespace starcoach::bot
