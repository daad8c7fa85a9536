// Golden outputs: score_answer must give byte-identical results for a fixed set of inputs, so
// that performance work on scoring/ cannot change what users see.
//
// Inputs: every devset answer (read from STARCOACH_SHARED_DIR at test time) with its question
// and without one, the odd inputs embedded below, and a 300-word answer under every question
// id. Those results are stored in full (to_json plus the unrounded STAR figures). A wider
// matrix (every text under every question, and cut-off prefixes of the devset texts) is stored
// as one FNV-1a hash per row to keep tests/scoring/golden_outputs.json small.
//
// Regenerate only when a scoring change is meant to change outputs:
//   STARCOACH_WRITE_GOLDEN=1 ./test_scoring --gtest_filter='Golden.*'
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scoring/score.h"
#include "tests/scoring/sample_answer.h"

namespace sc = starcoach::scoring;
namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

const fs::path kGoldenFile = fs::path(STARCOACH_SOURCE_DIR) / "tests/scoring/golden_outputs.json";

struct Input {
  std::string id;
  std::string text;
};

using starcoach::testing::kAnswer300;

std::string repeat_to(const std::string& unit, std::size_t size) {
  std::string out;
  while (out.size() < size) out += unit;
  out.resize(size);
  return out;
}

// Odd and varied inputs; the ids are stable keys in the golden file.
std::vector<Input> extra_inputs() {
  const std::string story =
      "Last year at a fintech I owned the nightly revenue load. It failed at 3 a.m. because an "
      "upstream team renamed a column without telling anyone. My job was to get finance correct "
      "numbers by 9. I patched the mapping, reran the load and compared totals with the ledger. "
      "Then I told the finance lead and posted in #data-incidents. Afterwards I added a schema "
      "contract test and an alert on row counts. Since then it has not recurred in six months "
      "and finance trusts the dashboard again.\n\n";
  return {
      {"empty", ""},
      {"whitespace", " \n\t \r\n  \xC2\xA0 "},
      {"one_word", "ok"},
      {"tiny", "I fixed it."},
      {"slack_markup",
       "<@U123|alice> and <@U77> in <#C42|data-eng> <#C9> *bold* _italic_ ~strike~ `code` "
       "```block``` <https://x.example/a|the runbook> <mailto:a@b.c> &amp; &lt;tag&gt; :tada: "
       ":+1: <!here> <!subteam^S1|@oncall> <!channel> amount_cents > quoted\n> line two <bad"},
      {"emoji", "\xF0\x9F\x9A\x80 We shipped \xF0\x9F\x8E\x89 the pipeline\xE2\x80\xA6 I fixed it "
                "\xE2\x80\x94 12% faster \xE2\x9C\x85\xEF\xB8\x8F and the team was happy \xF0\x9F\x98\x8A."},
      {"invalid_utf8", "I fixed \xff\xfe the \xc3\x28 job \xe2\x82 and \xf0\x9f\x98 then\0NUL and "
                       "\xed\xa0\x80 surrogate \xc0\xaf overlong \xf4\x90\x80\x80 high"s},
      {"curly_quotes", "I didn\xE2\x80\x99t \xE2\x80\x98wait\xE2\x80\x99; we\xE2\x80\x99" "d "
                       "\xE2\x80\x9C" "already\xE2\x80\x9D told finance\xE2\x80\x99s lead. It\xE2\x80\x99s fixed."},
      {"bullets", "What I did:\n- Added a freshness test\n* Told finance in #ops\n"
                  "\xE2\x80\xA2 Rewrote the join\n1. Reran the backfill\n2) Backfilled 14 days\n"
                  "\xE2\x80\x93 Set up an alert\n   > quoted reply"},
      {"star_headings", "Situation: our Kafka consumer lagged.\nTask: my goal was zero loss.\n"
                        "Action: I resized the cluster and wrote a runbook.\nResults : lag fell "
                        "from 40 minutes to 2 minutes.\nS: short\nR: done"},
      {"numbers", "It cost $410K a year, 9,000 rows, 1.2 TB, at 7:40, 12% more, 3x faster, 24/7, "
                  "\xC2\xA3" "30 and \xE2\x82\xAC" "5, 2 million dollars, from 4 hours to 35 minutes, "
                  "forty K, 2 more weeks, half, twice, three hundred percent."},
      {"code_like", "I called spark.sql() on amount_cents, renamed camelCase fields in "
                    "dbt_project.yml and fixed foo.bar.baz and os.path.join(a, b)."},
      {"hyphens", "The post-mortem from on-call found driver-planning at a start-up in e-commerce "
                  "was self-serve; well-known re-run semi-colon -dash dash- a--b"},
      {"blame",
       "The upstream team broke it again without telling us, as usual. It was their fault and "
       "not my problem. They never tells anyone. Nothing I could do; it was out of my hands. "
       "We waited for them to fix their mess."},
      {"vague_we",
       "We migrated our warehouse to dbt. We planned the work and we ran both systems in "
       "parallel. We compared outputs and we cut over in March. Our analysts liked it and we "
       "saved 20% on compute."},
      {"other_scripts", "\xD0\x9C\xD1\x8B \xD0\xBF\xD0\xBE\xD1\x87\xD0\xB8\xD0\xBD\xD0\xB8\xD0\xBB\xD0\xB8 "
                        "\xE6\x95\xB0\xE6\x8D\xAE\xE7\xAE\xA1\xE9\x81\x93\xE3\x80\x82 I fixed "
                        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D the caf\xC3\xA9 na\xC3\xAFve load."},
      {"all_caps", "I FIXED THE PIPELINE. WE TOLD FINANCE AT 9 A.M. THE SLA HELD FOR 3 MONTHS."},
      {"abbreviations", "At 7 a.m. SLA the e.g. dbt job failed. It was late! Really?! Yes\xE2\x80\xA6 "
                        "then i.e. the U.S. team... reran it. Done.\" (Ok.) 'Fine.'"},
      {"control_chars", "I\x01" "fixed\x1b[31m it\x7f now \xC2\x85 next\r\nline\x0b\x0c end"},
      {"crlf", "Situation: a bank.\r\nTask: fix it.\r\n\r\nAction: I reran it.\r\nResult: done."},
      {"long_word", std::string(1000, 'a') + " I fixed " + std::string(300, 'Z')},
      {"no_punctuation", repeat_to("i fixed the load and we told finance then added a test ", 3000)},
      {"ai_tools",
       "I use Copilot to draft SQL. Before merging I compared its output with the trusted totals "
       "from production and diffed row counts against last month. One query double counted "
       "refunds by 3%, so I rewrote the join. The team now validates generated code the same way."},
      {"tradeoff",
       "We had two options: streaming would cost $4,500 a month while batch was $300 a month. "
       "I estimated the latency of each and chose hourly batch instead of the streaming option. "
       "The finance team saved $50K a year."},
      {"story_10k", repeat_to(story, 10 * 1024)},
      {"story_100k", repeat_to(story, 100 * 1024)},
      {"answer300", kAnswer300},
  };
}

std::vector<Input> devset_inputs(std::map<std::string, std::string>& question_of) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(STARCOACH_SHARED_DIR) / "scoring-devset")) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Input> out;
  for (const fs::path& p : files) {
    std::ifstream in(p);
    const nlohmann::json j = nlohmann::json::parse(in);
    out.push_back({j.at("id").get<std::string>(), j.at("text").get<std::string>()});
    question_of[out.back().id] = j.at("question").get<std::string>();
  }
  return out;
}

