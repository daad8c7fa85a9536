// The real binary driven across days with libfaketime: weekday schedules, DST days, catching
// up after downtime, streaks across weekends and missed days, and question rotation.
//
// Two ways of faking the clock (Debian's libfaketime, preloaded):
//  * one-shot CLI runs get FAKETIME="YYYY-MM-DD hh:mm:ss": an absolute, stopped clock;
//  * `serve` gets FAKETIME_TIMESTAMP_FILE with FAKETIME_NO_CACHE=1, so the test moves a
//    running server's clock by rewriting that file (read on every time() call).
// Faked times are written in UTC (TZ=UTC in the child's environment: libfaketime reads them
// in the process's local zone); the schedule's zone is STARCOACH_TZ as usual. Monotonic clocks
// stay real (FAKETIME_DONT_FAKE_MONOTONIC=1): timeouts and the scheduler's 2 s tick are real
// time. The fake Slack runs in this process on the real clock, so requests to a faked server
// are signed with the server's faked time (its 300 s window is checked against that).
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>

#include "answers.h"
#include "bot_fixture.h"
#include "storage/store.h"

using namespace starcoach::test;
using nlohmann::json;

namespace {

constexpr const char* kFaketimeLib = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
// Longer than one scheduler tick (2 s) plus a step: a tick has certainly run after this.
constexpr auto kTick = std::chrono::milliseconds(2600);

// "2026-03-08 07:00:00" (UTC) -> Unix seconds, and back.
int64_t utc(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm)) ADD_FAILURE() << "bad time " << text;
  return static_cast<int64_t>(timegm(&tm));
}
std::string utc_text(int64_t t) {
  const time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// What every faked child gets besides its clock.
void add_faketime_base(Env& env) {
  env["LD_PRELOAD"] = kFaketimeLib;
  env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1";
  env["TZ"] = "UTC";
  // An ASan build wants its runtime first in the library list; libfaketime is preloaded.
  std::string asan = "verify_asan_link_order=0";
  if (const char* a = std::getenv("ASAN_OPTIONS")) asan = std::string(a) + ":" + asan;
  env["ASAN_OPTIONS"] = asan;
}

// A running server's clock: a stopped clock the test moves by rewriting a file.
class FakeClock {
 public:
  explicit FakeClock(const std::string& dir) : path_(dir + "/faketime.rc") {}
  void set(int64_t unix_seconds) {
    // Written aside and renamed, so the server never reads half a line.
    const std::string tmp = path_ + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << utc_text(unix_seconds) << "\n";
    }
    ASSERT_EQ(std::rename(tmp.c_str(), path_.c_str()), 0);
    now_ = unix_seconds;
  }
  void set(const std::string& utc_time) { set(utc(utc_time)); }
  int64_t now() const { return now_; }
  void apply(Env& env) const {
    add_faketime_base(env);
    env.erase("FAKETIME");  // FAKETIME would win over the file
    env["FAKETIME_TIMESTAMP_FILE"] = path_;
    env["FAKETIME_NO_CACHE"] = "1";
  }

 private:
  std::string path_;
  int64_t now_ = 0;
};

}  // namespace

class ClockControl : public BotTest {
 protected:
  void SetUp() override {
    BotTest::SetUp();
    struct stat st {};
    ASSERT_EQ(::stat(kFaketimeLib, &st), 0)
        << kFaketimeLib << " is missing: install Debian's libfaketime (deploy/install-deps.sh)";
    clock_ = std::make_unique<FakeClock>(server->dir());
  }
  // A faked process killed with SIGKILL leaves libfaketime's shared memory in /dev/shm.
  void TearDown() override {
    if (server->running()) server->terminate();
  }

  // The server's environment with a schedule; its clock is the test's FakeClock.
  void schedule(const std::string& at, const std::string& tz, const std::string& days) {
    auto& env = server->env();
    env["STARCOACH_POST_AT"] = at;
    env["STARCOACH_TZ"] = tz;
    env["STARCOACH_DAYS"] = days;
    clock_->apply(env);
  }

