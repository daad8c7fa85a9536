// Scores every labeled answer in shared/scoring-devset and checks the scorer against the labels:
// macro flag F1, Spearman correlation of overall with grade, ablation pairs, band accuracy.
// The figures are printed so the README can quote them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scoring/score.h"

namespace fs = std::filesystem;
using starcoach::scoring::find_question;
using starcoach::scoring::score_answer;
using starcoach::scoring::ScoreResult;

namespace {

const std::vector<std::string> kFlagIds = {
    "missing_situation", "missing_task", "missing_action", "missing_result",
    "no_metric", "technical_result_only", "vague_we", "blames_upstream",
    "no_hardening", "no_communication", "tool_heavy", "too_short",
    "too_long", "no_tradeoff", "no_validation", "off_topic"};

struct Labeled {
  std::string id, question, text;
  int grade = 0;
  std::set<std::string> flags;
  ScoreResult scored;
};

std::vector<Labeled> load_devset() {
  std::vector<Labeled> out;
  const fs::path dir = fs::path(STARCOACH_SHARED_DIR) / "scoring-devset";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::ifstream in(p);
    const nlohmann::json j = nlohmann::json::parse(in);
    Labeled l;
    l.id = j.at("id").get<std::string>();
    l.question = j.at("question").get<std::string>();
    l.text = j.at("text").get<std::string>();
    l.grade = j.at("grade").get<int>();
    for (const auto& f : j.at("flags")) l.flags.insert(f.get<std::string>());
    l.scored = score_answer(l.text, find_question(l.question));
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> idx(v.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= n, mb /= n;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) * (a[i] - ma);
    vb += (b[i] - mb) * (b[i] - mb);
  }
  return cov / std::sqrt(va * vb);
}

std::string expected_band(int grade) {
  if (grade >= 5) return "strong";
  if (grade == 4) return "solid";
  if (grade == 3) return "developing";
  return "weak";
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out;
}

class Devset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { answers_ = new std::vector<Labeled>(load_devset()); }
  static void TearDownTestSuite() {
    delete answers_;
    answers_ = nullptr;
  }
  static std::vector<Labeled>* answers_;
};
std::vector<Labeled>* Devset::answers_ = nullptr;

TEST_F(Devset, HasAllLabeledAnswersAndKnownQuestions) {
  ASSERT_GE(answers_->size(), 50u);
  for (const Labeled& l : *answers_) {
    EXPECT_NE(find_question(l.question), nullptr) << l.id << " uses unknown question " << l.question;
  }
}

TEST_F(Devset, MacroFlagF1IsAtLeast085) {
  double sum_f1 = 0;
  std::ostringstream per_flag;
  for (const std::string& flag : kFlagIds) {
    int tp = 0, fp = 0, fn = 0;
    for (const Labeled& l : *answers_) {
      const bool want = l.flags.count(flag) > 0;
      const bool got = std::find(l.scored.flags.begin(), l.scored.flags.end(), flag) != l.scored.flags.end();
      tp += want && got;
      fp += !want && got;
      fn += want && !got;
    }
    const double f1 = tp + fp + fn == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    sum_f1 += f1;
    per_flag << "  " << std::left << std::setw(22) << flag << " F1 " << std::fixed
             << std::setprecision(2) << f1 << "  (tp " << tp << ", fp " << fp << ", fn " << fn << ")\n";
  }
  const double macro = sum_f1 / static_cast<double>(kFlagIds.size());
  for (const Labeled& l : *answers_) {
    const std::set<std::string> got(l.scored.flags.begin(), l.scored.flags.end());
    if (got != l.flags) {
      std::cout << "  flag mismatch " << l.id << ": want [" << join(l.flags) << "] got [" << join(got) << "]\n";
    }
  }
  std::cout << per_flag.str();
  std::cout << "DEVSET macro-averaged flag F1: " << std::fixed << std::setprecision(3) << macro << "\n";
  EXPECT_GE(macro, 0.85);
}

TEST_F(Devset, OverallCorrelatesWithGrade) {
  std::vector<double> overall, grade;
  for (const Labeled& l : *answers_) {
    overall.push_back(l.scored.overall);
    grade.push_back(l.grade);
  }
  const double rho = pearson(ranks(overall), ranks(grade));
  std::cout << "DEVSET Spearman(overall, grade): " << std::fixed << std::setprecision(3) << rho << "\n";
  EXPECT_GE(rho, 0.80);
}

TEST_F(Devset, AblatedVariantsScoreLowerThanTheirBase) {
  std::map<std::string, const Labeled*> by_id;
  for (const Labeled& l : *answers_) by_id[l.id] = &l;
  int pairs = 0, lower = 0;
  for (const Labeled& l : *answers_) {
    const auto cut = l.id.find("--");
    if (cut == std::string::npos) continue;
    const auto base = by_id.find(l.id.substr(0, cut));
    ASSERT_NE(base, by_id.end()) << "no base answer for " << l.id;
    ++pairs;
    if (l.scored.overall < base->second->scored.overall) {
      ++lower;
    } else {
      std::cout << "  ablation not lower: " << l.id << " " << l.scored.overall << " vs base "
                << base->second->scored.overall << "\n";
    }
  }
  ASSERT_GT(pairs, 0);
  const double share = static_cast<double>(lower) / pairs;
  std::cout << "DEVSET ablation pairs scoring lower than base: " << lower << "/" << pairs << " ("
            << std::fixed << std::setprecision(1) << 100.0 * share << "%)\n";
  EXPECT_GE(share, 0.95);
}

TEST_F(Devset, BandMatchesGradeForMostAnswers) {
  int match = 0;
  for (const Labeled& l : *answers_) {
    if (l.scored.band == expected_band(l.grade)) {
      ++match;
    } else {
      std::cout << "  band mismatch " << l.id << ": grade " << l.grade << " overall " << l.scored.overall
                << " (" << l.scored.band << ")\n";
    }
  }
  const double share = static_cast<double>(match) / static_cast<double>(answers_->size());
  std::cout << "DEVSET band accuracy: " << match << "/" << answers_->size() << " (" << std::fixed
            << std::setprecision(1) << 100.0 * share << "%)\n";
  EXPECT_GE(share, 0.70);
}

TEST_F(Devset, WordCountsMatchWhitespaceSplit) {
  for (const Labeled& l : *answers_) {
    std::istringstream in(l.text);
    int n = 0;
    for (std::string w; in >> w;) ++n;
    EXPECT_EQ(l.scored.words, n) << l.id;
  }
}

}  // namespace
