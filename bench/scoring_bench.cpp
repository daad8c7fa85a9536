// Scoring speed. Target (SPEC): median under 100 microseconds for a 300-word answer on one core.
// Run: ./build/bench/scoring_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>

#include "scoring/score.h"
#include "tests/scoring/sample_answer.h"

namespace {

namespace sc = starcoach::scoring;

using starcoach::testing::kAnswer300;

std::string one_mebibyte_answer() {
  std::string text;
  const std::string paragraph = std::string(kAnswer300) + "\n\n";
  while (text.size() < (1u << 20)) text += paragraph;
  text.resize(1u << 20);
  return text;
}

void BM_Score300WordAnswer(benchmark::State& state) {
  const sc::Question* question = sc::find_question("pipeline-broke");
  for (auto _ : state) {
    sc::ScoreResult r = sc::score_answer(kAnswer300, question);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Score300WordAnswer)->Unit(benchmark::kMicrosecond);

void BM_Score300WordAnswerNoQuestion(benchmark::State& state) {
  for (auto _ : state) {
    sc::ScoreResult r = sc::score_answer(kAnswer300);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Score300WordAnswerNoQuestion)->Unit(benchmark::kMicrosecond);

void BM_Score1MiBAnswer(benchmark::State& state) {
  const std::string text = one_mebibyte_answer();
  const sc::Question* question = sc::find_question("pipeline-broke");
  for (auto _ : state) {
    sc::ScoreResult r = sc::score_answer(text, question);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Score1MiBAnswer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