  // `starcoach args...` on the server's database at a stopped, faked UTC time.
  CliResult cli_at(const std::string& utc_time, const std::vector<std::string>& args) {
    RunOptions o;
    o.env = server->env();
    o.env.erase("FAKETIME_TIMESTAMP_FILE");
    o.env.erase("FAKETIME_NO_CACHE");
    add_faketime_base(o.env);
    o.env["FAKETIME"] = utc_time;
    o.timeout = std::chrono::seconds(30);
    return run_cli(args, o);
  }
  // post-daily at a faked time; its stdout ("Posted ...", "Not due ...", "Already posted ...").
  std::string post_daily_at(const std::string& utc_time, bool force = false) {
    std::vector<std::string> args = {"post-daily"};
    if (force) args.push_back("--force");
    auto r = cli_at(utc_time, args);
    EXPECT_EQ(r.exit_code, 0) << utc_time << ": " << r.describe();
    return r.out;
  }

  size_t daily_posts() {  // top-level posts (the daily question), not thread replies
    size_t n = 0;
    for (const auto& c : slack.calls("chat.postMessage")) n += !c.args.contains("thread_ts");
    return n;
  }
  std::string last_daily_ts() {
    std::string ts;
    for (const auto& c : slack.calls("chat.postMessage"))
      if (!c.args.contains("thread_ts")) ts = c.reply.value("ts", "");
    return ts;
  }
  std::string question_id_of(const RecordedCall& call) {
    const std::string text = all_text(call.args);
    const auto start = text.find("Question `");
    if (start == std::string::npos) return "";
    const auto end = text.find('`', start + 10);
    return text.substr(start + 10, end - start - 10);
  }
  std::string last_question_id() {
    std::string id;
    for (const auto& c : slack.calls("chat.postMessage"))
      if (!c.args.contains("thread_ts")) id = question_id_of(c);
    return id;
  }
  // Waits until the running server has made `n` daily posts, then one more tick for a double.
  ::testing::AssertionResult posts_become(size_t n) {
    if (!eventually([&] { return daily_posts() >= n; }, std::chrono::seconds(6)))
      return ::testing::AssertionFailure() << daily_posts() << " daily posts, expected " << n
                                           << "\n" << server->log();
    std::this_thread::sleep_for(kTick);
    if (daily_posts() != n)
      return ::testing::AssertionFailure() << daily_posts() << " daily posts, expected exactly " << n;
    return ::testing::AssertionSuccess();
  }

  // Signed with the server's faked time.
  httplib::Result signed_post(const std::string& body, const std::string& ctype) {
    auto headers = slack_headers(kSecret, body, clock_->now());
    return server->client()->Post("/slack/events", headers, body, ctype.c_str());
  }
  std::string slash_at_server_time(const std::string& text, const std::string& user) {
    auto r = signed_post(slash_body(text, user, slack.response_url("T0FAKE/1/" + user)), kFormType);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    return r->body;
  }
  std::string streak_of(const std::string& user) { return slash_at_server_time("streak", user); }
  // A threaded answer to `thread`, waited for until the bot replied in the thread.
  void answer(const std::string& thread, const std::string& user, int variant) {
    static int event_seq = 0;
    const size_t before = replies_in(thread);
    auto r = signed_post(envelope(answer_event(thread, user, good_answer(variant)),
                                  "EvClock" + std::to_string(++event_seq))
                             .dump(),
                         kJsonType);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    ASSERT_TRUE(eventually([&] { return replies_in(thread) == before + 1; })) << server->log();
  }
  size_t replies_in(const std::string& thread) {
    size_t n = 0;
    for (const auto& c : slack.calls("chat.postMessage")) n += c.args.value("thread_ts", "") == thread;
    return n;
  }
  std::optional<starcoach::storage::DailyPost> stored_post(const std::string& date) {
    starcoach::storage::Store store(server->env()["STARCOACH_DB"]);
    return store.daily_for_date(kChannel, date);
  }

  std::unique_ptr<FakeClock> clock_;
};

// The mechanism itself: the binary sees the faked date, and a running server follows the file.
TEST_F(ClockControl, TheBinarySeesTheFakedClock) {
  schedule("09:30", "UTC", "daily");
  EXPECT_NE(post_daily_at("2026-03-06 09:00:00", true).find("for 2026-03-06"), std::string::npos);
  clock_->set("2031-07-04 12:00:00");
  start();
  // A request signed with the real clock is 5 years off for this server: refused.
  auto stale = server->client()->Post("/slack/events", slack_headers(kSecret, "{}"), "{}", kJsonType);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 401);
  EXPECT_NE(streak_of("UCLOCK").find("streak"), std::string::npos);
  // The scheduler ran at the faked time: 2031-07-04 12:00 is past 09:30, so it posted.
  ASSERT_TRUE(eventually([&] { return daily_posts() == 2; }));
  server->terminate();
  EXPECT_TRUE(stored_post("2031-07-04").has_value());
}

