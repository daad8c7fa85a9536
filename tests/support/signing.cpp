#include "tests/support/signing.h"

#include <ctime>

#include "bot/verify.h"

namespace starcoach::test {

int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

httplib::Headers slack_headers_raw(const std::string& secret, const std::string& body,
                                   const std::string& timestamp) {
  return {{"X-Slack-Request-Timestamp", timestamp},
          {"X-Slack-Signature", bot::slack_signature(secret, timestamp, body)}};
}

httplib::Headers slack_headers(const std::string& secret, const std::string& body, int64_t timestamp,
                               const std::string& content_type) {
  auto h = slack_headers_raw(secret, body, std::to_string(timestamp < 0 ? unix_now() : timestamp));
  if (!content_type.empty()) h.emplace("Content-Type", content_type);
  return h;
}

}  // namespace starcoach::test
