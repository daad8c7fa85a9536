// The daily question: local dates in the schedule's zone, when a post is due, which question
// comes next, and posting it exactly once per channel and local date.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "handlers/context.h"

namespace starcoach::handlers {

struct LocalDay {
  std::string date;        // YYYY-MM-DD
  int weekday = 0;         // 0 = Sunday .. 6 = Saturday
  int minutes = 0;         // minutes since local midnight
};

// Throws std::runtime_error for an unknown zone (config validated it earlier).
LocalDay local_day(int64_t unix_seconds, const std::string& tz);
bool is_posting_day(const LocalDay& day, bool weekdays_only);
bool is_due(const LocalDay& day, const Schedule& schedule);

// "2026-W48" and "2026-11" for a YYYY-MM-DD local date.
std::string week_key(const std::string& local_date);
std::string month_key(const std::string& local_date);

// The next question: not used since the bank was last exhausted; varied by date, deterministic.
std::string pick_question(const std::vector<std::string>& history_newest_first,
                          const std::string& local_date);

enum class PostOutcome { Posted, NotDue, Paused, AlreadyPosted, NoChannel, Failed };

struct PostResult {
  PostOutcome outcome = PostOutcome::NotDue;
  std::string channel;
  std::string local_date;
  std::string question_id;
  std::string ts;
  std::string error;       // Slack's error string when Failed
};

// Posts today's question when due (or, with force, whenever today's is not out yet). The
// database's UNIQUE(channel, local_date) makes this safe across processes and restarts.
PostResult post_daily(AppContext& ctx, bool force);

}  // namespace starcoach::handlers
