// Shared helpers for the storage tests: an in-memory store with posted daily questions,
// temporary database files that clean up after themselves, and answer builders.
#pragma once
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "storage/store.h"

namespace starcoach::storage::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("starcoach-storage-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline NewAnswer make_answer(const std::string& user, int64_t daily_id, int overall,
                             const std::string& ts, const std::string& week = "2026-W48",
                             const std::string& month = "2026-11") {
  NewAnswer a;
  a.team = "T1";
  a.channel = "C1";
  a.ts = ts;
  a.user = user;
  a.daily_id = daily_id;
  a.text = "answer by " + user;
  a.overall = overall;
  a.dimensions_json = R"({"structure": 70, "result": 60})";
  a.week_key = week;
  a.month_key = month;
  a.created_at = 1700000000;
  return a;
}

// Store on ":memory:" with helpers to post questions and answer them.
class StoreTest : public ::testing::Test {
 protected:
  Store store{":memory:"};
  int ts_counter = 0;

  // Claims and "posts" the daily question for day n (2026-11-01 + n) in channel C1.
  int64_t post(int day) {
    char date[16];
    std::snprintf(date, sizeof date, "2026-11-%02d", day);
    auto p = store.daily_claim("C1", date, "q" + std::to_string(day), 1700000000 + day);
    EXPECT_TRUE(p.has_value());
    store.daily_set_ts(p->id, "1700000000." + std::to_string(day));
    return p->id;
  }

  std::vector<int64_t> posts(int n) {
    std::vector<int64_t> ids;
    for (int d = 1; d <= n; ++d) ids.push_back(post(d));
    return ids;
  }

  std::string next_ts() { return "1800000000." + std::to_string(++ts_counter); }

  int64_t answer(const std::string& user, int64_t daily_id, int overall,
                 const std::string& week = "2026-W48", const std::string& month = "2026-11") {
    auto id = store.answer_insert(make_answer(user, daily_id, overall, next_ts(), week, month));
    EXPECT_TRUE(id.has_value());
    return id.value_or(0);
  }

  // Adds a reaction on answer `answer_id` (looked up for its ts).
  bool react(int64_t answer_id, const std::string& reactor, const std::string& emoji) {
    auto a = store.answer_by_id(answer_id);
    EXPECT_TRUE(a.has_value());
    return store.reaction_add(a->team, a->channel, a->ts, reactor, emoji, 1700000500);
  }
};

}  // namespace starcoach::storage::testing
