// scoring::score_answer on arbitrary bytes, generic and against a question from the bank
// (picked by the first byte), then the result's SPEC invariants, strict JSON serialisation
// (nlohmann's dump() throws type_error 316 on invalid UTF-8 in any string: the scorer repairs
// its input, so nothing it returns may hold any), the text report, determinism, and
// repair_utf8 being idempotent.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scoring/questions.h"
#include "scoring/score.h"

namespace scoring = starcoach::scoring;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "FUZZ FAILURE: %s %s\n", what, detail.c_str());
  std::abort();
}

void check_range(int v, int lo, int hi, const char* what) {
  if (v < lo || v > hi) fail(what, std::to_string(v));
}

void check_unit(double v, const char* what) {
  if (!(v >= 0.0 && v <= 1.0)) fail(what, std::to_string(v));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& bank = scoring::question_bank();
  const size_t pick = data[0] % (bank.size() + 1);
  const scoring::Question* question = pick < bank.size() ? &bank[pick] : nullptr;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  const scoring::ScoreResult r = scoring::score_answer(text, question);

  check_range(r.overall, 0, 100, "overall out of 0..100");
  if (r.band != scoring::band_for(r.overall)) fail("band does not match overall", r.band);
  if (r.words < 0) fail("negative word count");
  if (r.speaking_seconds < 0) fail("negative speaking time");
  if (r.question != (question ? question->id : std::string())) fail("question id", r.question);
  check_unit(r.star.situation, "star.situation");
  check_unit(r.star.task, "star.task");
  check_unit(r.star.action, "star.action");
  check_unit(r.star.result, "star.result");
  if (r.dimensions.size() != 8) fail("not eight dimensions", std::to_string(r.dimensions.size()));
  for (const auto& d : r.dimensions) check_range(d.score, 0, 100, "dimension out of 0..100");
  for (const auto& f : r.flags)
    if (scoring::flag_description(f).empty()) fail("flag without a description", f);

  std::string dumped;
  try {
    dumped = scoring::to_json(r).dump();  // strict: throws on invalid UTF-8
  } catch (const nlohmann::json::exception& e) {
    fail("to_json(result).dump() threw", e.what());
  }
  (void)scoring::render_text_report(r, true);
  const std::string plain = scoring::render_text_report(r, false);
  try {
    (void)nlohmann::json(plain).dump();  // the report is valid UTF-8 too
  } catch (const nlohmann::json::exception& e) {
    fail("render_text_report produced invalid UTF-8", e.what());
  }

  // Deterministic: the same text scores the same (cheap enough for short inputs).
  if (size < 4096 && scoring::to_json(scoring::score_answer(text, question)).dump() != dumped)
    fail("score_answer is not deterministic");

  const std::string repaired = scoring::repair_utf8(text);
  try {
    (void)nlohmann::json(repaired).dump();
  } catch (const nlohmann::json::exception& e) {
    fail("repair_utf8 left invalid UTF-8", e.what());
  }
  if (scoring::repair_utf8(repaired) != repaired) fail("repair_utf8 is not idempotent");
  return 0;
}
