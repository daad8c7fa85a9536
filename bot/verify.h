// Slack request signing (v0): a pure function of the secret, headers, body and `now`.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace starcoach::bot {

enum class Verdict { Ok, MissingHeaders, BadTimestamp, StaleTimestamp, BadSignature };

constexpr int64_t kMaxClockSkewSeconds = 300;

// Checks X-Slack-Request-Timestamp (numeric, within 300 s of now either way) and
// X-Slack-Signature == "v0=" + hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)), compared in
// constant time.
Verdict verify_slack_request(std::string_view secret, std::string_view timestamp,
                             std::string_view signature, std::string_view body, int64_t now);

// "v0=<hex>" for the given inputs (tests and benchmarks sign requests with it).
std::string slack_signature(std::string_view secret, std::string_view timestamp,
                            std::string_view body);

const char* describe(Verdict v);

}  // namespace starcoach::bot
