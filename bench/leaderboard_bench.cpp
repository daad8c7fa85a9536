// Leaderboard over 1,000,000 stored answers (SPEC target: under 20 ms).
//
// Fills a temporary database file with 365 daily posts, 10,000 users,
// STARCOACH_BENCH_ANSWERS answers (default 1,000,000; several answers by one user to one post
// happen naturally and count once) and STARCOACH_BENCH_REACTIONS peer reactions (default 30%
// of the answers), then times leaderboard() for week, month and all time, user_stats(),
// streak(), streak_leaders(), and one answer_insert() on the full database.
//
// The fill goes through Store::BulkLoad (plain inserts, then one rollup rebuild; tests
// check it yields the same rollups as the per-row path). STARCOACH_BENCH_FILL=api uses
// answer_insert()/reaction_add() instead, batched one transaction per day.
//
//   ./build/bench/leaderboard_bench                               full size
//   STARCOACH_BENCH_ANSWERS=50000 ./build/bench/leaderboard_bench quick check
//   STARCOACH_BENCH_DB=/path/file.db keeps the file (and reuses it when already filled)
#include <SQLiteCpp/Database.h>
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "storage/store.h"

namespace {

using starcoach::storage::Board;
using starcoach::storage::NewAnswer;
using starcoach::storage::Period;
using starcoach::storage::Store;

constexpr int kPosts = 365;
constexpr int kUsers = 10000;
const std::string kTeam = "T0BENCH";
const std::string kChannel = "C0BENCH";

int64_t env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long long n = std::strtoll(v, &end, 10);
  if (*end != '\0' || n < 0) {
    std::fprintf(stderr, "%s must be a non-negative integer, got '%s'\n", name, v);
    std::exit(2);
  }
  return n;
}

std::string user_id(int u) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U%07d", u);
  return buf;
}

// Day d of 2025 (0-based). 2024-12-30 is the Monday that starts ISO week 2025-W01, and
// 2025-12-29 starts 2026-W01.
std::string week_key(int d) {
  const int since_monday = d + 2;
  const int week = since_monday / 7 + 1;
  if (week > 52) return "2026-W01";
  char buf[16];
  std::snprintf(buf, sizeof buf, "2025-W%02d", week);
  return buf;
}

std::string date_of(int d) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{2025} / January / 1} + days{d}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string answer_ts(int post, int i) {
  return std::to_string(1735700000 + post * 86400) + "." + std::to_string(100000 + i);
}

struct Fixture {
  std::unique_ptr<Store> store;
  std::string path;
  bool remove_after = false;
  int64_t answers = 0;
  int64_t reactions = 0;
  std::string mid_user;  // a caller somewhere in the middle of the board
} g;

// Feeds answers and reactions to either the bulk loader or the per-row API.
class Sink {
 public:
  Sink(Store& s, bool api) : s_(s), api_(api) {
    if (!api_) bulk_ = std::make_unique<Store::BulkLoad>(s_);
  }
  void begin_day() {
    if (api_) tx_ = std::make_unique<Store::Transaction>(s_);
  }
  void end_day() {
    if (tx_) tx_->commit();
    tx_.reset();
  }
  void answer(const NewAnswer& a) {
    if (api_) {
      s_.answer_insert(a);
    } else {
      bulk_->add_answer(a);
    }
  }
  void reaction(const std::string& ts, const std::string& reactor, const char* emoji) {
    if (api_) {
      s_.reaction_add(kTeam, kChannel, ts, reactor, emoji, 1735700000);
    } else {
      bulk_->add_reaction(kTeam, kChannel, ts, reactor, emoji, 1735700000);
    }
  }
  void finish() {
    if (bulk_) bulk_->finish();
  }

 private:
  Store& s_;
  bool api_;
  std::unique_ptr<Store::BulkLoad> bulk_;
  std::unique_ptr<Store::Transaction> tx_;
};

