#include "handlers/context.h"

#include <chrono>

namespace starcoach::handlers {

std::optional<bool> AdminCache::get(const std::string& user, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(user);
  if (it == entries_.end() || now - it->second.second > kTtlSeconds) return std::nullopt;
  return it->second.first;
}

void AdminCache::put(const std::string& user, bool is_admin, int64_t now) {
  std::lock_guard lock(mutex_);
  entries_[user] = {is_admin, now};
}

scoring::ScoreResult score_timed(AppContext& ctx, const std::string& text,
                                 const scoring::Question* question) {
  const auto start = std::chrono::steady_clock::now();
  auto result = scoring::score_answer(text, question);
  ctx.observe_scoring(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return result;
}

Schedule effective_schedule(AppContext& ctx) {
  Schedule s = ctx.defaults;
  auto& store = ctx.store;
  if (auto v = store.setting("channel"); v && !v->empty()) s.channel = *v;
  if (auto v = store.setting("post_at"); v && v->size() == 5) {
    s.hour = std::stoi(v->substr(0, 2));
    s.minute = std::stoi(v->substr(3, 2));
  }
  if (auto v = store.setting("tz"); v && !v->empty()) s.tz = *v;
  if (auto v = store.setting("days"); v && !v->empty()) s.weekdays_only = *v == "weekdays";
  if (auto v = store.setting("paused")) s.paused = *v == "1";
  return s;
}
}  // namespace starcoach::handlers
