// Slack request signing: the official vector, every derived case, and hostile headers.
#include "bot/verify.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "tests/support/process.h"

namespace starcoach::bot {
namespace {

// The shared Slack example payloads (../shared/slack-fixtures).
std::string fixture(const std::string& name) {
  return test::read_file(std::string(STARCOACH_SHARED_DIR) + "/slack-fixtures/" + name);
}

TEST(Verify, OfficialVectorMatchesSlackDocs) {
  auto doc = nlohmann::json::parse(fixture("signing-v0-official.json"));
  std::string body = fixture(doc["body_file"].get<std::string>());
  ASSERT_EQ(body.size(), doc["body_length_bytes"].get<size_t>());
  std::string secret = doc["signing_secret"], ts = doc["headers"]["X-Slack-Request-Timestamp"];
  EXPECT_EQ(slack_signature(secret, ts, body), doc["expected_signature"].get<std::string>());
  EXPECT_EQ(verify_slack_request(secret, ts, doc["headers"]["X-Slack-Signature"].get<std::string>(), body,
                                 doc["now_for_valid_check"].get<int64_t>()),
            Verdict::Ok);
}

TEST(Verify, EveryDerivedCaseHasTheExpectedVerdict) {
  auto doc = nlohmann::json::parse(fixture("signing-v0-derived-cases.json"));
  std::string secret = doc["signing_secret"];
  ASSERT_GE(doc["cases"].size(), 9u);
  for (const auto& c : doc["cases"]) {
    auto v = verify_slack_request(secret, c["timestamp"].get<std::string>(), c["signature"].get<std::string>(),
                                  c["body"].get<std::string>(), c["now"].get<int64_t>());
    EXPECT_EQ(v == Verdict::Ok, c["expect_valid"].get<bool>())
        << c["name"].get<std::string>() << ": " << describe(v) << " (" << c["why"].get<std::string>() << ")";
  }
}

constexpr int64_t kNow = 1'800'000'000;
constexpr const char* kSecret = "test-signing-secret-123";
const std::string kBody = R"({"type":"url_verification","challenge":"abc"})";

Verdict check(const std::string& ts, const std::string& sig, const std::string& body = kBody,
              int64_t now = kNow) {
  return verify_slack_request(kSecret, ts, sig, body, now);
}
std::string sign_at(int64_t ts) { return slack_signature(kSecret, std::to_string(ts), kBody); }

struct SkewCase {
  const char* name;
  int64_t offset;
  Verdict expected;
};

class VerifySkew : public ::testing::TestWithParam<SkewCase> {};

TEST_P(VerifySkew, ReplayWindowIs300SecondsEitherWay) {
  const auto& c = GetParam();
  int64_t ts = kNow + c.offset;
  EXPECT_EQ(check(std::to_string(ts), sign_at(ts)), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Window, VerifySkew,
                         ::testing::Values(SkewCase{"now", 0, Verdict::Ok},
                                           SkewCase{"299s_old", -299, Verdict::Ok},
                                           SkewCase{"299s_ahead", 299, Verdict::Ok},
                                           SkewCase{"300s_old", -300, Verdict::Ok},
                                           SkewCase{"301s_old", -301, Verdict::StaleTimestamp},
                                           SkewCase{"301s_ahead", 301, Verdict::StaleTimestamp},
                                           SkewCase{"one_hour_old", -3600, Verdict::StaleTimestamp},
                                           SkewCase{"year_2000", 946684800 - kNow, Verdict::StaleTimestamp}),
                         [](const auto& info) { return std::string(info.param.name); });

struct HeaderCase {
  const char* name;
  std::string timestamp;
  Verdict expected;
};

class VerifyBadTimestamp : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(VerifyBadTimestamp, NonNumericOrMissingTimestampIsRejected) {
  const auto& c = GetParam();
  // Signed over the garbage timestamp exactly as sent: only the timestamp check can refuse it.
  auto sig = slack_signature(kSecret, c.timestamp, kBody);
  EXPECT_EQ(check(c.timestamp, sig), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, VerifyBadTimestamp,
    ::testing::Values(HeaderCase{"empty", "", Verdict::MissingHeaders},
                      HeaderCase{"word", "yesterday", Verdict::BadTimestamp},
                      HeaderCase{"negative", "-1800000000", Verdict::BadTimestamp},
                      HeaderCase{"plus_sign", "+1800000000", Verdict::BadTimestamp},
                      HeaderCase{"decimal", "1800000000.5", Verdict::BadTimestamp},
                      HeaderCase{"spaces", " 1800000000", Verdict::BadTimestamp},
                      HeaderCase{"overlong", "0000000000001800000000", Verdict::BadTimestamp},
                      HeaderCase{"overflow", "99999999999999999999999", Verdict::BadTimestamp},
                      HeaderCase{"hex", "0x6b49d200", Verdict::BadTimestamp}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Verify, MissingSignatureIsMissingHeaders) {
  EXPECT_EQ(check(std::to_string(kNow), ""), Verdict::MissingHeaders);
  EXPECT_EQ(check("", ""), Verdict::MissingHeaders);
}

TEST(Verify, SignatureVariantsAreRejected) {
  auto ts = std::to_string(kNow);
  auto good = sign_at(kNow);
  ASSERT_EQ(check(ts, good), Verdict::Ok);
  std::string flipped = good;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_EQ(check(ts, flipped), Verdict::BadSignature);
  EXPECT_EQ(check(ts, "v1=" + good.substr(3)), Verdict::BadSignature);
  EXPECT_EQ(check(ts, good.substr(3)), Verdict::BadSignature);
  EXPECT_EQ(check(ts, good + "00"), Verdict::BadSignature);
  EXPECT_EQ(check(ts, good.substr(0, good.size() - 2)), Verdict::BadSignature);
  EXPECT_EQ(check(ts, "v0="), Verdict::BadSignature);
  EXPECT_EQ(check(ts, good, kBody + " "), Verdict::BadSignature);
  EXPECT_EQ(verify_slack_request("other-secret", ts, good, kBody, kNow), Verdict::BadSignature);
}

TEST(Verify, EmptySecretNeverVerifies) {
  auto ts = std::to_string(kNow);
  EXPECT_EQ(verify_slack_request("", ts, slack_signature("", ts, kBody), kBody, kNow), Verdict::BadSignature);
}

// Each thread keeps a keyed HMAC context; switching secrets must re-key it, and threads must
// not share one. The official vector is the reference in both cases.
TEST(Verify, CachedHmacContextFollowsTheSecretAndTheThread) {
  auto doc = nlohmann::json::parse(fixture("signing-v0-official.json"));
  const std::string body = fixture(doc["body_file"].get<std::string>());
  const std::string secret = doc["signing_secret"], ts = doc["headers"]["X-Slack-Request-Timestamp"];
  const std::string expected = doc["expected_signature"];
  EXPECT_EQ(slack_signature(secret, ts, body), expected);
  const std::string other = slack_signature("another-secret", ts, body);
  EXPECT_NE(other, expected);
  EXPECT_EQ(slack_signature(secret, ts, body), expected);
  EXPECT_EQ(slack_signature("another-secret", ts, body), other);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const bool mine = (i + t) % 2 == 0;
        if (slack_signature(mine ? secret : "another-secret", ts, body) != (mine ? expected : other))
          ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Verify, DescribeNamesEveryVerdict) {
  for (auto v : {Verdict::Ok, Verdict::MissingHeaders, Verdict::BadTimestamp, Verdict::StaleTimestamp,
                 Verdict::BadSignature})
    EXPECT_STRNE(describe(v), "unknown");
}

}  // namespace
}  // namespace starcoach::bot
