// Signed Slack requests for tests: the same signer the server verifies with.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <string>

namespace starcoach::test {

// Current Unix time in seconds.
int64_t unix_now();

// Headers Slack would send: X-Slack-Request-Timestamp, X-Slack-Signature (and Content-Type
// when given). `timestamp` defaults to now; pass now +/- N to test the replay window.
httplib::Headers slack_headers(const std::string& secret, const std::string& body,
                               int64_t timestamp = -1, const std::string& content_type = "");

// Same with the timestamp given verbatim (garbage like "yesterday" or "").
httplib::Headers slack_headers_raw(const std::string& secret, const std::string& body,
                                   const std::string& timestamp);

inline constexpr const char* kFormType = "application/x-www-form-urlencoded";
inline constexpr const char* kJsonType = "application/json";

}  // namespace starcoach::test
