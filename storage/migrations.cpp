// Numbered schema migrations. PRAGMA user_version holds the number of the last one applied;
// each migration runs in its own IMMEDIATE transaction together with the version bump, so a
// crash mid-migration leaves the previous version intact and two processes starting at once
// cannot both apply the same step (the second re-reads the version under the write lock).
//
// Never edit a migration that has shipped: append a new one.
#include <SQLiteCpp/Transaction.h>

#include <iterator>
#include <string>

#include "storage/internal.h"

namespace starcoach::storage {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// v1: settings, health probe, durable inbox and outbox.
constexpr const char* kMigration1 = R"SQL(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row; healthy() rewrites it to prove the file is writable.
CREATE TABLE heartbeat (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  beat INTEGER NOT NULL
);
INSERT INTO heartbeat (id, beat) VALUES (1, 0);

-- state: 0 pending, 1 done, 2 given up. Done rows keep their event_id so a late Slack
-- retry is still recognised as a duplicate (their body is emptied); they are pruned after two
-- days. Given-up rows keep their body for the operator.
CREATE TABLE inbox (
  id          INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL UNIQUE,
  body        TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  state       INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inbox_pending ON inbox (state, received_at, id);
CREATE INDEX inbox_finished ON inbox (state, finished_at);

-- state: 0 pending, 1 done, 2 failed (given up).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  method      TEXT NOT NULL,
  args_json   TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  answer_id   INTEGER NOT NULL DEFAULT 0,
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL,
  state       INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE INDEX outbox_finished ON outbox (state, finished_at);
CREATE INDEX outbox_answer ON outbox (answer_id, purpose) WHERE state = 0;
)SQL";

// v2: daily posts, answers, reactions.
constexpr const char* kMigration2 = R"SQL(
-- UNIQUE (channel, local_date) is what makes "one post per channel and day" hold across
-- processes sharing the file. seq numbers all posts 1, 2, 3... without gaps; streaks count it.
CREATE TABLE daily_posts (
  id          INTEGER PRIMARY KEY,
  channel     TEXT NOT NULL,
  local_date  TEXT NOT NULL,
  question_id TEXT NOT NULL,
  ts          TEXT NOT NULL DEFAULT '',
  seq         INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (channel, local_date)
);
CREATE UNIQUE INDEX daily_posts_seq ON daily_posts (seq);
CREATE INDEX daily_posts_ts ON daily_posts (channel, ts);

CREATE TABLE answers (
  id              INTEGER PRIMARY KEY,
  team            TEXT NOT NULL,
  channel         TEXT NOT NULL,
  ts              TEXT NOT NULL,
  user            TEXT NOT NULL,
  daily_id        INTEGER NOT NULL REFERENCES daily_posts (id),
  text            TEXT NOT NULL,
  overall         INTEGER NOT NULL,
  dimensions_json TEXT NOT NULL,
  reply_ts        TEXT NOT NULL DEFAULT '',
  week_key        TEXT NOT NULL,
  month_key       TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (team, channel, ts)
);
-- Best answer of a user for a question: first row of this index range.
CREATE INDEX answers_user_daily ON answers (team, user, daily_id, overall DESC, id);
CREATE INDEX answers_daily ON answers (daily_id);

-- One point per distinct (answer, reactor, emoji).
CREATE TABLE reactions (
  answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  reactor    TEXT NOT NULL,
  emoji      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (answer_id, reactor, emoji)
) WITHOUT ROWID;
)SQL";

// v3: rollups maintained in the same transaction as every answer/reaction change, so
// boards and stats never scan the answers table.
constexpr const char* kMigration3 = R"SQL(
-- One row per (team, user, question answered): the best answer counts, once.
-- reactions = peer points received on all of the user's answers to that question.
CREATE TABLE user_daily (
  team           TEXT NOT NULL,
  user           TEXT NOT NULL,
  daily_id       INTEGER NOT NULL,
  week_key       TEXT NOT NULL,
  month_key      TEXT NOT NULL,
  best           INTEGER NOT NULL,
  best_answer_id INTEGER NOT NULL,
  answers        INTEGER NOT NULL,
  reactions      INTEGER NOT NULL,
  PRIMARY KEY (team, user, daily_id)
) WITHOUT ROWID;

-- Per (team, period, user) sums of user_daily rows. kind: 0 week, 1 month, 2 all time
-- (period_key ''). points = 10 * answers + tenths_sum + 2 * reactions, as points_formula()
-- says (best score / 10 is integer division per question, summed in tenths_sum);
-- average = score_sum / answers. Both are plain columns written with the sums (rollups.cpp)
-- rather than generated ones: SQLite does not treat an index on generated columns as
-- covering, and the rank count must not visit the table.
CREATE TABLE user_period (
  team       TEXT NOT NULL,
  kind       INTEGER NOT NULL,
  period_key TEXT NOT NULL,
  user       TEXT NOT NULL,
  answers    INTEGER NOT NULL,
  score_sum  INTEGER NOT NULL,
  tenths_sum INTEGER NOT NULL,
  reactions  INTEGER NOT NULL,
  points     INTEGER NOT NULL,
  average    REAL NOT NULL,
  PRIMARY KEY (team, kind, period_key, user)
) WITHOUT ROWID;
-- The board order itself: a leaderboard page is an index range read.
CREATE INDEX user_period_rank ON user_period (team, kind, period_key, points DESC, average DESC, user);

-- The run of consecutive answered posts ending at the user's latest answered post.
CREATE TABLE user_streak (
  team     TEXT NOT NULL,
  user     TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  run      INTEGER NOT NULL,
  best     INTEGER NOT NULL,
  PRIMARY KEY (team, user)
) WITHOUT ROWID;
CREATE INDEX user_streak_current ON user_streak (team, last_seq);
)SQL";

constexpr Migration kMigrations[] = {
    {1, kMigration1},
    {2, kMigration2},
    {3, kMigration3},
};

constexpr const char* kReadVersion = "PRAGMA user_version";

int read_version(SQLite::Database& db) { return db.execAndGet(kReadVersion).getInt(); }

}  // namespace

int latest_schema_version() { return std::size(kMigrations); }

void migrate(SQLite::Database& db) {
  if (read_version(db) > latest_schema_version()) {
    throw StorageError("database schema version " + std::to_string(read_version(db)) +
                       " is newer than this starcoach supports (" +
                       std::to_string(latest_schema_version()) + "): upgrade starcoach");
  }
  for (const Migration& m : kMigrations) {
    if (read_version(db) >= m.version) continue;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (read_version(db) >= m.version) continue;  // another process got there first
    db.exec(m.sql);
    // PRAGMA takes no bound parameters; the value is our own integer constant.
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace starcoach::storage
