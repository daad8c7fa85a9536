#include "bot/background.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

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

// One Web API attempt each (the sender's client does not retry inline: a call waiting out a
// 429 or a backoff must not hold up every other reply). 1 s, 2 s, 4 s ... 5 min apart: about
// 25 minutes of Slack trouble before a call is given up.
constexpr int kMaxOutboxAttempts = 12;

int64_t backoff_seconds(int attempts) { return std::min<int64_t>(int64_t{1} << std::min(attempts, 8), 300); }

// chat.update calls rescheduled after a retryable failure: answer id -> {call id -> next_at}.
// A later update of the same answer waits for them, so Slack never gets an older text after a
// newer one. Only the outbox thread touches it; entries long overdue (another process sent
// the call) are dropped.
thread_local std::map<int64_t, std::map<int64_t, int64_t>> t_updates_retrying;

void forget_update(const storage::OutboxCall& call) {
  auto it = t_updates_retrying.find(call.answer_id);
  if (it == t_updates_retrying.end()) return;
  it->second.erase(call.id);
  if (it->second.empty()) t_updates_retrying.erase(it);
}

// The next_at of an earlier, still retrying update of this answer; 0 when there is none.
int64_t earlier_update_retrying(const storage::OutboxCall& call, int64_t now) {
  if (call.purpose != handlers::kPurposeUpdate) return 0;
  auto it = t_updates_retrying.find(call.answer_id);
  if (it == t_updates_retrying.end()) return 0;
  auto& calls = it->second;
  for (auto c = calls.begin(); c != calls.end();) {
    if (c->second < now - 600) c = calls.erase(c);
    else if (c->first < call.id) return c->second;
    else ++c;
  }
  if (calls.empty()) t_updates_retrying.erase(it);
  return 0;
}

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
    if (const int64_t after = earlier_update_retrying(call, ctx.now())) {
      ctx.store.outbox_retry(call.id, std::max(after, ctx.now() + 1),
                             "waiting for an earlier update of this answer");
      continue;
    }
    bool skip = false;
    if (!prepare(ctx, call, args, skip)) {
      ctx.store.outbox_retry(call.id, ctx.now() + 1, "waiting for the thread reply");
      continue;
    }
    if (skip) {
      forget_update(call);
      ctx.store.outbox_done(call.id, ctx.now());
      continue;
    }
    const handlers::ApiResult r = call.method == "response_url"
                                      ? ctx.api.respond(args.value("url", ""), args["body"])
                                      : ctx.api.call(call.method, args);
    if (r.ok) {
      forget_update(call);
      // The call landed: record that (with the reply's ts) in one transaction, and keep trying
      // while the database is briefly unavailable (locked, full): dropping it here would send
      // the message again on the next pass. Only a crash or shutdown meanwhile repeats it.
      for (int attempt = 0;; ++attempt) {
        try {
          storage::Store::Transaction tx(ctx.store);
          if (call.purpose == handlers::kPurposeThreadReply && r.body.contains("ts") &&
              r.body["ts"].is_string())
            ctx.store.answer_set_reply_ts(call.answer_id, r.body["ts"].get<std::string>());
          ctx.store.outbox_done(call.id, ctx.now());
          tx.commit();
          break;
        } catch (const storage::StorageError& e) {
          if (stopping) throw;
          if (attempt == 0)
            log::error("sent, but cannot record it yet; retrying", {{"method", call.method}, {"error", e.what()}});
          std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
      }
    } else if (r.retryable && call.attempts + 1 < kMaxOutboxAttempts) {
      // Retry-After is a floor (whole seconds, and now is floored: +1); meanwhile the other
      // queued calls go on.
      int64_t wait = backoff_seconds(call.attempts);
      if (r.retry_after) wait = std::max<int64_t>(wait, *r.retry_after + 1);
      const int64_t next_at = ctx.now() + wait;
      if (call.purpose == handlers::kPurposeUpdate) t_updates_retrying[call.answer_id][call.id] = next_at;
      ctx.store.outbox_retry(call.id, next_at, r.error);
    } else {
      forget_update(call);
      log::error("slack call given up", {{"method", call.method}, {"purpose", call.purpose},
                                         {"error", r.error}});
      ctx.store.outbox_failed(call.id, r.error);
    }
  }
}

}  // namespace starcoach::bot
