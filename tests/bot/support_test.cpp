// The test support itself: FakeSlack recording and faults, run_cli, ServerProcess.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "bot/verify.h"
#include "tests/support/fake_slack.h"
#include "tests/support/process.h"
#include "tests/support/signing.h"

namespace starcoach::test {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

httplib::Result post_json(const FakeSlack& slack, const std::string& path, const std::string& body,
                          const std::string& token = "") {
  httplib::Client c("127.0.0.1", slack.port());
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return c.Post(path, h, body, "application/json");
}

TEST(FakeSlack, RecordsCallsWithArgsAndCannedReplies) {
  FakeSlack slack;
  auto r = post_json(slack, "/api/chat.postMessage", R"({"channel":"C9","text":"hi","thread_ts":"1.1"})", "xoxb-1");
  ASSERT_TRUE(r);
  auto reply = nlohmann::json::parse(r->body);
  EXPECT_TRUE(reply["ok"].get<bool>());
  EXPECT_EQ(reply["channel"], "C9");
  EXPECT_EQ(reply["message"]["thread_ts"], "1.1");
  auto calls = slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].args["text"], "hi");
  EXPECT_EQ(calls[0].bearer(), "xoxb-1");
  EXPECT_EQ(calls[0].status, 200);
  // Distinct, increasing message timestamps.
  post_json(slack, "/api/chat.postMessage", R"({"channel":"C9","text":"again"})");
  calls = slack.calls("chat.postMessage");
  EXPECT_LT(calls[0].reply["ts"].get<std::string>(), calls[1].reply["ts"].get<std::string>());
}

TEST(FakeSlack, FormBodiesAndResponseUrls) {
  FakeSlack slack;
  httplib::Client c("127.0.0.1", slack.port());
  c.Post("/api/users.info", "user=U7&include_locale=true", "application/x-www-form-urlencoded");
  EXPECT_EQ(slack.calls("users.info").at(0).args["user"], "U7");
  EXPECT_EQ(slack.calls("users.info").at(0).reply["user"]["id"], "U7");
  auto url = slack.response_url("T1/5/xyz");
  EXPECT_EQ(url, slack.base_url() + "/commands/T1/5/xyz");
  post_json(slack, "/commands/T1/5/xyz", R"({"text":"done"})");
  EXPECT_EQ(slack.calls("response_url").at(0).args["text"], "done");
}

TEST(FakeSlack, FaultsApplyInOrderThenStop) {
  FakeSlack slack;
  slack.http_error("chat.update", 500, 2);
  slack.rate_limit("chat.update", 7);
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(post_json(slack, "/api/chat.update", "{}")->status);
  EXPECT_EQ(statuses, (std::vector<int>{500, 500, 429, 200}));
  EXPECT_EQ(slack.calls("chat.update")[2].fault, "ratelimited");
  slack.slack_error("chat.update", "message_not_found");
  EXPECT_THAT(post_json(slack, "/api/chat.update", "{}")->body, HasSubstr("message_not_found"));
  EXPECT_THAT(post_json(slack, "/api/chat.update", "{}")->body, HasSubstr("message_not_found"));  // until cleared
  slack.clear_faults();
  EXPECT_THAT(post_json(slack, "/api/chat.update", "{}")->body, HasSubstr(R"("ok":true)"));
}

TEST(FakeSlack, RequireTokenRefusesOtherTokens) {
  FakeSlack slack;
  slack.require_token("xoxb-right");
  EXPECT_THAT(post_json(slack, "/api/auth.test", "{}")->body, HasSubstr("not_authed"));
  EXPECT_THAT(post_json(slack, "/api/auth.test", "{}", "xoxb-wrong")->body, HasSubstr("invalid_auth"));
  EXPECT_THAT(post_json(slack, "/api/auth.test", "{}", "xoxb-right")->body, HasSubstr(R"("ok":true)"));
}

