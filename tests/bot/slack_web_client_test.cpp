// SlackWebClient against the real fake Web API: outcomes, retries, waits and metrics.
#include "bot/slack_web_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "bot/metrics.h"
#include "tests/support/fake_slack.h"
#include "tests/support/process.h"

namespace starcoach::bot {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr const char* kToken = "xoxb-test-token-42";

// Records every wait instead of sleeping, so retry tests run in microseconds.
struct SleepRecorder {
  std::mutex mutex;
  std::vector<std::chrono::milliseconds> waits;
  std::function<void(std::chrono::milliseconds)> fn() {
    return [this](std::chrono::milliseconds d) {
      std::lock_guard lock(mutex);
      waits.push_back(d);
    };
  }
};

class WebClientTest : public ::testing::Test {
 protected:
  SlackWebClient client(WebClientOptions o = {}) {
    if (!o.sleep) o.sleep = sleeps.fn();
    return SlackWebClient(slack.api_url() + "/", kToken, o, &metrics);
  }
  test::FakeSlack slack;
  Metrics metrics;
  SleepRecorder sleeps;
};

TEST_F(WebClientTest, PostsJsonWithBearerTokenAndReturnsSlacksReply) {
  auto r = client().call("chat.postMessage", {{"channel", "C1"}, {"text", "hi & <bye>"}});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.http_status, 200);
  EXPECT_FALSE(r.body["ts"].get<std::string>().empty());
  auto calls = slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].path, "/api/chat.postMessage");  // trailing slash of the base URL dropped
  EXPECT_EQ(calls[0].bearer(), kToken);
  EXPECT_EQ(calls[0].header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(calls[0].args["text"], "hi & <bye>");
  EXPECT_THAT(metrics.render(), HasSubstr(R"(starcoach_slack_api_calls_total{method="chat.postMessage",outcome="ok"} 1)"));
}

TEST_F(WebClientTest, ReadMethodsAreFormEncoded) {
  slack.set_user("U42", {{"is_admin", true}});
  auto r = client().call("users.info", {{"user", "U42"}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.body["user"]["id"], "U42");
  EXPECT_TRUE(r.body["user"]["is_admin"].get<bool>());
  auto calls = slack.calls("users.info");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_THAT(calls[0].header("Content-Type"), HasSubstr("application/x-www-form-urlencoded"));
  EXPECT_EQ(form_encode({{"text", "a b&c=d/é"}, {"blocks", {{{"type", "divider"}}}}}),
            "blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D&text=a%20b%26c%3Dd%2F%C3%A9");
}

TEST_F(WebClientTest, SlackErrorIsNotRetried) {
  slack.slack_error("chat.postMessage", "channel_not_found");
  auto r = client().call("chat.postMessage", {{"channel", "CNOPE"}, {"text", "x"}});
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.retryable);
  EXPECT_EQ(r.error, "channel_not_found");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(slack.count("chat.postMessage"), 1u);
  EXPECT_TRUE(sleeps.waits.empty());
  EXPECT_THAT(metrics.render(), HasSubstr(R"(method="chat.postMessage",outcome="error"} 1)"));
}