void fill(Store& s, int64_t answers, int64_t reactions, bool api) {
  std::mt19937_64 rng(42);
  const int64_t per_post = answers / kPosts;
  const int64_t extra = answers % kPosts;
  std::uniform_int_distribution<int> user_dist(0, kUsers - 1);
  std::uniform_int_distribution<int> score_dist(15, 98);
  const char* dims[] = {"structure", "result", "ownership", "hardening", "communication"};
  const char* emojis[] = {"clap", "fire", "star", "100", "rocket"};

  // Posts are claimed up front through the normal API (they are few).
  std::vector<int64_t> post_ids;
  for (int p = 0; p < kPosts; ++p) {
    auto post = s.daily_claim(kChannel, date_of(p), "q" + std::to_string(p % 17),
                              1735700000 + p * 86400);
    s.daily_set_ts(post->id, std::to_string(1735700000 + p * 86400) + ".000100");
    post_ids.push_back(post->id);
  }

  const auto t0 = std::chrono::steady_clock::now();
  Sink sink(s, api);
  for (int p = 0; p < kPosts; ++p) {
    const std::string date = date_of(p);
    sink.begin_day();
    const int64_t n = per_post + (p < extra ? 1 : 0);
    for (int64_t i = 0; i < n; ++i) {
      NewAnswer a;
      a.team = kTeam;
      a.channel = kChannel;
      a.ts = answer_ts(p, static_cast<int>(i));
      a.user = user_id(user_dist(rng));
      a.daily_id = post_ids[p];
      a.text = "bench answer";
      a.overall = score_dist(rng);
      a.dimensions_json = "{";
      for (int k = 0; k < 5; ++k) {
        a.dimensions_json += std::string(k ? ", " : "") + "\"" + dims[k] +
                             "\": " + std::to_string(score_dist(rng));
      }
      a.dimensions_json += "}";
      a.week_key = week_key(p);
      a.month_key = date.substr(0, 7);
      a.created_at = 1735700000 + p * 86400 + i;
      sink.answer(a);
    }
    sink.end_day();
  }
  const auto t1 = std::chrono::steady_clock::now();
  for (int64_t done = 0; done < reactions;) {
    sink.begin_day();
    for (int64_t i = 0; i < 20000 && done < reactions; ++i, ++done) {
      const int p = static_cast<int>(rng() % kPosts);
      const int64_t n = per_post + (p < extra ? 1 : 0);
      if (n == 0) continue;
      sink.reaction(answer_ts(p, static_cast<int>(rng() % n)), user_id(user_dist(rng)),
                    emojis[rng() % 5]);
    }
    sink.end_day();
  }
  const auto t2 = std::chrono::steady_clock::now();
  sink.finish();
  const auto t3 = std::chrono::steady_clock::now();
  auto secs = [](auto d) { return std::chrono::duration<double>(d).count(); };
  std::fprintf(stderr,
               "fill (%s): %lld answers %.1f s, %lld reactions %.1f s, rollup rebuild + commit "
               "%.1f s\n",
               api ? "per-row API" : "bulk", static_cast<long long>(answers), secs(t1 - t0),
               static_cast<long long>(reactions), secs(t2 - t1), secs(t3 - t2));
}

