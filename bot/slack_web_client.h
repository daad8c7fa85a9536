// SlackApi over HTTP(S) with cpp-httplib: JSON bodies, bearer token, timeouts, retries.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/slack_api.h"

namespace starcoach::bot {

class Metrics;

struct WebClientOptions {
  std::chrono::milliseconds timeout{5000};       // connect + read, per attempt
  int max_attempts = 5;                           // including the first
  std::chrono::milliseconds base_backoff{250};    // doubled per retry, with jitter
  std::chrono::milliseconds max_backoff{8000};
  int max_retry_after_seconds = 60;               // longer Retry-After: give up and report it
  // Injected for tests: how to wait (defaults to this_thread::sleep_for).
  std::function<void(std::chrono::milliseconds)> sleep;
};

// An absolute http(s) URL split for httplib: "https://slack.com/api" -> {true, "slack.com", 443, "/api"}.
// IPv6 hosts are written in brackets ("http://[::1]:8080/x"). nullopt when malformed.
struct ParsedUrl {
  bool https = false;
  std::string host;
  int port = 0;
  std::string path;  // "" or starting with '/', no trailing slash for a base URL
};
std::optional<ParsedUrl> parse_url(std::string_view url);

// Where https connections find trusted CAs (Debian's ca-certificates bundle).
inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

// Slack's read methods (users.info, conversations.info, auth.test, ...) ignore JSON bodies, so
// those are sent form-encoded; every other method gets JSON.
bool method_wants_form(const std::string& method);
std::string form_encode(const nlohmann::json& args);

// Thread-safe: each attempt uses its own connection, so calls may come from any thread.
class SlackWebClient : public handlers::SlackApi {
 public:
  // base_url like "https://slack.com/api" or "http://127.0.0.1:8123/api"
  SlackWebClient(std::string base_url, std::string token, WebClientOptions options = {},
                 Metrics* metrics = nullptr);
  handlers::ApiResult call(const std::string& method, const nlohmann::json& args) override;
  handlers::ApiResult respond(const std::string& response_url, const nlohmann::json& message) override;

 private:
  handlers::ApiResult post_once(const std::string& url, const std::string& body, bool with_token,
                                const std::string& content_type);
  handlers::ApiResult with_retries(const std::string& label, const std::string& url,
                                   const std::string& body, bool with_token,
                                   const std::string& content_type);
  std::string base_url_, token_;
  WebClientOptions options_;
  Metrics* metrics_;
};

}  // namespace starcoach::bot