TEST_F(WebClientTest, RateLimitHonoursRetryAfter) {
  slack.rate_limit("chat.postMessage", 3);
  auto r = client().call("chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(slack.count("chat.postMessage"), 2u);
  EXPECT_THAT(sleeps.waits, ElementsAre(3000ms));
  auto text = metrics.render();
  EXPECT_THAT(text, HasSubstr(R"(method="chat.postMessage",outcome="ratelimited"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(method="chat.postMessage",outcome="ok"} 1)"));
}

TEST_F(WebClientTest, RateLimitWithoutRetryAfterWaitsOneSecond) {
  slack.rate_limit_without_header("chat.update");
  auto r = client().call("chat.update", {{"channel", "C1"}, {"ts", "1.2"}, {"text", "x"}});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_THAT(sleeps.waits, ElementsAre(1000ms));
}

TEST_F(WebClientTest, RetryAfterBeyondTheLimitGivesUpAsRatelimited) {
  slack.rate_limit("chat.postMessage", 600);
  auto r = client().call("chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "ratelimited");
  EXPECT_TRUE(r.retryable);
  EXPECT_EQ(r.retry_after, 600);
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(slack.count("chat.postMessage"), 1u);
  EXPECT_TRUE(sleeps.waits.empty());
}

TEST_F(WebClientTest, ServerErrorsAreRetriedWithCappedJitteredBackoff) {
  slack.http_error("chat.postMessage", 500, 2);
  WebClientOptions o;
  o.base_backoff = 100ms;
  o.max_backoff = 150ms;
  auto r = client(o).call("chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(slack.count("chat.postMessage"), 3u);
  ASSERT_EQ(sleeps.waits.size(), 2u);
  EXPECT_LE(sleeps.waits[0], 100ms);  // full jitter: anywhere in [0, base]
  EXPECT_LE(sleeps.waits[1], 150ms);  // capped
  EXPECT_THAT(metrics.render(), HasSubstr(R"(method="chat.postMessage",outcome="http_error"} 2)"));
}

TEST_F(WebClientTest, PersistentServerErrorReturnsTheLastResultAfterMaxAttempts) {
  slack.http_error("chat.postMessage", 503, -1);
  WebClientOptions o;
  o.max_attempts = 3;
  auto r = client(o).call("chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.retryable);
  EXPECT_EQ(r.error, "http_503");
  EXPECT_EQ(r.http_status, 503);
  EXPECT_EQ(slack.count("chat.postMessage"), 3u);
  EXPECT_EQ(sleeps.waits.size(), 2u);
}

TEST_F(WebClientTest, HangingServerTimesOutAndIsRetried) {
  slack.hang("chat.postMessage", 3000ms);
  WebClientOptions o;
  o.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto r = client(o).call("chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  EXPECT_TRUE(r.ok) << r.error;  // the second attempt is answered
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
  EXPECT_EQ(slack.count("chat.postMessage"), 2u);
  EXPECT_THAT(metrics.render(), HasSubstr(R"(method="chat.postMessage",outcome="network_error"} 1)"));
}

TEST_F(WebClientTest, TimeoutOnEveryAttemptIsReportedAsTimeout) {
  slack.hang("auth.test", 3000ms, -1);
  WebClientOptions o;
  o.timeout = 200ms;
  o.max_attempts = 2;
  auto r = client(o).call("auth.test", nlohmann::json::object());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "timeout");
  EXPECT_EQ(r.http_status, 0);
  EXPECT_TRUE(r.retryable);
}

TEST(WebClient, ConnectionRefusedIsReportedAfterRetries) {
  SleepRecorder sleeps;
  WebClientOptions o;
  o.sleep = sleeps.fn();
  o.max_attempts = 3;
  int port = test::free_port();  // nothing listens there
  SlackWebClient c("http://127.0.0.1:" + std::to_string(port) + "/api", kToken, o);
  auto r = c.call("chat.postMessage", {{"channel", "C1"}});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "connection_refused");
  EXPECT_TRUE(r.retryable);
  EXPECT_EQ(sleeps.waits.size(), 2u);
}

TEST_F(WebClientTest, RespondPostsToTheResponseUrlWithoutToken) {
  auto r = client().respond(slack.response_url("T1/2/abc"), {{"response_type", "ephemeral"}, {"text", "scored"}});
  EXPECT_TRUE(r.ok) << r.error;
  auto calls = slack.calls("response_url");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].path, "/commands/T1/2/abc");
  EXPECT_EQ(calls[0].header("Authorization"), "");
  EXPECT_EQ(calls[0].args["text"], "scored");
  EXPECT_THAT(metrics.render(), HasSubstr(R"(method="response_url",outcome="ok"} 1)"));
}

TEST_F(WebClientTest, RespondRetriesServerErrors) {
  slack.http_error("response_url", 502, 1);
  auto r = client().respond(slack.response_url(), {{"text", "x"}});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(slack.count("response_url"), 2u);
}

TEST_F(WebClientTest, BadUrlsAndMethodsFailWithoutNetwork) {
  EXPECT_EQ(client().respond("not a url", {{"text", "x"}}).error, "invalid_url");
  EXPECT_EQ(client().call("chat.postMessage/../x", {}).error, "invalid_method");
  EXPECT_EQ(slack.count(), 0u);
}

TEST_F(WebClientTest, ConcurrentCallsFromManyThreads) {
  auto c = client();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i)
        if (c.call("chat.postMessage", {{"channel", "C1"}, {"text", "x"}}).ok) ++ok;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_EQ(slack.count("chat.postMessage"), 80u);
}

struct UrlCase {
  const char* url;
  bool valid;
  bool https;
  const char* host;
  int port;
  const char* path;
};

class ParseUrl : public ::testing::TestWithParam<UrlCase> {};

TEST_P(ParseUrl, SplitsSchemeHostPortAndPath) {
  const auto& c = GetParam();
  auto p = parse_url(c.url);
  ASSERT_EQ(p.has_value(), c.valid) << c.url;
  if (!p) return;
  EXPECT_EQ(p->https, c.https) << c.url;
  EXPECT_EQ(p->host, c.host) << c.url;
  EXPECT_EQ(p->port, c.port) << c.url;
  EXPECT_EQ(p->path, c.path) << c.url;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseUrl,
    ::testing::Values(UrlCase{"https://slack.com/api", true, true, "slack.com", 443, "/api"},
                      UrlCase{"http://127.0.0.1:8123/api", true, false, "127.0.0.1", 8123, "/api"},
                      UrlCase{"https://hooks.slack.com/commands/T1/2/x", true, true, "hooks.slack.com", 443, "/commands/T1/2/x"},
                      UrlCase{"http://localhost", true, false, "localhost", 80, ""},
                      UrlCase{"http://[::1]:9000/x", true, false, "::1", 9000, "/x"},
                      UrlCase{"ftp://slack.com/api", false, false, "", 0, ""},
                      UrlCase{"http://:80/api", false, false, "", 0, ""},
                      UrlCase{"http://host:99999/", false, false, "", 0, ""},
                      UrlCase{"http://host:abc/", false, false, "", 0, ""},
                      UrlCase{"http://user@host/", false, false, "", 0, ""},
                      UrlCase{"slack.com/api", false, false, "", 0, ""}));

}  // namespace
}  // namespace starcoach::bot
