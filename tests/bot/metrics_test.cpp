// Prometheus text exposition: families, labels, histogram shape.
#include "bot/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <sstream>

namespace starcoach::bot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(Metrics, EveryFamilyHasHelpAndType) {
  Metrics m;
  auto text = m.render();
  for (const char* family : {"starcoach_http_requests_total counter", "starcoach_signature_rejections_total counter",
                             "starcoach_events_duplicate_total counter", "starcoach_slack_api_calls_total counter",
                             "starcoach_scoring_seconds histogram", "starcoach_queue_depth gauge"}) {
    EXPECT_THAT(text, HasSubstr(std::string("# TYPE ") + family));
    std::string name = std::string(family).substr(0, std::string(family).find(' '));
    EXPECT_THAT(text, HasSubstr("# HELP " + name + " "));
  }
}

TEST(Metrics, EverySampleLineIsValidPrometheusText) {
  Metrics m;
  m.count_request("/slack/events", 200);
  m.count_slack_call("chat.postMessage", "ok");
  m.observe_scoring_seconds(0.00003);
  static const std::regex sample(R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? \S+$)re");
  for (const auto& line : lines_of(m.render())) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
  }
}

TEST(Metrics, RequestsAreCountedByRouteAndStatus) {
  Metrics m;
  m.count_request("/slack/events", 401);
  m.count_request("/slack/events", 401);
  m.count_request("/slack/events", 200);
  m.count_request("/healthz", 200);
  auto text = m.render();
  EXPECT_THAT(text, HasSubstr("starcoach_http_requests_total{route=\"/slack/events\",status=\"401\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_http_requests_total{route=\"/slack/events\",status=\"200\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_http_requests_total{route=\"/healthz\",status=\"200\"} 1\n"));
}

TEST(Metrics, UnknownPathsShareOneRouteLabel) {
  Metrics m;
  for (int i = 0; i < 100; ++i) m.count_request("/probe/" + std::to_string(i), 404);
  auto text = m.render();
  EXPECT_THAT(text, HasSubstr("starcoach_http_requests_total{route=\"other\",status=\"404\"} 100\n"));
  EXPECT_THAT(text, Not(HasSubstr("/probe/")));
}

TEST(Metrics, CountersAndGauge) {
  Metrics m;
  m.count_signature_rejection();
  m.count_signature_rejection();
  m.count_duplicate_event();
  m.count_slack_call("chat.postMessage", "ok");
  m.count_slack_call("chat.postMessage", "ratelimited");
  m.count_slack_call("chat.postMessage", "ok");
  m.set_queue_depth_source([] { return 7.0; });
  auto text = m.render();
  EXPECT_THAT(text, HasSubstr("\nstarcoach_signature_rejections_total 2\n"));
  EXPECT_THAT(text, HasSubstr("\nstarcoach_events_duplicate_total 1\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_slack_api_calls_total{method=\"chat.postMessage\",outcome=\"ok\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_slack_api_calls_total{method=\"chat.postMessage\",outcome=\"ratelimited\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("\nstarcoach_queue_depth 7\n"));
}

TEST(Metrics, FailingGaugeSourceRendersNaNNotAnException) {
  Metrics m;
  m.set_queue_depth_source([]() -> double { throw std::runtime_error("db locked"); });
  EXPECT_THAT(m.render(), HasSubstr("\nstarcoach_queue_depth NaN\n"));
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  m.count_slack_call("we\"ird\\method\nx", "ok");
  EXPECT_THAT(m.render(), HasSubstr(R"(method="we\"ird\\method\nx")"));
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Metrics m;
  m.observe_scoring_seconds(0.00002);  // <= 5e-05
  m.observe_scoring_seconds(0.0002);   // <= 5e-04
  m.observe_scoring_seconds(3.0);      // only +Inf
  auto text = m.render();
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_bucket{le=\"1e-05\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_bucket{le=\"5e-05\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_bucket{le=\"0.0005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_bucket{le=\"0.05\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_count 3\n"));
  EXPECT_THAT(text, HasSubstr("starcoach_scoring_seconds_sum 3.00022\n"));
  // Buckets never decrease.
  std::regex bucket(R"(starcoach_scoring_seconds_bucket\{le="[^"]+"\} (\d+))");
  long last = -1;
  for (const auto& line : lines_of(text)) {
    std::smatch sm;
    if (!std::regex_match(line, sm, bucket)) continue;
    long v = std::stol(sm[1]);
    EXPECT_GE(v, last) << line;
    last = v;
  }
}

}  // namespace
}  // namespace starcoach::bot