TEST(FakeSlack, WaitForSeesCallsFromOtherThreads) {
  FakeSlack slack;
  std::thread t([&] {
    std::this_thread::sleep_for(50ms);
    post_json(slack, "/api/chat.postEphemeral", R"({"channel":"C1","user":"U1","text":"x"})");
  });
  EXPECT_TRUE(slack.wait_for("chat.postEphemeral", 1, 2s));
  EXPECT_FALSE(slack.wait_for("chat.postEphemeral", 2, 50ms));
  t.join();
}

TEST(FakeSlack, DestructorReleasesHungRequests) {
  auto started = std::chrono::steady_clock::now();
  std::thread client;
  {
    FakeSlack slack;
    slack.hang("chat.postMessage", 30s);
    int port = slack.port();
    client = std::thread([port] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(10s);
      c.Post("/api/chat.postMessage", "{}", "application/json");
    });
    ASSERT_TRUE(slack.wait_for("chat.postMessage", 1, 2s));
  }
  client.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(Signing, HeadersVerify) {
  auto h = slack_headers("sec", "body", 1700000000, kFormType);
  EXPECT_EQ(h.find("X-Slack-Request-Timestamp")->second, "1700000000");
  EXPECT_EQ(h.find("Content-Type")->second, kFormType);
  EXPECT_EQ(bot::verify_slack_request("sec", "1700000000", h.find("X-Slack-Signature")->second, "body", 1700000000),
            bot::Verdict::Ok);
}

TEST(RunCli, CapturesOutputExitCodeAndOnlyTheGivenEnvironment) {
  RunOptions o;
  o.env = {{"FOO", "bar"}};
  o.stdin_data = "from-stdin";
  o.binary = "/bin/sh";
  auto r = run_cli({"-c", "echo out; echo \"err $FOO ${HOME:-nohome}\" >&2; cat; exit 3"}, o);
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_EQ(r.out, "out\nfrom-stdin");
  EXPECT_EQ(r.err, "err bar nohome\n");
  EXPECT_EQ(r.err_lines().size(), 1u);
  EXPECT_FALSE(r.timed_out);
}

TEST(RunCli, KillsOnTimeoutAndReportsSignals) {
  RunOptions o;
  o.timeout = 200ms;
  o.binary = "/bin/sh";
  auto r = run_cli({"-c", "sleep 10"}, o);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.exit_code, -1);
  o.timeout = 5s;
  auto k = run_cli({"-c", "kill -SEGV $$"}, o);
  EXPECT_EQ(k.signal, SIGSEGV) << k.describe();
}

TEST(Process, FreePortAndTempDir) {
  int p = free_port();
  EXPECT_GT(p, 0);
  EXPECT_LT(p, 65536);
  auto d = make_temp_dir("support-test");
  struct stat st {};
  EXPECT_EQ(::stat(d.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
}

// Exercises the real binary when it has been built (test_bot does not depend on it).
TEST(ServerProcess, StartsServesHealthzAndStopsOnSigterm) {
  struct stat st {};
  if (default_binary().empty() || ::stat(default_binary().c_str(), &st) != 0)
    GTEST_SKIP() << "starcoach binary not built: " << default_binary();
  FakeSlack slack;
  ServerProcess server({{"SLACK_SIGNING_SECRET", "support-test-secret"},
                        {"SLACK_BOT_TOKEN", "xoxb-support-test"},
                        {"SLACK_API_URL", slack.api_url()}});
  ASSERT_TRUE(server.start()) << server.log();
  auto c = server.client();
  auto r = c->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // Settle first: as of this commit bot/app.cpp blocks SIGTERM only after its worker threads
  // exist, so a SIGTERM in the first moments after /healthz can kill it (exit 143).
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(server.terminate(), 0) << server.log();
  EXPECT_FALSE(server.running());
  EXPECT_THAT(server.log(), ::testing::Not(HasSubstr("support-test-secret")));
}

}  // namespace
}  // namespace starcoach::test
