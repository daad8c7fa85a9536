// Developer aid, disabled by default: prints how the scorer read each sentence of one devset
// answer. Run: STARCOACH_EXPLAIN=dev-pb-orders ./test_scoring --gtest_also_run_disabled_tests
//   --gtest_filter='*Explain*'
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "scoring/analysis.h"
#include "scoring/score.h"

namespace sc = starcoach::scoring;

// One line per devset answer with the answer-level signals (STARCOACH_EXPLAIN=all).
static void print_summary_of_all() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(STARCOACH_SHARED_DIR) / "scoring-devset")) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    const auto j = nlohmann::json::parse(in);
    const std::string text = j.at("text").get<std::string>();
    const sc::Question* q = sc::find_question(j.at("question").get<std::string>());
    const auto doc = sc::detail::analyse_text(sc::repair_utf8(text));
    const auto sig = sc::detail::read_signals(doc, q);
    const auto r = sc::score_answer(text, q);
    std::cout << f.stem().string().substr(0, 32) << "\tg" << j.at("grade").get<int>() << " o" << r.overall
              << "\tinc " << sig.incident << "/" << sig.incident_sentences << "/" << doc.sentences.size()
              << "\tmech " << sig.mechanics_sentences << "/" << sig.mechanics_words << "/" << doc.words
              << "\ttopic " << sig.topic_hits << "/" << sig.topic_distinct << "\thard " << sig.hardening_sentences
              << " comm " << sig.communication_sentences << " blame " << sig.blame << " fix " << sig.fix_clauses
              << "\n";
  }
}

TEST(Explain, DISABLED_PrintSentenceSignalsOfOneDevsetAnswer) {
  const char* id = std::getenv("STARCOACH_EXPLAIN");
  if (!id) GTEST_SKIP() << "set STARCOACH_EXPLAIN to a devset id";
  if (std::string(id) == "all") {
    print_summary_of_all();
    return;
  }
  std::ifstream in(std::filesystem::path(STARCOACH_SHARED_DIR) / "scoring-devset" / (std::string(id) + ".json"));
  ASSERT_TRUE(in) << "no devset answer " << id;
  const auto j = nlohmann::json::parse(in);
  const std::string text = j.at("text").get<std::string>();
  const sc::Question* q = sc::find_question(j.at("question").get<std::string>());
  const auto doc = sc::detail::analyse_text(sc::repair_utf8(text));
  const auto sig = sc::detail::read_signals(doc, q);
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    const auto& s = sig.sentences[i];
    std::cout << i << " p" << doc.sentences[i].paragraph << (static_cast<int>(i) >= sig.result_begin ? " R" : "  ")
              << " I" << s.first_singular << " we" << s.first_plural << " act" << s.action_clauses_i << "/"
              << s.action_clauses_we << " fix" << s.fix_clauses << (s.action_led ? " LED" : "") << (s.context_rich ? " CTX" : "")
              << (s.hypothetical ? " HYP" : "") << (s.task_strong ? " TASK" : "") << (s.task_weak ? " task" : "")
              << " out" << s.outcome_strong << "/" << s.outcome_weak << " biz" << s.business << " tech" << s.tech
              << (s.explains ? " EXPL" : "") << (s.generic_you ? " YOU" : "") << (s.hardening ? " HARD" : "")
              << (s.communication ? " COMM" : "") << " inc" << s.incident << " num" << s.numbers << "/" << s.measured
              << (s.option_cue ? " OPT" : "") << (s.validation ? " VAL" : "") << " blame" << s.blame << "\n    "
              << sc::detail::quote_sentence(doc, static_cast<int>(i), 30) << "\n";
  }
  std::cout << "topic " << sig.topic_hits << "/" << sig.topic_distinct << " mechanics " << sig.mechanics_sentences << "/"
            << sig.mechanics_words << " of " << doc.words << "\n";
  std::cout << sc::render_text_report(sc::score_answer(text, q), false);
}
