// Shared by the handler fuzz targets: an in-process Slack Web API fake (no network) and one
// in-memory Store per process, seeded once with the rows the fixtures refer to (daily posts,
// answers) so the deep paths (scoring a threaded answer, re-scoring an edit, deleting,
// counting a reaction) are reachable from a single request.
//
// Every input runs inside an outer Store::Transaction that is never committed: the handlers'
// own transactions become SAVEPOINTs inside it and everything an input wrote is rolled back.
// Each input therefore starts from the same database (a crash reproduces from its input
// alone) and the database does not grow over millions of executions.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "handlers/context.h"
#include "handlers/slack_api.h"
#include "storage/store.h"

namespace starcoach::fuzz {

// Answers like Slack would, records nothing (so memory stays flat).
class FakeApi : public handlers::SlackApi {
 public:
  handlers::ApiResult call(const std::string& method, const nlohmann::json& args) override {
    handlers::ApiResult r;
    r.ok = true;
    r.http_status = 200;
    r.body = {{"ok", true}};
    if (method == "chat.postMessage") r.body["ts"] = "1795000000." + std::to_string(100000 + ++seq_);
    if (method == "users.info")
      r.body["user"] = {{"id", args.value("user", "")}, {"is_admin", args.value("user", "") == "UWSADMIN"}};
    if (method == "auth.test") r.body.update({{"user_id", "UBOT"}, {"team_id", "T111"}});
    // Serialised as bot/slack_web_client.cpp does (invalid UTF-8 replaced, never a throw).
    (void)args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
  }
  handlers::ApiResult respond(const std::string&, const nlohmann::json& message) override {
    (void)message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    handlers::ApiResult r;
    r.ok = true;
    r.http_status = 200;
    return r;
  }
  void reset() { seq_ = 0; }

 private:
  int seq_ = 0;
};

inline constexpr int64_t kNow = 1795000000;  // Wednesday 2026-11-18 11:06:40 UTC

// Rows the fixtures (and the generated seeds) point at.
inline void seed_store(storage::Store& store) {
  storage::Store::Transaction tx(store);
  struct Post { const char* channel; const char* date; const char* question; const char* ts; };
  const Post posts[] = {
      {"C111", "2024-09-12", "pipeline-broke", "1726133698.626339"},            // bolt thread reply
      {"C123ABC456", "2012-12-14", "bad-data-downstream", "1355517500.000001"},  // docs events
      {"CPRACTICE", "2026-11-18", "pipeline-broke", "1795000000.000100"},       // generated seeds
  };
  int64_t first_daily = 0;
  for (const auto& p : posts) {
    auto claimed = store.daily_claim(p.channel, p.date, p.question, kNow - 3600);
    if (!claimed) continue;
    store.daily_set_ts(claimed->id, p.ts);
    if (!first_daily) first_daily = claimed->id;
  }
  auto daily = store.daily_by_ts("C123ABC456", "1355517500.000001");
  struct Ans { const char* team; const char* channel; const char* ts; const char* user; bool replied; };
  const Ans answers[] = {
      {"T123ABC456", "C123ABC456", "1355517523.000005", "U123ABC456", true},   // edited in fixture
      {"T123ABC456", "C123ABC456", "1358878749.000002", "U123ABC456", true},   // deleted in fixture
      {"T123ABC456", "C123ABC456", "1360782400.498405", "U222222222", false},  // reacted to
      {"T111", "C111", "1665102338.901939", "U222", false},                    // bolt edit
  };
  for (const auto& a : answers) {
    storage::NewAnswer n;
    n.team = a.team;
    n.channel = a.channel;
    n.ts = a.ts;
    n.user = a.user;
    n.daily_id = daily ? daily->id : first_daily;
    n.text = "We lost a day of orders when the nightly load broke; I fixed it.";
    n.overall = 42;
    n.dimensions_json = R"({"structure":40,"result":30})";
    n.week_key = "2012-W50";
    n.month_key = "2012-12";
    n.created_at = kNow - 600;
    if (auto id = store.answer_insert(n); id && a.replied) store.answer_set_reply_ts(*id, "1355517600.000009");
  }
  store.set_setting("team_id", "T123ABC456");
  tx.commit();
}

struct World {
  storage::Store store{":memory:"};
  FakeApi api;
  World() { seed_store(store); }
};

// The process-wide store (created on first use).
inline World& world() {
  static World* w = new World();  // never destroyed: no teardown order issues at exit
  return *w;
}

// A fresh context over the shared store: cheap, and no in-memory state (admin cache) leaks
// from one input into the next.
inline std::unique_ptr<handlers::AppContext> make_context(World& w) {
  w.api.reset();
  auto ctx = std::make_unique<handlers::AppContext>(w.store, w.api);
  ctx->now = [] { return kNow; };
  ctx->defaults.channel = "CPRACTICE";
  ctx->defaults.tz = "UTC";
  ctx->defaults.hour = 9;
  ctx->defaults.minute = 30;
  ctx->defaults.weekdays_only = true;
  ctx->admins = {"UADMIN", "U2147483697"};
  ctx->bot_user_id = [] { return std::string("UBOT"); };
  ctx->defer = [](std::function<void()> task) { task(); };
  return ctx;
}

[[noreturn]] inline void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "FUZZ FAILURE: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace starcoach::fuzz