// Weekdays in the schedule's zone, not UTC: Friday evening in Los Angeles is Saturday in UTC.
TEST_F(ClockControl, WeekdaySchedulePostsNothingOnTheWeekend) {
  schedule("09:30", "America/Los_Angeles", "weekdays");
  // Fri 2026-03-06 19:30 PST = Sat 03:30 UTC: still Friday locally, and due.
  EXPECT_NE(post_daily_at("2026-03-07 03:30:00").find("Posted today's question"), std::string::npos);
  // Sat and Sun 10:00 PST (18:00 UTC): not posting days.
  EXPECT_NE(post_daily_at("2026-03-07 18:00:00").find("Not due: today's question (2026-03-07)"), std::string::npos);
  EXPECT_NE(post_daily_at("2026-03-08 17:00:00").find("Not due: today's question (2026-03-08)"), std::string::npos);
  // Mon 2026-03-09 is on PDT (UTC-7): 09:29 local is not due, 09:30 is.
  EXPECT_NE(post_daily_at("2026-03-09 16:29:00").find("Not due"), std::string::npos);
  EXPECT_NE(post_daily_at("2026-03-09 16:30:00").find("for 2026-03-09"), std::string::npos);
  EXPECT_EQ(daily_posts(), 2u);
}

// America/New_York jumps from 02:00 EST to 03:00 EDT on 2026-03-08: 02:30 never happens.
TEST_F(ClockControl, SpringForwardPostsOnceAtTheFirstMomentAfterTheGap) {
  schedule("02:30", "America/New_York", "daily");
  // The day before, a normal day: 02:29 EST not due, 02:30 EST (07:30 UTC) due.
  EXPECT_NE(post_daily_at("2026-03-07 07:29:00").find("Not due"), std::string::npos);
  EXPECT_NE(post_daily_at("2026-03-07 07:30:00").find("for 2026-03-07"), std::string::npos);
  // The DST day: 01:59 EST (06:59 UTC) not due; one real minute later it is 03:00 EDT: due.
  EXPECT_NE(post_daily_at("2026-03-08 06:59:00").find("Not due: today's question (2026-03-08)"), std::string::npos);
  // The running server crosses the gap itself, and posts exactly once.
  clock_->set("2026-03-08 06:59:30");
  start();
  std::this_thread::sleep_for(kTick);
  EXPECT_EQ(daily_posts(), 1u) << "01:59:30 EST is before the posting time";
  clock_->set("2026-03-08 07:00:00");  // 03:00 EDT
  EXPECT_TRUE(posts_become(2));
  clock_->set("2026-03-08 08:00:00");  // 04:00 EDT: still the same local date
  std::this_thread::sleep_for(kTick);
  EXPECT_EQ(daily_posts(), 2u);
  server->terminate();
  EXPECT_NE(post_daily_at("2026-03-08 08:00:00").find("Already posted: today's question (2026-03-08)"), std::string::npos);
  // The day after, on EDT: 02:30 EDT is 06:30 UTC.
  EXPECT_NE(post_daily_at("2026-03-09 06:29:00").find("Not due"), std::string::npos);
  EXPECT_NE(post_daily_at("2026-03-09 06:30:00").find("for 2026-03-09"), std::string::npos);
  EXPECT_EQ(daily_posts(), 3u);
}

