// An integration fixture: the real starcoach binary, a real fake Slack Web API on 127.0.0.1,
// and helpers that send requests exactly as Slack does (signed, form or JSON).
#pragma once
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_slack.h"
#include "tests/support/form_encode.h"
#include "tests/support/process.h"
#include "tests/support/signing.h"

namespace starcoach::test {

inline constexpr const char* kSecret = "integration-signing-secret-8f7422";
inline constexpr const char* kToken = "xoxb-integration-token-123";
inline constexpr const char* kChannel = "CPRACTICE1";
inline constexpr const char* kTeam = "T0FAKE";

inline std::string slash_body(const std::string& text, const std::string& user,
                              const std::string& response_url, const std::string& channel = kChannel) {
  return "token=verif&team_id=" + std::string(kTeam) + "&team_domain=fake&channel_id=" + channel +
         "&channel_name=practice&user_id=" + user + "&user_name=" + user +
         "&command=%2Fpractice&text=" + form_escape(text) + "&api_app_id=A1&is_enterprise_install=false" +
         "&response_url=" + form_escape(response_url) + "&trigger_id=1.2.3";
}

inline nlohmann::json envelope(const nlohmann::json& event, const std::string& event_id) {
  return {{"token", "verif"}, {"team_id", kTeam}, {"api_app_id", "A1"}, {"event", event},
          {"type", "event_callback"}, {"event_id", event_id}, {"event_time", unix_now()}};
}

inline std::string fresh_ts() {
  static std::atomic<int> seq{0};
  return std::to_string(unix_now()) + "." + std::to_string(100000 + seq++);
}

// Not due today in any zone: 23:59 UTC is hours away except in the last minute of a day.
inline Env base_env(const FakeSlack& slack) {
  return {{"SLACK_SIGNING_SECRET", kSecret}, {"SLACK_BOT_TOKEN", kToken},
          {"SLACK_API_URL", slack.api_url()}, {"STARCOACH_CHANNEL", kChannel},
          {"STARCOACH_ADMINS", "UADMIN1,UADMIN2"}, {"STARCOACH_TZ", "UTC"},
          {"STARCOACH_POST_AT", "23:59"}, {"STARCOACH_DAYS", "daily"}};
}

class BotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    slack.require_token(kToken);
    server = std::make_unique<ServerProcess>(base_env(slack));
  }
  void start() { ASSERT_TRUE(server->start()) << server->log(); }

  httplib::Result post(const std::string& body, const std::string& ctype,
                       const std::string& path = "/slack/events", httplib::Headers extra = {}) {
    auto headers = slack_headers(kSecret, body);
    for (auto& h : extra) headers.emplace(h);
    return server->client()->Post(path.c_str(), headers, body, ctype.c_str());
  }
  httplib::Result slash(const std::string& text, const std::string& user = "UUSER1",
                        const std::string& channel = kChannel) {
    return post(slash_body(text, user, slack.response_url("T0FAKE/1/" + user), channel), kFormType);
  }
  httplib::Result event(const nlohmann::json& ev, const std::string& event_id,
                        httplib::Headers extra = {}) {
    return post(envelope(ev, event_id).dump(), kJsonType, "/slack/events", extra);
  }
  CliResult cli(const std::vector<std::string>& args, const std::string& stdin_data = "") {
    RunOptions o;
    o.env = server->env();
    o.stdin_data = stdin_data;
    o.timeout = std::chrono::seconds(60);
    return run_cli(args, o);
  }
  // Posts today's question with `post-daily --force` on the server's database; its ts.
  std::string post_question() {
    const size_t before = slack.count("chat.postMessage");
    auto r = cli({"post-daily", "--force"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(slack.count("chat.postMessage"), before + 1);
    return slack.calls("chat.postMessage").back().reply.value("ts", "");
  }
  // The question id of today's post (its footer names it: "Question `id`").
  std::string posted_question_id() {
    const std::string text = all_text(slack.calls("chat.postMessage").front().args);
    const auto start = text.find("Question `");
    if (start == std::string::npos) return "";
    const auto end = text.find('`', start + 10);
    return text.substr(start + 10, end - start - 10);
  }
  nlohmann::json answer_event(const std::string& thread_ts, const std::string& user,
                              const std::string& text, const std::string& ts = fresh_ts()) {
    return {{"type", "message"}, {"user", user}, {"text", text}, {"ts", ts}, {"thread_ts", thread_ts},
            {"channel", kChannel}, {"channel_type", "channel"}, {"event_ts", ts}};
  }
  // Text the bot sent for this user via HTTP, response_url and ephemeral.
  std::string all_text(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    std::string out;
    if (j.is_object() || j.is_array())
      for (const auto& v : j) out += all_text(v) + "\n";
    return out;
  }
  int cli_score(const std::string& text, const std::string& question = "") {
    std::vector<std::string> args = {"score", "--json"};
    if (!question.empty()) args.insert(args.end(), {"--question", question});
    auto r = cli(args, text);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    return nlohmann::json::parse(r.out).value("overall", -1);
  }
  template <typename Pred>
  bool eventually(Pred pred, std::chrono::milliseconds within = std::chrono::seconds(8)) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return pred();
  }

  FakeSlack slack;
  std::unique_ptr<ServerProcess> server;
};

}  // namespace starcoach::test
