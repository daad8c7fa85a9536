// The HTTP surface of `starcoach serve`, driven over the network like Slack drives it.
#include "answers.h"
#include "bot_fixture.h"

using namespace starcoach::test;

namespace {

std::string challenge_body(const std::string& challenge) {
  return nlohmann::json{{"token", "x"}, {"challenge", challenge}, {"type", "url_verification"}}.dump();
}

}  // namespace

class HttpSurface : public BotTest {
 protected:
  void SetUp() override {
    BotTest::SetUp();
    start();
  }
};

TEST_F(HttpSurface, UrlVerificationEchoesTheChallenge) {
  auto r = post(challenge_body("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), kJsonType);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["challenge"], "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
}

TEST_F(HttpSurface, RejectsBadSignaturesWithoutEffects) {
  const std::string body = slash_body(good_answer(), "UFORGED", slack.response_url("T0FAKE/9/forged"));
  struct Case {
    const char* name;
    httplib::Headers headers;
  } cases[] = {
      {"wrong_secret", slack_headers("not-the-secret", body)},
      {"stale_301s", slack_headers(kSecret, body, unix_now() - 301)},
      {"future_301s", slack_headers(kSecret, body, unix_now() + 301)},
      {"signed_other_body", slack_headers(kSecret, body + "x")},
      {"garbage_timestamp", slack_headers_raw(kSecret, body, "yesterday")},
      {"no_headers", {}},
  };
  auto client = server->client();
  for (const auto& c : cases) {
    auto r = client->Post("/slack/events", c.headers, body, kFormType);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, 401) << c.name;
    EXPECT_EQ(r->body.find("/100"), std::string::npos) << c.name;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(slack.count("response_url"), 0u);
}

TEST_F(HttpSurface, InsideTheWindowIsAccepted) {
  auto client = server->client();
  for (int skew : {-299, 299}) {
    const std::string body = challenge_body("w");
    auto r = client->Post("/slack/events", slack_headers(kSecret, body, unix_now() + skew), body, kJsonType);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << skew;
  }
}

TEST_F(HttpSurface, StatusCodesForMalformedAndMisroutedRequests) {
  auto client = server->client();
  EXPECT_EQ(post(std::string(300 * 1024, 'x'), kJsonType)->status, 413);
  EXPECT_EQ(post("{\"type\": \"event_callback\", \"event\": {", kJsonType)->status, 400);
  EXPECT_EQ(post("this is not a form at all%ZZ%", kFormType)->status, 400);
  EXPECT_EQ(post("payload=%7B%22type%22%3A", kFormType)->status, 400);
  EXPECT_EQ(post("", kJsonType)->status, 400);
  EXPECT_EQ(client->Get("/slack/events")->status, 405);
  EXPECT_EQ(client->Get("/nope")->status, 404);
  EXPECT_EQ(post(challenge_body("x"), kJsonType, "/slack/eventsx")->status, 404);
  for (const char* alias : {"/slack/commands", "/slack/interactions"})
    EXPECT_EQ(post(challenge_body("x"), kJsonType, alias)->status, 200) << alias;
}

TEST_F(HttpSurface, UnsignedSslCheckProbeGetsEmpty200) {
  auto r = server->client()->Post("/slack/commands", "ssl_check=1&token=x", kFormType);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->body.empty());
}

TEST_F(HttpSurface, HealthzAndMetrics) {
  auto client = server->client();
  auto h = client->Get("/healthz");
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->body.substr(0, 2), "ok");
  post(challenge_body("m"), kJsonType, "/slack/events", {});
  client->Post("/slack/events", slack_headers("wrong", "x"), "x", kJsonType);
  auto m = client->Get("/metrics");
  ASSERT_EQ(m->status, 200);
  for (const char* family : {"starcoach_http_requests_total", "starcoach_signature_rejections_total",
                             "starcoach_events_duplicate_total", "starcoach_slack_api_calls_total",
                             "starcoach_scoring_seconds", "starcoach_queue_depth"})
    EXPECT_NE(m->body.find(family), std::string::npos) << family;
  EXPECT_EQ(m->body.find(kSecret), std::string::npos);
  EXPECT_EQ(m->body.find(kToken), std::string::npos);
}

TEST_F(HttpSurface, SecretsNeverReachTheLog) {
  slash("help");
  slash(good_answer());
  server->client()->Post("/slack/events", slack_headers("wrong", "x"), "x", kJsonType);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string log = server->log();
  EXPECT_EQ(log.find(kSecret), std::string::npos);
  EXPECT_EQ(log.find(kToken), std::string::npos);
}

TEST_F(HttpSurface, SigtermFinishesInFlightRequestsAndExitsZero) {
  std::vector<std::thread> clients;
  std::atomic<int> ok{0}, failed{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      auto c = server->client(std::chrono::seconds(5));
      for (int k = 0; k < 20; ++k) {
        const std::string body = slash_body("score " + good_answer(i), "ULOAD", slack.response_url("T0FAKE/2/l"));
        auto r = c->Post("/slack/events", slack_headers(kSecret, body), body, kFormType);
        if (!r) break;  // refused after shutdown began: never half-answered
        (r->status == 200 && r->body.find("/100") != std::string::npos) ? ++ok : ++failed;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(server->terminate(), 0) << server->log();
  for (auto& t : clients) t.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(failed.load(), 0) << "a request was answered with an error during shutdown";
}
