// All SQL lives in storage/. One Store per process: a SQLite file (WAL, busy timeout,
// foreign keys, versioned migrations) and the repositories the bot needs. Thread-safe: every
// call takes the store's mutex; a Transaction holds it until commit or destruction, so a
// handler's reads and writes for one event land together or not at all.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace SQLite { class Database; class Transaction; }

namespace starcoach::storage {

// Any failure to read or write the database (locked past the busy timeout, disk full,
// read-only file, corrupt file). Callers turn it into "not acknowledged" / 503.
struct StorageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bounds how long storage calls on this thread wait, for the store's lock and for a write
// lock another connection holds, while the object lives (nested: the earliest deadline wins).
// Past the deadline a call throws StorageError instead of waiting on. The request path uses
// it so a locked database is answered 503 within Slack's 3 s instead of after the busy
// timeout (5 s) that background work waits; healthy() bounds itself the same way.
class WaitLimit {
 public:
  explicit WaitLimit(std::chrono::milliseconds budget);
  ~WaitLimit();
  WaitLimit(const WaitLimit&) = delete;
  WaitLimit& operator=(const WaitLimit&) = delete;

 private:
  std::chrono::steady_clock::time_point saved_;
};

struct InboxEvent {
  int64_t id = 0;
  std::string event_id;
  std::string body;        // the raw request body (JSON envelope)
  int64_t received_at = 0; // unix seconds
  int attempts = 0;
};

struct OutboxCall {
  int64_t id = 0;
  std::string method;        // Web API method ("chat.postMessage") or "response_url"
  std::string args_json;     // JSON object of arguments (for response_url: {"url":..,"body":{..}})
  std::string purpose;       // "thread_reply", "ephemeral", "update", "daily_post", "reply", ...
  int64_t answer_id = 0;     // 0 when not about an answer
  int attempts = 0;
  int64_t next_at = 0;
};

struct DailyPost {
  int64_t id = 0;
  std::string channel;
  std::string local_date;    // YYYY-MM-DD in the schedule's zone
  std::string question_id;
  std::string ts;            // Slack ts of the post; empty while the post is pending
  int64_t seq = 0;           // 1, 2, 3... over all daily posts: streaks count these
  int64_t created_at = 0;
};

struct NewAnswer {
  std::string team, channel, ts, user;
  int64_t daily_id = 0;
  std::string text;
  int overall = 0;
  std::string dimensions_json;  // {"structure": 80, ...}
  std::string week_key;         // ISO week of the daily post's local date, "2026-W48"
  std::string month_key;        // "2026-11"
  int64_t created_at = 0;
};

struct Answer {
  int64_t id = 0;
  std::string team, channel, ts, user;
  int64_t daily_id = 0;
  std::string text;
  int overall = 0;
  std::string dimensions_json;
  std::string reply_ts;         // the bot's thread reply, empty until posted
  std::string week_key, month_key;
  int64_t created_at = 0;
};

struct Streak {
  int current = 0;  // consecutive daily posts answered, ending at the latest post (or the one before it when today's is unanswered)
  int best = 0;
};

struct UserStats {
  int answers = 0;              // distinct daily questions answered (several answers to one count once)
  double average = 0;           // mean of the best score per question answered; 0 when none
  int reactions = 0;            // peer reaction points received
  Streak streak;
  std::vector<int> recent;      // best scores of the last 5 answered questions, newest first
  std::string weakest_dimension;// lowest mean dimension score over the user's answers; empty when none
};

enum class Period { Week, Month, All };

struct BoardRow {
  int rank = 0;
  std::string user;
  int answers = 0;
  double average = 0;
  int reactions = 0;
  int streak = 0;       // current streak
  int points = 0;       // see points_formula()
};

struct Board {
  std::vector<BoardRow> top;         // up to `limit` rows, best first
  std::optional<BoardRow> caller;    // the caller's own row (also when outside the top)
  int participants = 0;
};

// "points = 10 per question answered + best score / 10 per question + 2 per peer reaction"
const char* points_formula();

class Store {
 public:
  // Opens (creating if needed) and migrates. Throws StorageError with a clear message.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version();
  // A cheap read and a write probe (waiting at most a second), and room left on the disk;
  // false instead of throwing.
  bool healthy();

  // RAII transaction holding the store's lock; rolls back unless commit() is called.
  class Transaction {
   public:
    explicit Transaction(Store& store);
    ~Transaction();
    void commit();
   private:
    std::unique_lock<std::recursive_timed_mutex> lock_;
    std::unique_ptr<SQLite::Transaction> tx_;
    // Added: a Transaction opened while another is active on the same thread becomes a
    // SAVEPOINT (SQLite has no nested BEGIN), so methods can always open their own.
    Store* store_ = nullptr;
    bool nested_ = false;     // a SAVEPOINT inside an outer Transaction
    bool finished_ = false;   // committed
  };

  // ---- settings made from Slack (win over the environment's defaults)
  std::optional<std::string> setting(const std::string& key);
  void set_setting(const std::string& key, const std::string& value);

