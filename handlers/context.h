// Everything a handler may touch, injected: storage, the Web API seam, the clock, settings.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "handlers/slack_api.h"
#include "scoring/score.h"
#include "storage/store.h"

namespace starcoach::handlers {

// When and where the daily question is posted. Settings made from Slack win over these.
struct Schedule {
  std::string channel;
  int hour = 9, minute = 30;
  std::string tz = "UTC";
  bool weekdays_only = true;
  bool paused = false;
};

// Workspace-admin answers from users.info, remembered for a while (Slack rate-limits it).
class AdminCache {
 public:
  // nullopt when unknown or expired.
  std::optional<bool> get(const std::string& user, int64_t now);
  void put(const std::string& user, bool is_admin, int64_t now);
 private:
  static constexpr int64_t kTtlSeconds = 600;
  std::mutex mutex_;
  std::map<std::string, std::pair<bool, int64_t>> entries_;
};

struct AppContext {
  AppContext(storage::Store& store_, SlackApi& api_) : store(store_), api(api_) {}
  storage::Store& store;
  SlackApi& api;
  Schedule defaults;                           // from the environment
  std::vector<std::string> admins;             // STARCOACH_ADMINS
  std::function<int64_t()> now = [] { return int64_t{0}; };  // unix seconds; injectable for tests
  // Runs work after the HTTP reply (slash commands that need Slack calls).
  std::function<void(std::function<void()>)> defer = [](std::function<void()> task) { task(); };
  // The bot's own user id (from auth.test), empty while unknown.
  std::function<std::string()> bot_user_id = [] { return std::string(); };
  // Scoring time, for the metrics histogram.
  std::function<void(double)> observe_scoring = [](double) {};
  // Wakes the outbox sender after new calls were queued.
  std::function<void()> outbox_wakeup = [] {};
  // Wakes the event worker after a new event was stored.
  std::function<void()> inbox_wakeup = [] {};
  // Counts a duplicate event delivery (metrics).
  std::function<void()> count_duplicate = [] {};
  AdminCache admin_cache;
};

// Scores an answer, timing it for the metrics histogram.
scoring::ScoreResult score_timed(AppContext& ctx, const std::string& text,
                                 const scoring::Question* question);

// The schedule in force: stored settings over environment defaults.
Schedule effective_schedule(AppContext& ctx);

}  // namespace starcoach::handlers
