// An in-process SlackApi for handler tests: records calls, answers like Slack would.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "handlers/context.h"
#include "handlers/slack_api.h"

namespace starcoach::testing {

struct RecordedCall {
  std::string method;
  nlohmann::json args;
};

class FakeApi : public handlers::SlackApi {
 public:
  handlers::ApiResult call(const std::string& method, const nlohmann::json& args) override {
    std::lock_guard lock(mutex_);
    calls.push_back({method, args});
    handlers::ApiResult r;
    if (!fail_with.empty()) {
      r.error = fail_with;
      r.http_status = 200;
      return r;
    }
    r.ok = true;
    r.http_status = 200;
    r.body = {{"ok", true}};
    if (method == "chat.postMessage") r.body["ts"] = "1700000000." + std::to_string(100000 + ++seq_);
    if (method == "users.info")
      r.body["user"] = {{"id", args.value("user", "")}, {"is_admin", workspace_admin}};
    if (method == "auth.test") r.body.update({{"user_id", "UBOT"}, {"team_id", "T1"}});
    return r;
  }
  handlers::ApiResult respond(const std::string& url, const nlohmann::json& message) override {
    std::lock_guard lock(mutex_);
    responses.push_back({url, message});
    handlers::ApiResult r;
    r.ok = true;
    return r;
  }
  size_t count(const std::string& method) {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (const auto& c : calls) n += c.method == method;
    return n;
  }

  std::vector<RecordedCall> calls;
  std::vector<RecordedCall> responses;  // method holds the response_url
  std::string fail_with;                // ok:false with this error for every call
  bool workspace_admin = false;

 private:
  std::mutex mutex_;
  int seq_ = 0;
};

// A context over an in-memory store and the fake, with a settable clock.
struct Harness {
  storage::Store store{":memory:"};
  FakeApi api;
  handlers::AppContext ctx{store, api};
  int64_t clock = 1795000000;  // Wednesday 2026-11-18 11:06:40 UTC
  Harness() {
    ctx.now = [this] { return clock; };
    ctx.defaults.channel = "CPRACTICE";
    ctx.defaults.tz = "UTC";
    ctx.defaults.hour = 9;
    ctx.defaults.minute = 30;
    ctx.defaults.weekdays_only = true;
    ctx.bot_user_id = [] { return std::string("UBOT"); };
  }
};

}  // namespace starcoach::testing