  // ---- durable inbox of Events API deliveries
  // true when stored now; false when this event_id was stored before (a duplicate delivery).
  bool inbox_put(const std::string& event_id, const std::string& body, int64_t now);
  std::vector<InboxEvent> inbox_pending(int limit);
  void inbox_done(int64_t id, int64_t now);          // processed: never returned again
  void inbox_failed(int64_t id, const std::string& error, int64_t now);  // attempts++; given up after 5
  int64_t inbox_pending_count();

  // ---- durable outbox of Web API calls
  int64_t outbox_add(const std::string& method, const std::string& args_json,
                     const std::string& purpose, int64_t answer_id, int64_t now);
  std::vector<OutboxCall> outbox_due(int64_t now, int limit);  // pending with next_at <= now, oldest first
  void outbox_done(int64_t id, int64_t now);
  void outbox_retry(int64_t id, int64_t next_at, const std::string& error);  // attempts++
  void outbox_failed(int64_t id, const std::string& error);                  // given up
  int64_t outbox_pending_count();
  bool outbox_has_pending(int64_t answer_id, const std::string& purpose);

  // ---- daily posts: one per (channel, local_date), enforced by a UNIQUE index
  // Claims the day's post; nullopt when (channel, local_date) is already claimed.
  std::optional<DailyPost> daily_claim(const std::string& channel, const std::string& local_date,
                                       const std::string& question_id, int64_t now);
  void daily_set_ts(int64_t id, const std::string& ts);
  void daily_release(int64_t id);  // the post failed: forget the claim so it can be tried again
  std::optional<DailyPost> daily_for_date(const std::string& channel, const std::string& local_date);
  std::optional<DailyPost> daily_by_ts(const std::string& channel, const std::string& ts);
  std::optional<DailyPost> daily_latest(const std::string& channel);
  std::optional<DailyPost> daily_by_id(int64_t id);
  // question ids of a channel's posts, newest first
  std::vector<std::string> daily_question_history(const std::string& channel, int limit);

  // ---- answers (unique by team, channel, ts)
  std::optional<int64_t> answer_insert(const NewAnswer& a);  // nullopt: already stored
  std::optional<Answer> answer_by_ts(const std::string& team, const std::string& channel,
                                     const std::string& ts);
  std::optional<Answer> answer_by_id(int64_t id);
  void answer_rescore(int64_t id, const std::string& text, int overall,
                      const std::string& dimensions_json);
  void answer_delete(int64_t id);          // also its reactions; boards and streaks follow
  void answer_set_reply_ts(int64_t id, const std::string& reply_ts);
  // How many stored answers this user has for this daily post (to say "your best counts").
  int answers_by_user_for_daily(const std::string& team, const std::string& user, int64_t daily_id);

  // ---- peer reactions: one point per distinct (answer, reactor, emoji); self-reactions never count
  // true when a point was added / removed.
  bool reaction_add(const std::string& team, const std::string& channel, const std::string& item_ts,
                    const std::string& reactor, const std::string& emoji, int64_t now);
  bool reaction_remove(const std::string& team, const std::string& channel,
                       const std::string& item_ts, const std::string& reactor,
                       const std::string& emoji);

  // ---- streaks, stats, boards
  Streak streak(const std::string& team, const std::string& user);
  UserStats user_stats(const std::string& team, const std::string& user);
  // period_key: week_key for Week, month_key for Month, ignored for All.
  Board leaderboard(const std::string& team, Period period, const std::string& period_key,
                    const std::string& caller, int limit = 10);
  // Users with the longest current streaks (for the daily post), longest first.
  std::vector<BoardRow> streak_leaders(const std::string& team, int limit);

  // Added: recomputes every rollup table (per user+question bests, per user+period
  // aggregates, streaks) from the answers and reactions tables. The incremental path keeps
  // them equal to this at all times; tests compare the two, and bulk loads can call it once.
  void rebuild_rollups();

  // Added: bulk loading (benchmarks, imports). Holds one Transaction; answers and reactions
  // go in with the same uniqueness and self-reaction rules as answer_insert/reaction_add but
  // without per-row rollup upkeep, and finish() rebuilds every rollup from the source
  // tables before committing, so the result is exactly what the normal path produces.
  // Boards read through this Store before finish() are stale. Destroyed without finish():
  // everything is rolled back.
  class BulkLoad {
   public:
    explicit BulkLoad(Store& store);
    ~BulkLoad();
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;
    std::optional<int64_t> add_answer(const NewAnswer& a);
    bool add_reaction(const std::string& team, const std::string& channel,
                      const std::string& item_ts, const std::string& reactor,
                      const std::string& emoji, int64_t now);
    void finish();
   private:
    Store& store_;
    std::unique_ptr<Transaction> tx_;
  };

  // For tests and benchmarks: raw access.
  SQLite::Database& db();

  struct Impl;  // statement cache, transaction depth, file path (storage/internal.h)

 private:
  friend class Transaction;
  std::recursive_timed_mutex mutex_;  // timed: see WaitLimit
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace starcoach::storage
