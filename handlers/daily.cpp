#include "handlers/daily.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <set>
#include <stdexcept>

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include "handlers/render.h"
#include "scoring/questions.h"

namespace starcoach::handlers {
namespace {

// A claim older than this with no ts means its process died mid-post: try again.
constexpr int64_t kStaleClaimSeconds = 120;

date::year_month_day parse_date(const std::string& local_date) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(local_date.c_str(), "%d-%u-%u", &y, &m, &d) != 3)
    throw std::runtime_error("bad local date " + local_date);
  return date::year{y} / date::month{m} / date::day{d};
}

}  // namespace

LocalDay local_day(int64_t unix_seconds, const std::string& tz) {
  const auto* zone = date::locate_zone(tz);
  const date::sys_seconds instant{std::chrono::seconds{unix_seconds}};
  const auto local = date::make_zoned(zone, instant).get_local_time();
  const auto midnight = date::floor<date::days>(local);
  const date::year_month_day ymd{midnight};
  LocalDay day;
  day.date = date::format("%F", ymd);
  day.weekday = static_cast<int>(date::weekday{midnight}.c_encoding());
  day.minutes = static_cast<int>(
      std::chrono::duration_cast<std::chrono::minutes>(local - midnight).count());
  return day;
}

bool is_posting_day(const LocalDay& day, bool weekdays_only) {
  return !weekdays_only || (day.weekday >= 1 && day.weekday <= 5);
}

bool is_due(const LocalDay& day, const Schedule& schedule) {
  // On a spring-forward day a post time inside the gap is reached at the first local time after it.
  return is_posting_day(day, schedule.weekdays_only) &&
         day.minutes >= schedule.hour * 60 + schedule.minute;
}

std::string week_key(const std::string& local_date) {
  const iso_week::year_weeknum_weekday iso{date::sys_days{parse_date(local_date)}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-W%02u", static_cast<int>(iso.year()),
                static_cast<unsigned>(iso.weeknum()));
  return buf;
}

std::string month_key(const std::string& local_date) { return local_date.substr(0, 7); }

std::string pick_question(const std::vector<std::string>& history, const std::string& local_date) {
  const auto& bank = scoring::question_bank();
  // The current cycle is the newest (history % bank) posts: skip what they used.
  const size_t in_cycle = history.size() % bank.size();
  std::set<std::string> used(history.begin(), history.begin() + static_cast<long>(in_cycle));
  std::vector<const scoring::Question*> fresh;
  for (const auto& q : bank)
    if (!used.count(q.id)) fresh.push_back(&q);
  if (fresh.empty()) return bank.front().id;
  const size_t pick = std::hash<std::string>{}(local_date) % fresh.size();
  return fresh[pick]->id;
}

PostResult post_daily(AppContext& ctx, bool force) {
  const Schedule schedule = effective_schedule(ctx);
  PostResult result;
  result.channel = schedule.channel;
  if (schedule.channel.empty()) {
    result.outcome = PostOutcome::NoChannel;
    return result;
  }
  const LocalDay today = local_day(ctx.now(), schedule.tz);
  result.local_date = today.date;
  if (!force && schedule.paused) {
    result.outcome = PostOutcome::Paused;
    return result;
  }
  if (!force && !is_due(today, schedule)) {
    result.outcome = PostOutcome::NotDue;
    return result;
  }
  auto& store = ctx.store;
  if (auto existing = store.daily_for_date(schedule.channel, today.date)) {
    if (!existing->ts.empty() || ctx.now() - existing->created_at < kStaleClaimSeconds) {
      result.outcome = PostOutcome::AlreadyPosted;
      result.question_id = existing->question_id;
      result.ts = existing->ts;
      return result;
    }
    store.daily_release(existing->id);
  }
  // Every post of the channel (a negative limit is none): the cycle is the history's length
  // modulo the bank size, so a capped history repeats questions once it is reached.
  const std::string question_id =
      pick_question(store.daily_question_history(schedule.channel, -1), today.date);
  auto claim = store.daily_claim(schedule.channel, today.date, question_id, ctx.now());
  if (!claim) {
    result.outcome = PostOutcome::AlreadyPosted;
    return result;
  }
  result.question_id = question_id;

  std::vector<StreakLeader> leaders;
  if (auto team = store.setting("team_id")) {
    for (const auto& row : store.streak_leaders(*team, 3))
      if (row.streak > 0) leaders.push_back({row.user, row.streak});
  }
  const auto* question = scoring::find_question(question_id);
  nlohmann::json message = daily_post_message(*question, leaders);
  message["channel"] = schedule.channel;
  message["unfurl_links"] = false;
  const ApiResult posted = ctx.api.call("chat.postMessage", message);
  std::string ts;
  if (posted.ok && posted.body.is_object() && posted.body.contains("ts") &&
      posted.body["ts"].is_string())
    ts = posted.body["ts"].get<std::string>();
  if (!posted.ok || ts.empty()) {
    store.daily_release(claim->id);
    result.outcome = PostOutcome::Failed;
    result.error = posted.error.empty() ? "no ts in Slack's answer" : posted.error;
    return result;
  }
  store.daily_set_ts(claim->id, ts);
  result.outcome = PostOutcome::Posted;
  result.ts = ts;
  return result;
}

}  // namespace starcoach::handlers