// The result as JSON, plus the STAR figures at full precision (to_json rounds them).
nlohmann::json snapshot(const sc::ScoreResult& r) {
  nlohmann::json j = sc::to_json(r);
  char exact[160];
  std::snprintf(exact, sizeof exact, "%a %a %a %a", r.star.situation, r.star.task, r.star.action,
                r.star.result);
  j["star_exact"] = exact;
  return j;
}

std::string fnv1a(const std::string& s, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

// One hash over the results of `text` under no question and then every question of the bank.
std::string every_question_hash(const std::string& text) {
  std::string all = snapshot(sc::score_answer(text)).dump();
  for (const sc::Question& q : sc::question_bank()) all += snapshot(sc::score_answer(text, &q)).dump();
  return fnv1a(all);
}

// One hash over the results of prefixes of `text` (cuts land mid-word and mid-UTF-8 sequence).
std::string prefixes_hash(const std::string& text, const sc::Question* q) {
  std::string all;
  for (std::size_t cut = 1; cut < text.size(); cut = cut * 2 + 7) {
    all += snapshot(sc::score_answer(std::string_view(text).substr(0, cut), q)).dump();
  }
  return fnv1a(all);
}

struct Golden {
  std::map<std::string, nlohmann::json> full;
  std::map<std::string, std::string> hashed;
};

Golden compute() {
  Golden g;
  std::map<std::string, std::string> question_of;
  const std::vector<Input> devset = devset_inputs(question_of);
  for (const Input& in : devset) {
    const sc::Question* q = sc::find_question(question_of.at(in.id));
    g.full["devset/" + in.id + "/question"] = snapshot(sc::score_answer(in.text, q));
    g.full["devset/" + in.id + "/none"] = snapshot(sc::score_answer(in.text));
    g.hashed["devset/" + in.id + "/every_question"] = every_question_hash(in.text);
    g.hashed["devset/" + in.id + "/prefixes"] = prefixes_hash(in.text, q);
  }
  const sc::Question* pipeline = sc::find_question("pipeline-broke");
  for (const Input& in : extra_inputs()) {
    g.full["extra/" + in.id + "/none"] = snapshot(sc::score_answer(in.text));
    g.full["extra/" + in.id + "/pipeline-broke"] = snapshot(sc::score_answer(in.text, pipeline));
    g.hashed["extra/" + in.id + "/every_question"] = every_question_hash(in.text);
    if (in.text.size() < 20000) g.hashed["extra/" + in.id + "/prefixes"] = prefixes_hash(in.text, pipeline);
  }
  for (const sc::Question& q : sc::question_bank()) {
    g.full["answer300/" + q.id] = snapshot(sc::score_answer(kAnswer300, &q));
  }
  return g;
}

// One entry per line so a diff of the golden file points at the inputs that changed.
void write(const Golden& g, const fs::path& path) {
  std::ofstream out(path);
  out << "{\"full\": {\n";
  bool first = true;
  for (const auto& [id, j] : g.full) {
    out << (first ? "" : ",\n") << nlohmann::json(id).dump() << ": " << j.dump();
    first = false;
  }
  out << "\n},\n\"hashed\": {\n";
  first = true;
  for (const auto& [id, h] : g.hashed) {
    out << (first ? "" : ",\n") << nlohmann::json(id).dump() << ": \"" << h << "\"";
    first = false;
  }
  out << "\n}}\n";
}

TEST(Golden, ScoreResultsAreByteIdenticalToTheRecordedOutputs) {
  const Golden now = compute();
  if (std::getenv("STARCOACH_WRITE_GOLDEN")) {
    write(now, kGoldenFile);
    GTEST_SKIP() << "wrote " << kGoldenFile;
  }
  std::ifstream in(kGoldenFile);
  ASSERT_TRUE(in) << "missing " << kGoldenFile;
  const nlohmann::json expected = nlohmann::json::parse(in);
  ASSERT_EQ(expected.at("full").size(), now.full.size());
  ASSERT_EQ(expected.at("hashed").size(), now.hashed.size());
  for (const auto& [id, j] : now.full) {
    ASSERT_TRUE(expected.at("full").contains(id)) << id;
    EXPECT_EQ(expected.at("full").at(id).dump(), j.dump()) << id;
  }
  for (const auto& [id, h] : now.hashed) {
    ASSERT_TRUE(expected.at("hashed").contains(id)) << id;
    EXPECT_EQ(expected.at("hashed").at(id).get<std::string>(), h) << id;
  }
}

}  // namespace