// America/New_York falls back from 02:00 EDT to 01:00 EST on 2026-11-01: 01:30 happens twice.
TEST_F(ClockControl, FallBackPostsOnceAlthoughThePostingTimeHappensTwice) {
  schedule("01:30", "America/New_York", "daily");
  EXPECT_NE(post_daily_at("2026-11-01 05:29:00").find("Not due: today's question (2026-11-01)"), std::string::npos);
  clock_->set("2026-11-01 05:29:50");  // 01:29:50 EDT
  start();
  clock_->set("2026-11-01 05:30:00");  // 01:30 EDT, the first time
  EXPECT_TRUE(posts_become(1));
  clock_->set("2026-11-01 06:00:00");  // 01:00 EST, the hour again: before the posting time
  std::this_thread::sleep_for(kTick);
  clock_->set("2026-11-01 06:30:00");  // 01:30 EST, the second time
  std::this_thread::sleep_for(kTick);
  EXPECT_EQ(daily_posts(), 1u);
  server->terminate();
  EXPECT_NE(post_daily_at("2026-11-01 06:30:00").find("Already posted: today's question (2026-11-01)"), std::string::npos);
  EXPECT_NE(post_daily_at("2026-11-01 06:30:00", true).find("Already posted"), std::string::npos)
      << "--force still posts once per local date";
  // The day after, on EST: 01:30 EST is 06:30 UTC.
  EXPECT_NE(post_daily_at("2026-11-02 06:29:00").find("Not due"), std::string::npos);
  EXPECT_NE(post_daily_at("2026-11-02 06:30:00").find("for 2026-11-02"), std::string::npos);
  EXPECT_EQ(daily_posts(), 2u);
}

// Down at posting time: a server started later that day posts then; days it missed stay missed.
TEST_F(ClockControl, ServeStartedLaterTheSameDayCatchesUpWithoutBackfilling) {
  schedule("09:30", "UTC", "weekdays");
  clock_->set("2026-03-09 09:29:00");  // Monday, before the posting time
  start();
  std::this_thread::sleep_for(kTick);
  EXPECT_EQ(daily_posts(), 0u);
  clock_->set("2026-03-09 09:30:00");
  EXPECT_TRUE(posts_become(1));
  server->terminate();
  // Down all Tuesday; back on Wednesday afternoon.
  clock_->set("2026-03-11 15:00:00");
  start();
  EXPECT_TRUE(posts_become(2));
  // Restarted the same day: nothing more.
  server->terminate();
  clock_->set("2026-03-11 16:00:00");
  start();
  std::this_thread::sleep_for(kTick);
  EXPECT_EQ(daily_posts(), 2u);
  server->terminate();
  EXPECT_TRUE(stored_post("2026-03-09").has_value());
  EXPECT_FALSE(stored_post("2026-03-10").has_value()) << "Tuesday was back-filled";
  EXPECT_TRUE(stored_post("2026-03-11").has_value());
}

// Streaks count daily posts: a weekend without posts keeps them, a missed posting day breaks them.
TEST_F(ClockControl, StreaksSurviveWeekendsAndBreakOnAMissedPostingDay) {
  schedule("09:30", "UTC", "weekdays");
  clock_->set("2026-03-06 10:00:00");  // Friday
  start();
  ASSERT_TRUE(posts_become(1));
  answer(last_daily_ts(), "USTREAK", 1);
  EXPECT_NE(streak_of("USTREAK").find("Current streak: 1"), std::string::npos) << streak_of("USTREAK");

  clock_->set("2026-03-07 10:00:00");  // Saturday
  std::this_thread::sleep_for(kTick);
  clock_->set("2026-03-08 10:00:00");  // Sunday
  std::this_thread::sleep_for(kTick);
  EXPECT_EQ(daily_posts(), 1u) << "posted on the weekend";

  clock_->set("2026-03-09 10:00:00");  // Monday
  ASSERT_TRUE(eventually([&] { return daily_posts() == 2; })) << server->log();
  EXPECT_NE(streak_of("USTREAK").find("Current streak: 1"), std::string::npos)
      << "Monday's question not answered yet: the streak still stands";
  answer(last_daily_ts(), "USTREAK", 2);
  EXPECT_NE(streak_of("USTREAK").find("Current streak: 2 · Best streak: 2"), std::string::npos)
      << streak_of("USTREAK");

  clock_->set("2026-03-10 10:00:00");  // Tuesday: posted, not answered
  ASSERT_TRUE(eventually([&] { return daily_posts() == 3; })) << server->log();
  EXPECT_NE(streak_of("USTREAK").find("Current streak: 2"), std::string::npos) << streak_of("USTREAK");

  clock_->set("2026-03-11 10:00:00");  // Wednesday: Tuesday's was missed
  ASSERT_TRUE(eventually([&] { return daily_posts() == 4; })) << server->log();
  EXPECT_NE(streak_of("USTREAK").find("Current streak: 0 · Best streak: 2"), std::string::npos)
      << streak_of("USTREAK");
  answer(last_daily_ts(), "USTREAK", 3);
  EXPECT_NE(streak_of("USTREAK").find("Current streak: 1 · Best streak: 2"), std::string::npos)
      << streak_of("USTREAK");
  const std::string stats = slash_at_server_time("stats", "USTREAK");
  EXPECT_NE(stats.find("Current streak: 1 · Best streak: 2"), std::string::npos) << stats;
  EXPECT_NE(stats.find("Answers: 3"), std::string::npos) << stats;
}

