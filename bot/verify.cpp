#include "bot/verify.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace starcoach::bot {
namespace {

// Longest timestamp accepted: Unix seconds have 10 digits until the year 2286; the bound keeps
// the parse free of overflow.
constexpr size_t kMaxTimestampDigits = 12;

bool parse_timestamp(std::string_view ts, int64_t& out) {
  if (ts.empty() || ts.size() > kMaxTimestampDigits) return false;
  int64_t v = 0;
  for (char c : ts) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string slack_signature(std::string_view secret, std::string_view timestamp,
                            std::string_view body) {
  std::string base;
  base.reserve(4 + timestamp.size() + body.size());
  base.append("v0:").append(timestamp).append(":").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(base.data()), base.size(), mac, &mac_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "v0=";
  out.reserve(3 + 2 * mac_len);
  for (unsigned int i = 0; i < mac_len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

Verdict verify_slack_request(std::string_view secret, std::string_view timestamp,
                             std::string_view signature, std::string_view body, int64_t now) {
  if (timestamp.empty() || signature.empty()) return Verdict::MissingHeaders;
  int64_t ts = 0;
  if (!parse_timestamp(timestamp, ts)) return Verdict::BadTimestamp;
  // Both directions: a stale stamp is a replay, a future one is a replay prepared in advance.
  if (ts < now - kMaxClockSkewSeconds || ts > now + kMaxClockSkewSeconds)
    return Verdict::StaleTimestamp;
  // No secret means nothing can be trusted (a misconfigured server must not accept all).
  if (secret.empty()) return Verdict::BadSignature;
  std::string expected = slack_signature(secret, timestamp, body);
  // Length is public (always 67 for v0); the bytes are compared in constant time.
  if (signature.size() != expected.size()) return Verdict::BadSignature;
  if (CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0)
    return Verdict::BadSignature;
  return Verdict::Ok;
}

const char* describe(Verdict v) {
  switch (v) {
    case Verdict::Ok: return "ok";
    case Verdict::MissingHeaders: return "missing X-Slack-Request-Timestamp or X-Slack-Signature";
    case Verdict::BadTimestamp: return "X-Slack-Request-Timestamp is not a Unix time";
    case Verdict::StaleTimestamp: return "X-Slack-Request-Timestamp is more than 300 s from now";
    case Verdict::BadSignature: return "X-Slack-Signature does not match";
  }
  return "unknown";
}

}  // namespace starcoach::bot
