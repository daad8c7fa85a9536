#include "bot/verify.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <initializer_list>
#include <string>

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

namespace {

// OpenSSL 3's one-shot HMAC() looks the algorithms up in its provider tables (under a lock) on
// every call, which costs more than hashing a 2 KiB slash command. Each thread keeps one keyed
// context instead and re-initialises it per request; a different secret (tests) re-keys it.
class ThreadHmac {
 public:
  ThreadHmac() {
    mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac_) ctx_ = EVP_MAC_CTX_new(mac_);
  }
  ~ThreadHmac() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
    OPENSSL_cleanse(key_.data(), key_.size());
  }
  ThreadHmac(const ThreadHmac&) = delete;
  ThreadHmac& operator=(const ThreadHmac&) = delete;

  // HMAC-SHA256 of the concatenated parts; false when OpenSSL fails (treated as a mismatch).
  bool sha256(std::string_view secret, std::initializer_list<std::string_view> parts,
              unsigned char (&out)[EVP_MAX_MD_SIZE], size_t& out_len) {
    if (!ctx_) return false;
    const bool rekey = !keyed_ || secret != key_;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
    const auto* key = reinterpret_cast<const unsigned char*>(secret.data());
    if (EVP_MAC_init(ctx_, rekey ? key : nullptr, rekey ? secret.size() : 0, rekey ? params : nullptr) != 1) {
      keyed_ = false;
      return false;
    }
    if (rekey) {
      OPENSSL_cleanse(key_.data(), key_.size());
      key_.assign(secret);
      keyed_ = true;
    }
    for (std::string_view part : parts) {
      if (EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(part.data()), part.size()) != 1)
        return false;
    }
    return EVP_MAC_final(ctx_, out, &out_len, sizeof out) == 1;
  }

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
  std::string key_;
  bool keyed_ = false;
};

}  // namespace

std::string slack_signature(std::string_view secret, std::string_view timestamp,
                            std::string_view body) {
  thread_local ThreadHmac hmac;
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t mac_len = 0;
  if (!hmac.sha256(secret, {"v0:", timestamp, ":", body}, mac, mac_len)) return std::string();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "v0=";
  out.reserve(3 + 2 * mac_len);
  for (size_t i = 0; i < mac_len; ++i) {
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
  if (expected.empty()) return Verdict::BadSignature;  // OpenSSL failed: nothing is trusted
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