// One question a day through the whole bank: no repeats until it is exhausted, then a new cycle.
TEST_F(ClockControl, QuestionsDoNotRepeatUntilTheBankIsExhausted) {
  schedule("09:30", "UTC", "daily");
  auto listed = cli({"questions", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.describe();
  std::set<std::string> bank;
  for (const auto& q : json::parse(listed.out)) bank.insert(q.at("id").get<std::string>());
  ASSERT_GE(bank.size(), 17u);

  const int64_t first_day = utc("2026-01-01 12:00:00");
  std::vector<std::string> ids;
  for (size_t day = 0; day < 2 * bank.size(); ++day) {
    const std::string when = utc_text(first_day + static_cast<int64_t>(day) * 86400);
    const std::string out = post_daily_at(when, true);
    ASSERT_NE(out.find("for " + when.substr(0, 10)), std::string::npos) << out;
    ids.push_back(last_question_id());
    ASSERT_TRUE(bank.count(ids.back())) << "day " << day << ": '" << ids.back() << "'";
  }
  const std::set<std::string> first(ids.begin(), ids.begin() + static_cast<long>(bank.size()));
  const std::set<std::string> second(ids.begin() + static_cast<long>(bank.size()), ids.end());
  EXPECT_EQ(first, bank) << "a question repeated before the bank was exhausted";
  EXPECT_EQ(second, bank) << "the second cycle repeated a question";
}

// Regression: the rotation read only the newest 500 posts, so after 500 posts (about two years
// of weekdays) its idea of the current cycle was wrong and questions repeated within a cycle.
TEST_F(ClockControl, QuestionsDoNotRepeatAfterYearsOfPosts) {
  schedule("09:30", "UTC", "daily");
  auto listed = cli({"questions", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.describe();
  std::vector<std::string> bank;
  for (const auto& q : json::parse(listed.out)) bank.push_back(q.at("id").get<std::string>());
  const size_t n = bank.size();
  // Whole cycles past 500 posts, then 3 posts into the next cycle (chosen so that neither
  // 500 nor the stored count is a multiple of the bank size).
  size_t seeded = ((500 / n) + 1) * n + 3;
  if (seeded % n == 500 % n) seeded += 1;
  const size_t in_cycle = seeded % n;
  {
    starcoach::storage::Store store(server->env()["STARCOACH_DB"]);
    const int64_t day0 = utc("2020-01-01 12:00:00");
    for (size_t i = 0; i < seeded; ++i) {
      const auto claim = store.daily_claim(kChannel, utc_text(day0 + static_cast<int64_t>(i) * 86400).substr(0, 10),
                                           bank[(i % n + i / n) % n], day0 + static_cast<int64_t>(i) * 86400);
      ASSERT_TRUE(claim);
      store.daily_set_ts(claim->id, "1577880000." + std::to_string(100000 + i));
    }
  }
  std::set<std::string> cycle;
  for (size_t i = seeded - in_cycle; i < seeded; ++i) cycle.insert(bank[(i % n + i / n) % n]);
  ASSERT_EQ(cycle.size(), in_cycle);
  const int64_t first_day = utc("2026-01-01 12:00:00");
  for (size_t day = 0; day < n - in_cycle; ++day) {
    post_daily_at(utc_text(first_day + static_cast<int64_t>(day) * 86400), true);
    const std::string id = last_question_id();
    EXPECT_TRUE(cycle.insert(id).second) << "day " << day << ": " << id << " repeated within the cycle";
  }
  EXPECT_EQ(cycle.size(), n);
}