void setup() {
  g.answers = env_int("STARCOACH_BENCH_ANSWERS", 1000000);
  g.reactions = env_int("STARCOACH_BENCH_REACTIONS", g.answers * 3 / 10);
  if (const char* p = std::getenv("STARCOACH_BENCH_DB"); p && *p) {
    g.path = p;
  } else {
    g.path = (std::filesystem::temp_directory_path() /
              ("starcoach-leaderboard-bench-" + std::to_string(::getpid()) + ".db"))
                 .string();
    g.remove_after = true;
  }
  const auto t0 = std::chrono::steady_clock::now();
  g.store = std::make_unique<Store>(g.path);
  // Loading tuning for this connection only (the Store keeps SQLite's defaults): a page
  // cache that holds the working set and in-memory sorts for the rollup rebuild.
  g.store->db().exec("PRAGMA cache_size = -" +
                     std::to_string(env_int("STARCOACH_BENCH_CACHE_MB", 512) * 1024));
  g.store->db().exec("PRAGMA temp_store = MEMORY");
  const bool filled = g.store->daily_latest(kChannel).has_value();
  if (filled) {
    std::fprintf(stderr, "reusing filled database %s\n", g.path.c_str());
  } else {
    const char* mode = std::getenv("STARCOACH_BENCH_FILL");
    fill(*g.store, g.answers, g.reactions, mode && std::string(mode) == "api");
  }
  // Queries are timed with the production settings (SQLite's default 2 MB page cache).
  g.store->db().exec("PRAGMA cache_size = -2000");
  g.store->db().exec("PRAGMA temp_store = DEFAULT");
  const auto t1 = std::chrono::steady_clock::now();
  std::fprintf(stderr, "setup total: %.1f s (%s)\n", std::chrono::duration<double>(t1 - t0).count(),
               g.path.c_str());

  Board all = g.store->leaderboard(kTeam, Period::All, "", "", kUsers);
  if (!all.top.empty()) g.mid_user = all.top[all.top.size() / 2].user;
  std::fprintf(stderr, "participants all time: %d, top: %s %d points, caller %s\n",
               all.participants, all.top.empty() ? "-" : all.top[0].user.c_str(),
               all.top.empty() ? 0 : all.top[0].points, g.mid_user.c_str());
}

void teardown() {
  g.store.reset();
  if (g.remove_after) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(g.path + suffix);
  }
}

void BM_Leaderboard(benchmark::State& state, Period period, std::string key) {
  int participants = 0;
  for (auto _ : state) {
    Board b = g.store->leaderboard(kTeam, period, key, g.mid_user, 10);
    participants = b.participants;
    benchmark::DoNotOptimize(b);
  }
  state.counters["participants"] = participants;
}

void BM_UserStats(benchmark::State& state) {
  int n = 0;
  for (auto _ : state) {
    auto st = g.store->user_stats(kTeam, user_id(n++ % kUsers));
    benchmark::DoNotOptimize(st);
  }
}

void BM_Streak(benchmark::State& state) {
  int n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g.store->streak(kTeam, user_id(n++ % kUsers)));
}

// The per-row write path on the full database: one answer with its rollup upkeep.
void BM_AnswerInsert(benchmark::State& state) {
  const int64_t daily = g.store->daily_latest(kChannel)->id;
  int n = 0;
  for (auto _ : state) {
    NewAnswer a;
    a.team = kTeam;
    a.channel = kChannel;
    a.ts = "bench-insert." + std::to_string(n);
    a.user = user_id((n * 7919) % kUsers);
    ++n;
    a.daily_id = daily;
    a.text = "bench answer";
    a.overall = 50 + n % 40;
    a.dimensions_json = R"({"structure": 60})";
    a.week_key = week_key(kPosts - 1);
    a.month_key = "2025-12";
    benchmark::DoNotOptimize(g.store->answer_insert(a));
  }
}

void BM_StreakLeaders(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(g.store->streak_leaders(kTeam, 5));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  try {
    setup();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leaderboard_bench: %s\n", e.what());
    teardown();
    return 1;
  }
  // Mid-year week and month: about 1/52 and 1/12 of the answers.
  benchmark::RegisterBenchmark("leaderboard/week", BM_Leaderboard, Period::Week, week_key(180))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("leaderboard/month", BM_Leaderboard, Period::Month,
                               date_of(180).substr(0, 7))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("leaderboard/all", BM_Leaderboard, Period::All, std::string())
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("user_stats", BM_UserStats)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("streak", BM_Streak)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("streak_leaders", BM_StreakLeaders)->Unit(benchmark::kMillisecond);
  // Last: it adds answers to the database.
  benchmark::RegisterBenchmark("answer_insert", BM_AnswerInsert)->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  teardown();
  return 0;
}
