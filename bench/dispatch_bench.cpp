// The slash-command request path without the network: form body in, ephemeral reply out
// (decode, parse, score, render Block Kit, serialise). Compare with scoring_bench to see what
// the Slack layer adds on top of scoring.
// Run: ./build/bench/dispatch_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>

#include "bot/verify.h"
#include "handlers/dispatch.h"
#include "storage/store.h"
#include "tests/handlers/sample_answers.h"
#include "tests/support/form_encode.h"

namespace {

using namespace starcoach;

class NoSlack : public handlers::SlackApi {
 public:
  handlers::ApiResult call(const std::string&, const nlohmann::json&) override { return {}; }
  handlers::ApiResult respond(const std::string&, const nlohmann::json&) override { return {}; }
};

// The same ~300-word answer the handler tests use.
const std::string kAnswer = starcoach::testing::kGoodAnswer;

const std::string kBody = "token=x&team_id=T1&channel_id=C1&user_id=U1&command=%2Fpractice&text=" +
                          starcoach::test::form_escape("score " + kAnswer) +
                          "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fx";

void BM_SlashScoreDispatch(benchmark::State& state) {
  storage::Store store(":memory:");
  NoSlack api;
  handlers::AppContext ctx(store, api);
  for (auto _ : state) {
    auto reply = handlers::dispatch_slack_request(ctx, kBody, 0);
    benchmark::DoNotOptimize(reply.body.data());
  }
}
BENCHMARK(BM_SlashScoreDispatch)->Unit(benchmark::kMicrosecond);

void BM_VerifySignature(benchmark::State& state) {
  const std::string sig = bot::slack_signature("secret", "1700000000", kBody);
  for (auto _ : state)
    benchmark::DoNotOptimize(bot::verify_slack_request("secret", "1700000000", sig, kBody, 1700000000));
}
BENCHMARK(BM_VerifySignature)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
