// The one seam to Slack's Web API that handlers need. bot/SlackWebClient implements it over
// HTTP(S) against SLACK_API_URL; tests use a real fake server or an in-process fake.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace starcoach::handlers {

struct ApiResult {
  bool ok = false;
  std::string error;             // Slack's error string ("channel_not_found"), or a transport error
  nlohmann::json body;           // parsed response (object), null when none
  int http_status = 0;           // 0 when no HTTP response (timeout, connection refused)
  bool retryable = false;        // 429, 5xx, timeouts, connection errors
  std::optional<int> retry_after;// seconds, from a 429's Retry-After
};

class SlackApi {
 public:
  virtual ~SlackApi() = default;
  // POST {base}/{method} with a JSON body and the bearer token. Retries 429 (after
  // Retry-After), 5xx and network errors with capped exponential backoff and jitter, up to
  // the client's attempt limit; returns the last result.
  virtual ApiResult call(const std::string& method, const nlohmann::json& args) = 0;
  // POST a message to a slash command's response_url (same retry policy, no token).
  virtual ApiResult respond(const std::string& response_url, const nlohmann::json& message) = 0;
};

}  // namespace starcoach::handlers
