// The slash-command request path without the network: form body in, ephemeral reply out
// (decode, parse, score, render Block Kit, serialise). Compare with scoring_bench to see what
// the Slack layer adds on top of scoring.
// Run: ./build/bench/dispatch_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>

#include "bot/verify.h"
#include "handlers/dispatch.h"
#include "storage/store.h"

namespace {

using namespace starcoach;

class NoSlack : public handlers::SlackApi {
 public:
  handlers::ApiResult call(const std::string&, const nlohmann::json&) override { return {}; }
  handlers::ApiResult respond(const std::string&, const nlohmann::json&) override { return {}; }
};

std::string form_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

const std::string kAnswer =
    "Situation: last spring I was the on-call data engineer when our nightly billing pipeline "
    "failed at 3 a.m., four hours before finance reviewed the revenue dashboard. A vendor feed "
    "had started sending amounts as strings and the Spark load of about 30 million rows crashed. "
    "Task: I owned the pipeline, so my job was to get correct numbers out before the morning "
    "review, keep finance informed, and make sure the same break could not recur silently. "
    "Action: First I checked the failed partition and confirmed the type change with the "
    "vendor's support engineer. I posted a status note in the finance channel saying the "
    "dashboard would be about an hour late and that yesterday's figures were still correct. "
    "Then I patched the loader to cast the field explicitly, reran one partition as a sample, "
    "and compared totals against the billing system before running the full backfill. Once the "
    "totals matched to the cent, I published the dashboard and told finance it was ready. "
    "Afterwards I added a schema contract test to the ingestion job that fails fast and pages "
    "us within five minutes, wrote a runbook entry for the next on-call engineer, and agreed a "
    "change notice with the vendor so type changes reach us a week ahead. Result: the dashboard "
    "was only 50 minutes late, finance made no decision on wrong data, and the contract test has "
    "since caught two more breaking changes before production. Our time to recover for this "
    "pipeline dropped from about three hours to under thirty minutes, and the finance lead told "
    "my manager they trust the morning numbers more than before.";

const std::string kBody = "token=x&team_id=T1&channel_id=C1&user_id=U1&command=%2Fpractice&text=" +
                          form_escape("score " + kAnswer) +
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
