#include "bot/background.h"

#include <algorithm>

#include "bot/log.h"
#include "handlers/events.h"

namespace starcoach::bot {

Loop::Loop(std::string name, std::chrono::milliseconds idle, std::function<void()> step)
    : name_(std::move(name)), idle_(idle), step_(std::move(step)) {}

Loop::~Loop() { stop(); }

void Loop::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      woken_ = false;
      lock.unlock();
      try {
        step_();
      } catch (const std::exception& e) {
        log::error("background step failed", {{"loop", name_}, {"error", e.what()}});
      }
      lock.lock();
      if (!stopping_ && !woken_) cv_.wait_for(lock, idle_, [this] { return stopping_ || woken_; });
    }
  });
}

void Loop::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
}

void Loop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void drain_inbox(handlers::AppContext& ctx, const std::atomic<bool>& stopping) {
  for (;;) {
    const auto batch = ctx.store.inbox_pending(32);
    if (batch.empty()) return;
    for (const auto& event : batch) {
      if (stopping) return;
      try {
        storage::Store::Transaction tx(ctx.store);
        const auto envelope = nlohmann::json::parse(event.body, nullptr, false);
        if (!envelope.is_discarded()) handlers::process_event(ctx, envelope);
        ctx.store.inbox_done(event.id, ctx.now());
        tx.commit();
      } catch (const storage::StorageError& e) {
        // The database is unhappy (locked, full, read-only): leave the event for the next pass.
        log::error("event not processed, will retry", {{"event_id", event.event_id}, {"error", e.what()}});
        return;
      } catch (const std::exception& e) {
        log::error("event failed", {{"event_id", event.event_id}, {"error", e.what()}});
        try {
          ctx.store.inbox_failed(event.id, e.what(), ctx.now());
        } catch (const std::exception&) {
          return;
        }
      }
      ctx.outbox_wakeup();
    }
  }
}

namespace {

constexpr int kMaxOutboxAttempts = 8;

int64_t backoff_seconds(int attempts) { return std::min<int64_t>(int64_t{1} << std::min(attempts, 8), 300); }

// Fills in what only became known after the call was queued; false to try again later.
bool prepare(handlers::AppContext& ctx, const storage::OutboxCall& call, nlohmann::json& args,
             bool& skip) {
  skip = false;
  if (call.answer_id == 0) return true;
  const auto answer = ctx.store.answer_by_id(call.answer_id);
  if (!answer) {  // deleted meanwhile: nothing left to say about it
    skip = true;
    return true;
  }
  if (call.purpose == handlers::kPurposeUpdate) {
    if (answer->reply_ts.empty()) {
      if (ctx.store.outbox_has_pending(call.answer_id, handlers::kPurposeThreadReply)) return false;
      skip = true;
      return true;
    }
    args["ts"] = answer->reply_ts;
  }
  return true;
}

}  // namespace

void drain_outbox(handlers::AppContext& ctx, const std::atomic<bool>& stopping) {
  const auto due = ctx.store.outbox_due(ctx.now(), 50);
  for (const auto& call : due) {
    if (stopping) return;
    auto args = nlohmann::json::parse(call.args_json, nullptr, false);
    if (args.is_discarded()) {
      ctx.store.outbox_failed(call.id, "stored arguments are not JSON");
      continue;
    }
    bool skip = false;
    if (!prepare(ctx, call, args, skip)) {
      ctx.store.outbox_retry(call.id, ctx.now() + 1, "waiting for the thread reply");
      continue;
    }
    if (skip) {
      ctx.store.outbox_done(call.id, ctx.now());
      continue;
    }
    const handlers::ApiResult r = call.method == "response_url"
                                      ? ctx.api.respond(args.value("url", ""), args["body"])
                                      : ctx.api.call(call.method, args);
    if (r.ok) {
      if (call.purpose == handlers::kPurposeThreadReply && r.body.contains("ts") &&
          r.body["ts"].is_string())
        ctx.store.answer_set_reply_ts(call.answer_id, r.body["ts"].get<std::string>());
      ctx.store.outbox_done(call.id, ctx.now());
    } else if (r.retryable && call.attempts + 1 < kMaxOutboxAttempts) {
      ctx.store.outbox_retry(call.id, ctx.now() + backoff_seconds(call.attempts), r.error);
    } else {
      log::error("slack call given up", {{"method", call.method}, {"purpose", call.purpose},
                                         {"error", r.error}});
      ctx.store.outbox_failed(call.id, r.error);
    }
  }
}

}  // namespace starcoach::bot
