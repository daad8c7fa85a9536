#include <gtest/gtest.h>

#include <set>

#include "handlers/daily.h"
#include "fake_api.h"
#include "scoring/questions.h"

using namespace starcoach;
using starcoach::testing::Harness;

struct LocalCase {
  const char* name;
  int64_t unix_seconds;
  const char* tz;
  const char* date;
  int weekday;
  int minutes;
};

class LocalDayTest : public ::testing::TestWithParam<LocalCase> {};

TEST_P(LocalDayTest, ConvertsToTheZonesLocalDate) {
  const auto& c = GetParam();
  const auto d = handlers::local_day(c.unix_seconds, c.tz);
  EXPECT_EQ(d.date, c.date);
  EXPECT_EQ(d.weekday, c.weekday);
  EXPECT_EQ(d.minutes, c.minutes);
}

INSTANTIATE_TEST_SUITE_P(
    Zones, LocalDayTest,
    ::testing::Values(
        LocalCase{"utc", 1795000000, "UTC", "2026-11-18", 3, 11 * 60 + 6},
        LocalCase{"auckland_is_next_day", 1795000000, "Pacific/Auckland", "2026-11-19", 4, 6},
        LocalCase{"honolulu_previous_evening", 1794970000, "Pacific/Honolulu", "2026-11-17", 2, 16 * 60 + 46},
        // 2026-03-08 is spring-forward in New York: 07:00 UTC is 03:00 EDT (02:xx never happens)
        LocalCase{"new_york_spring_forward", 1772953200, "America/New_York", "2026-03-08", 0, 3 * 60},
        // 2026-11-01 fall-back: 06:30 UTC is 01:30 EST (the second 01:30 of the day)
        LocalCase{"new_york_fall_back", 1793514600, "America/New_York", "2026-11-01", 0, 90}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Schedule, WeekdaysOnlySkipsWeekends) {
  handlers::Schedule s;
  s.hour = 9;
  s.minute = 30;
  s.weekdays_only = true;
  EXPECT_FALSE(handlers::is_due({"2026-11-21", 6, 12 * 60}, s));  // Saturday
  EXPECT_FALSE(handlers::is_due({"2026-11-22", 0, 12 * 60}, s));  // Sunday
  EXPECT_FALSE(handlers::is_due({"2026-11-23", 1, 9 * 60 + 29}, s));
  EXPECT_TRUE(handlers::is_due({"2026-11-23", 1, 9 * 60 + 30}, s));
  s.weekdays_only = false;
  EXPECT_TRUE(handlers::is_due({"2026-11-22", 0, 12 * 60}, s));
}

TEST(Schedule, PostTimeInsideTheSpringForwardGapStillPostsThatDay) {
  handlers::Schedule s;
  s.hour = 2;
  s.minute = 30;
  s.weekdays_only = false;
  const auto at_three = handlers::local_day(1772953200, "America/New_York");  // 03:00 EDT
  EXPECT_TRUE(handlers::is_due(at_three, s));
}

TEST(PeriodKeys, IsoWeekAndMonth) {
  EXPECT_EQ(handlers::week_key("2026-11-24"), "2026-W48");
  EXPECT_EQ(handlers::week_key("2027-01-01"), "2026-W53");
  EXPECT_EQ(handlers::month_key("2026-11-24"), "2026-11");
}

TEST(Rotation, NoRepeatsUntilTheBankIsExhausted) {
  const size_t n = scoring::question_bank().size();
  std::vector<std::string> history;  // newest first
  std::set<std::string> seen;
  for (size_t day = 0; day < n; ++day) {
    const std::string id = handlers::pick_question(history, "2026-01-" + std::to_string(day));
    EXPECT_TRUE(seen.insert(id).second) << id << " repeated on day " << day;
    history.insert(history.begin(), id);
  }
  EXPECT_EQ(seen.size(), n);
  // the next cycle starts afresh
  const std::string next = handlers::pick_question(history, "2026-03-01");
  EXPECT_NE(scoring::find_question(next), nullptr);
}

TEST(PostDaily, NotDueBeforeThePostingTime) {
  Harness h;  // 11:06 UTC on a Wednesday
  h.ctx.defaults.hour = 23;
  h.ctx.defaults.minute = 59;
  EXPECT_EQ(handlers::post_daily(h.ctx, false).outcome, handlers::PostOutcome::NotDue);
  EXPECT_EQ(h.api.count("chat.postMessage"), 0u);
}

TEST(PostDaily, PostsOncePerChannelAndLocalDate) {
  Harness h;  // 09:30 has passed
  const auto first = handlers::post_daily(h.ctx, false);
  EXPECT_EQ(first.outcome, handlers::PostOutcome::Posted);
  EXPECT_EQ(handlers::post_daily(h.ctx, false).outcome, handlers::PostOutcome::AlreadyPosted);
  EXPECT_EQ(handlers::post_daily(h.ctx, true).outcome, handlers::PostOutcome::AlreadyPosted);
  EXPECT_EQ(h.api.count("chat.postMessage"), 1u);
  const auto& msg = h.api.calls.back().args;
  EXPECT_EQ(msg["channel"], "CPRACTICE");
  const auto* q = scoring::find_question(first.question_id);
  ASSERT_NE(q, nullptr);
  EXPECT_NE(msg.dump().find("250-320 words"), std::string::npos);
  h.clock += 86400;  // Thursday: a new local date
  EXPECT_EQ(handlers::post_daily(h.ctx, false).outcome, handlers::PostOutcome::Posted);
  EXPECT_EQ(h.api.count("chat.postMessage"), 2u);
}

TEST(PostDaily, ForcePostsOutsideTheSchedule) {
  Harness h;
  h.ctx.defaults.hour = 23;
  EXPECT_EQ(handlers::post_daily(h.ctx, true).outcome, handlers::PostOutcome::Posted);
}

TEST(PostDaily, RefusedPostReleasesTheClaimAndNamesSlacksError) {
  Harness h;
  h.api.fail_with = "channel_not_found";
  const auto r = handlers::post_daily(h.ctx, true);
  EXPECT_EQ(r.outcome, handlers::PostOutcome::Failed);
  EXPECT_EQ(r.error, "channel_not_found");
  h.api.fail_with.clear();
  EXPECT_EQ(handlers::post_daily(h.ctx, true).outcome, handlers::PostOutcome::Posted);
}

TEST(PostDaily, PausedSkipsScheduledPostsButNotForced) {
  Harness h;
  h.store.set_setting("paused", "1");
  EXPECT_EQ(handlers::post_daily(h.ctx, false).outcome, handlers::PostOutcome::Paused);
  EXPECT_EQ(handlers::post_daily(h.ctx, true).outcome, handlers::PostOutcome::Posted);
}

TEST(PostDaily, NoChannelIsReported) {
  Harness h;
  h.ctx.defaults.channel.clear();
  EXPECT_EQ(handlers::post_daily(h.ctx, true).outcome, handlers::PostOutcome::NoChannel);
}
