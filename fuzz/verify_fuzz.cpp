// bot::verify_slack_request on fuzzed secret / timestamp / signature / body / clock.
// Part of the inputs carry the correct signature (and a timestamp near `now`), so the Ok path
// and its near misses are exercised, and the verdict is checked against the specification:
// Ok exactly when the timestamp is all digits (<= 12), within 300 s, the secret is non-empty
// and the signature equals slack_signature(secret, timestamp, body).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "bot/verify.h"

using starcoach::bot::Verdict;

namespace {

[[noreturn]] void fail(const char* what, Verdict v) {
  std::fprintf(stderr, "FUZZ FAILURE: %s (verdict %s)\n", what, starcoach::bot::describe(v));
  std::abort();
}

bool numeric(const std::string& ts, int64_t& out) {
  if (ts.empty() || ts.size() > 12) return false;
  int64_t v = 0;
  for (char c : ts) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const uint8_t mode = in.ConsumeIntegral<uint8_t>();
  const std::string secret = in.ConsumeBool() ? std::string("8f742231b10e8888abcd99yyyzzz85a5")
                                              : in.ConsumeRandomLengthString(64);
  // The clock is the server's own, never attacker-controlled: any plausible Unix time.
  const int64_t now = in.ConsumeIntegralInRange<int64_t>(0, 10'000'000'000);
  std::string timestamp;
  if (mode & 1) {
    const int64_t delta = in.ConsumeIntegralInRange<int64_t>(-400, 400);
    timestamp = std::to_string(now + delta);
  } else {
    timestamp = in.ConsumeRandomLengthString(24);
  }
  std::string signature = (mode & 2) ? std::string() : in.ConsumeRandomLengthString(80);
  const std::string body = in.ConsumeRemainingBytesAsString();

  const std::string expected = starcoach::bot::slack_signature(secret, timestamp, body);
  if (mode & 2) {
    signature = expected;
    if (mode & 4) {  // a near miss: one byte changed
      const size_t at = static_cast<size_t>(mode >> 3) % signature.size();
      signature[at] = static_cast<char>(signature[at] ^ 0x01);
    }
  }

  const Verdict v = starcoach::bot::verify_slack_request(secret, timestamp, signature, body, now);
  (void)starcoach::bot::describe(v);

  int64_t ts = 0;
  const bool ts_ok = numeric(timestamp, ts);
  const int64_t skew = ts - now;  // both within [0, 10^12]: no overflow
  const bool fresh = ts_ok && skew >= -300 && skew <= 300;
  const bool should_accept = !timestamp.empty() && !signature.empty() && ts_ok && fresh &&
                             !secret.empty() && signature == expected;
  if (v == Verdict::Ok && !should_accept) fail("accepted a request the spec rejects", v);
  if (v != Verdict::Ok && should_accept) fail("rejected a correctly signed, fresh request", v);
  if (expected.size() != 67 || expected.compare(0, 3, "v0=") != 0) fail("slack_signature is not v0=<64 hex>", v);
  return 0;
}
