// A real fake of Slack's Web API (and of response_url endpoints) for tests: a cpp-httplib
// server on 127.0.0.1 with a free port, started in the constructor and stopped in the
// destructor. It answers canned, documentation-shaped JSON, records every call, and can be
// told per method to misbehave (429 + Retry-After, HTTP 5xx, ok:false, hang).
//
//   FakeSlack slack;
//   SlackWebClient client(slack.api_url(), "xoxb-test");
//   slack.rate_limit("chat.postMessage", 2);      // next call: 429, Retry-After: 2
//   client.call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}});
//   EXPECT_EQ(slack.count("chat.postMessage"), 2u);
//
// Method names are the Web API's ("chat.postMessage"); posts to response_url() are recorded
// under the method name "response_url".
#pragma once
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace starcoach::test {

struct RecordedCall {
  std::string method;      // "chat.postMessage", or "response_url"
  std::string path;        // "/api/chat.postMessage", "/commands/T1/2/abc"
  std::string body;        // raw request body
  nlohmann::json args;     // JSON body, or form fields as a JSON object (null if unparseable)
  httplib::Headers headers;
  std::chrono::steady_clock::time_point at;
  int status = 0;          // HTTP status the fake answered
  nlohmann::json reply;    // JSON the fake answered (null for non-JSON answers)
  std::string fault;       // "" or "ratelimited" / "http_500" / "slack_error:..." / "hang"

  std::string header(const std::string& name) const;  // "" when absent
  std::string bearer() const;                          // token after "Bearer ", "" if none
};

class FakeSlack {
 public:
  FakeSlack();   // listening when it returns
  ~FakeSlack();  // releases hung requests, stops the server
  FakeSlack(const FakeSlack&) = delete;
  FakeSlack& operator=(const FakeSlack&) = delete;

  int port() const { return port_; }
  std::string base_url() const;                                   // http://127.0.0.1:PORT
  std::string api_url() const;                                    // http://127.0.0.1:PORT/api
  std::string response_url(const std::string& tag = "T0FAKE/1/hook") const;  // .../commands/<tag>

  // Faults apply to the next `times` calls of `method` (times < 0: until clear_faults()).
  // Several faults on one method are used in the order given.
  void rate_limit(const std::string& method, int retry_after_seconds, int times = 1);
  void rate_limit_without_header(const std::string& method, int times = 1);
  void http_error(const std::string& method, int status = 500, int times = 1);
  void slack_error(const std::string& method, const std::string& error, int times = -1);
  void hang(const std::string& method, std::chrono::milliseconds duration, int times = 1);
  void clear_faults();

  // Replace the canned ok reply of a method (merged over {"ok": true}).
  void set_reply(const std::string& method, nlohmann::json reply);
  // users.info answers with this user object (merged over the default profile).
  void set_user(const std::string& user_id, nlohmann::json user);
  // When set, calls without "Authorization: Bearer <token>" get ok:false invalid_auth.
  void require_token(const std::string& token);

  std::vector<RecordedCall> calls(const std::string& method = "") const;  // "" = all
  size_t count(const std::string& method = "") const;
  // Waits until at least n calls of `method` were recorded; false on timeout.
  bool wait_for(const std::string& method, size_t n,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  void clear_calls();

 private:
  struct Fault {
    enum Kind { RateLimit, RateLimitNoHeader, Http, SlackError, Hang } kind;
    int number = 0;  // seconds, status or hang milliseconds
    std::string error;
    int times = 1;
  };
  void handle(const httplib::Request& req, httplib::Response& res);
  nlohmann::json canned(const std::string& method, const nlohmann::json& args);
  bool take_fault(const std::string& method, Fault& out);
  void add_fault(const std::string& method, Fault f);

  // httplib::Server with a wider listen backlog (0.11 uses 5, which stalls bursts of connects).
  struct Server : httplib::Server {
    void widen_backlog();
  };
  Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  bool stopping_ = false;
  std::map<std::string, std::deque<Fault>> faults_;
  std::map<std::string, nlohmann::json> replies_;
  std::map<std::string, nlohmann::json> users_;
  std::string token_;
  std::vector<RecordedCall> calls_;
  long long next_ts_ = 0;
};

}  // namespace starcoach::test
