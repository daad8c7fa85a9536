// One row per flag rule: a text (and question) where the flag must be raised, and a close
// variant where it must not. The texts are short and written for these tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "scoring/score.h"

namespace sc = starcoach::scoring;

namespace {

// A complete, clean incident story (about 250 words) that the rows below damage one way each.
const char* const kBase =
    "At a subscription-box company I owned the nightly orders load into Snowflake, which the "
    "warehouse operations managers use at 6 a.m. to plan packing shifts for about 40,000 boxes.\n\n"
    "My job was to keep that data correct and on time, and after one bad night to make sure the "
    "same failure could not reach the managers again.\n\n"
    "The load failed at 2 a.m. on a type error after the order service started sending box "
    "weights as text. I checked the raw files, confirmed only the weight field had changed, and "
    "cast it explicitly in the staging model. At 2:30 I posted in the operations channel that "
    "the packing report would be about an hour late and what had happened. I reran the load, "
    "compared order counts with the order service's own totals, and told the operations managers "
    "at 5:10 that the numbers were ready. Afterwards I added a schema test that fails the load "
    "when a field changes type, an alert on the loaded row count, and a runbook entry for the "
    "on-call rotation, and I agreed a data contract with the order service team.\n\n"
    "The managers planned their shifts on time that morning with correct numbers. In the seven "
    "months since, the contract check has blocked two breaking changes before release and the "
    "load has not failed once.";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test text lacks: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string words(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i ? " load" : "load";
  return out;
}

bool raised(const sc::ScoreResult& r, const std::string& flag) {
  return std::find(r.flags.begin(), r.flags.end(), flag) != r.flags.end();
}

struct FlagCase {
  const char* name;
  const char* flag;
  std::string text;
  const char* question;  // "" for none
  bool expected;
};

// Readable test output instead of a byte dump.
void PrintTo(const FlagCase& c, std::ostream* os) { *os << c.name; }

class FlagRules : public ::testing::TestWithParam<FlagCase> {};

TEST_P(FlagRules, RaiseExactlyWhenTheRuleApplies) {
  const FlagCase& c = GetParam();
  const sc::Question* q = *c.question ? sc::find_question(c.question) : nullptr;
  const sc::ScoreResult r = sc::score_answer(c.text, q);
  std::string got;
  for (const auto& f : r.flags) got += f + " ";
  EXPECT_EQ(raised(r, c.flag), c.expected) << c.name << ": flags were [" << got << "]";
}

const std::string kNoComm = replace(
    replace(kBase, "At 2:30 I posted in the operations channel that the packing report would be "
                   "about an hour late and what had happened. ", ""),
    "and told the operations managers at 5:10 that the numbers were ready", "and reopened the report at 5:10");
const std::string kNoHardening = replace(
    replace(kBase, "Afterwards I added a schema test that fails the load when a field changes type, "
                   "an alert on the loaded row count, and a runbook entry for the on-call rotation, "
                   "and I agreed a data contract with the order service team.", ""),
    "In the seven months since, the contract check has blocked two breaking changes before "
    "release and the load has not failed once.", "");

// A cost-versus-speed story whose options carry no numbers.
const std::string kUnpriced =
    "At a marketplace the analytics team needed a faster model refresh before a product launch. "
    "My task was to decide between paying for a bigger warehouse and optimising the queries. I "
    "compared both options: a bigger warehouse would cost more but be fast, and rewriting the joins "
    "would be cheaper but slower. I chose the bigger warehouse for the launch week, planned the "
    "rewrite for the sprint after, and told the analysts and my manager about the extra spend. The "
    "launch went out on time and the refresh took 20 minutes instead of two hours.";

INSTANTIATE_TEST_SUITE_P(
    Table, FlagRules,
    ::testing::Values(
        FlagCase{"clean story raises no missing part", "missing_situation", kBase, "pipeline-broke", false},
        FlagCase{"starting with an action is missing the situation", "missing_situation",
                 replace(kBase, "At a subscription-box company I owned the nightly orders load into Snowflake, "
                                "which the warehouse operations managers use at 6 a.m. to plan packing shifts "
                                "for about 40,000 boxes.\n\n", "First I opened the logs.\n\n"),
                 "pipeline-broke", true},
        FlagCase{"a stated job is a task", "missing_task", kBase, "pipeline-broke", false},
        FlagCase{"no goal or responsibility is missing the task", "missing_task",
                 replace(replace(kBase, "My job was to keep that data correct and on time, and after one bad night "
                                        "to make sure the same failure could not reach the managers again.\n\n", ""),
                         "I owned the nightly orders load", "there is a nightly orders load"),
                 "pipeline-broke", true},
        FlagCase{"passive story is missing the action", "missing_action",
                 "At a retailer the nightly load failed one Monday and the dashboard was empty. The "
                 "problem was a type change upstream. Eventually the load was rerun by the platform "
                 "team and the dashboard was fine again by the afternoon.",
                 "pipeline-broke", true},
        FlagCase{"story that ends on actions is missing the result", "missing_result",
                 replace(kBase, "The managers planned their shifts on time that morning with correct numbers. "
                                "In the seven months since, the contract check has blocked two breaking changes "
                                "before release and the load has not failed once.",
                         "Then I went back to my sprint work."),
                 "pipeline-broke", true},
        FlagCase{"any number counts as a metric", "no_metric", kBase, "pipeline-broke", false},
        FlagCase{"number words count as a metric", "no_metric",
                 "I owned the load. It failed for three days and I fixed it for half the cost.", "", false},
        FlagCase{"no quantity at all raises no_metric", "no_metric",
                 "I owned the load. It failed and I fixed it, told finance, and added a test.", "", true},
        FlagCase{"a business result is not technical only", "technical_result_only", kBase, "pipeline-broke", false},
        FlagCase{"artefacts-only result is technical only", "technical_result_only",
                 replace(kBase, "The managers planned their shifts on time that morning with correct numbers. "
                                "In the seven months since, the contract check has blocked two breaking changes "
                                "before release and the load has not failed once.",
                         "In the end the staging model has an explicit cast, two new tests and a contract "
                         "file, and the load job runs in 14 minutes."),
                 "pipeline-broke", true},
        FlagCase{"no result means no technical_result_only", "technical_result_only",
                 replace(kBase, "The managers planned their shifts on time that morning with correct numbers. "
                                "In the seven months since, the contract check has blocked two breaking changes "
                                "before release and the load has not failed once.",
                         "Then I went back to my sprint work."),
                 "pipeline-broke", false},
        FlagCase{"first person singular is not vague", "vague_we", kBase, "pipeline-broke", false},
        FlagCase{"we everywhere is vague", "vague_we",
                 "At a retailer our team owned the nightly load. We had to fix it fast when it failed. "
                 "We checked our logs, we patched our parser, we told our finance partners, and we added "
                 "our own schema test. Our dashboards were back in 40 minutes.",
                 "pipeline-broke", true},
        FlagCase{"blame with no response", "blames_upstream",
                 "At a retailer the platform team broke our load without telling anyone, which keeps "
                 "happening. It was their fault, so I waited for them to fix it. The dashboard was back "
                 "after 6 hours.",
                 "pipeline-broke", true},
        FlagCase{"cause upstream but the speaker acted", "blames_upstream",
                 replace(kBase, "after the order service started sending box weights as text",
                         "after the order service changed a field without telling anyone"),
                 "pipeline-broke", false},
        FlagCase{"incident without a durable change", "no_hardening", kNoHardening, "pipeline-broke", true},
        FlagCase{"incident with tests and alerts", "no_hardening", kBase, "pipeline-broke", false},
        FlagCase{"no_hardening only for failure stories", "no_hardening", kNoHardening, "late-arriving-data", false},
        FlagCase{"incident text without a question still needs hardening", "no_hardening", kNoHardening, "", true},
        FlagCase{"nobody told", "no_communication", kNoComm, "pipeline-broke", true},
        FlagCase{"affected people told", "no_communication", kBase, "missed-sla", false},
        FlagCase{"no_communication only for failure stories", "no_communication",
                 "At a marketplace I mentored a junior engineer who froze whenever a pipeline failed at "
                 "night. My goal was to get him on call on his own within a quarter. I let him drive "
                 "during my shifts, coached him through two broken loads, and paired with him on the "
                 "runbooks. By month three he handled a failed load alone and the rotation grew from "
                 "three people to four.",
                 "mentored-engineer", false},
        FlagCase{"tool explanations crowd out decisions", "tool_heavy",
                 std::string(kBase) +
                     "\n\nSnowflake stores tables in micro-partitions and the optimizer prunes them by "
                     "min and max metadata. A stream is an offset on a table that tracks changes, and a "
                     "task runs SQL on a schedule in a warehouse. The COPY command reads files from a "
                     "stage, and the file format decides how columns are parsed. Variant columns store "
                     "semi-structured JSON, and you query them with path expressions and casts. "
                     "Clustering keys are maintained by a background service that reorganises partitions.",
                 "pipeline-broke", true},
        FlagCase{"a story with tool names is not tool-heavy", "tool_heavy", kBase, "pipeline-broke", false},
        FlagCase{"179 words is too short", "too_short", words(179), "", true},
        FlagCase{"180 words is not too short", "too_short", words(180), "", false},
        FlagCase{"420 words is not too long", "too_long", words(420), "", false},
        FlagCase{"421 words is too long", "too_long", words(421), "", true},
        FlagCase{"unpriced options in a trade-off story", "no_tradeoff", kUnpriced, "cost-vs-velocity", true},
        FlagCase{"no_tradeoff only for trade-off questions", "no_tradeoff", kBase, "pipeline-broke", false},
        FlagCase{"no_tradeoff never without a question", "no_tradeoff", kBase, "", false},
        FlagCase{"priced options are a trade-off", "no_tradeoff",
                 replace(kUnpriced, "a bigger warehouse would cost more but be fast, and rewriting the joins "
                                    "would be cheaper but slower",
                         "a bigger warehouse would cost about $1,200 for the week, and rewriting the joins "
                         "would take me four days"),
                 "cost-vs-velocity", false},
        FlagCase{"AI use without checking against data", "no_validation",
                 "At a bank I use Copilot for SQL every day. My goal was faster delivery, so I read the "
                 "generated SQL, made sure it compiled, and asked a colleague to review it. I save four "
                 "hours a week and my team ships faster.",
                 "ai-tools", true},
        FlagCase{"AI output compared with real data", "no_validation",
                 "At a bank I use Copilot for SQL every day. My goal was faster delivery, so I run the "
                 "generated SQL on last month's data and compare the totals with the finance report "
                 "before merging. I save four hours a week and my team ships faster.",
                 "ai-tools", false},
        FlagCase{"testing generated SQL on production data is validation", "no_validation",
                 "At a bank I use Copilot for SQL every day. My goal was faster delivery without wrong "
                 "numbers, so I always test it on a copy of production data and check the row counts "
                 "before merging. I save four hours a week and my team ships faster.",
                 "ai-tools", false},
        FlagCase{"options priced side by side are a trade-off", "no_tradeoff",
                 replace(kUnpriced, "a bigger warehouse would cost more but be fast, and rewriting the joins "
                                    "would be cheaper but slower",
                         "the bigger warehouse cost $1,200 for the week while the rewrite took four days"),
                 "cost-vs-velocity", false},
        FlagCase{"a safeguard now in place is hardening", "no_hardening",
                 replace(kNoHardening, "The managers planned their shifts on time that morning with correct numbers.",
                         "The managers planned their shifts on time that morning, and the load now has a "
                         "schema test that fails the run when a field changes type."),
                 "pipeline-broke", false},
        FlagCase{"no_validation only for ai-tools", "no_validation", kBase, "pipeline-broke", false},
        FlagCase{"answer about another subject is off topic", "off_topic", kBase, "disagreed-definition", true},
        FlagCase{"answer to the question is on topic", "off_topic", kBase, "pipeline-broke", false},
        FlagCase{"off_topic never without a question", "off_topic", kBase, "", false}),
    [](const ::testing::TestParamInfo<FlagCase>& info) {
      std::string name = info.param.name;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(FlagOrder, FollowsTheSpecTable) {
  const std::vector<std::string> spec = {
      "missing_situation", "missing_task", "missing_action", "missing_result", "no_metric",
      "technical_result_only", "vague_we", "blames_upstream", "no_hardening", "no_communication",
      "tool_heavy", "too_short", "too_long", "no_tradeoff", "no_validation", "off_topic"};
  const sc::ScoreResult r = sc::score_answer("We broke it. Our fault.", sc::find_question("ai-tools"));
  std::size_t last = 0;
  for (const auto& f : r.flags) {
    const auto at = std::find(spec.begin(), spec.end(), f);
    ASSERT_NE(at, spec.end()) << f;
    const auto index = static_cast<std::size_t>(at - spec.begin());
    EXPECT_GE(index, last) << f;
    last = index;
  }
}

TEST(FlagDescriptions, ExistForEverySpecFlagAndNotForUnknownOnes) {
  for (const char* f : {"missing_situation", "missing_task", "missing_action", "missing_result",
                        "no_metric", "technical_result_only", "vague_we", "blames_upstream",
                        "no_hardening", "no_communication", "tool_heavy", "too_short", "too_long",
                        "no_tradeoff", "no_validation", "off_topic"}) {
    EXPECT_FALSE(sc::flag_description(f).empty()) << f;
  }
  EXPECT_TRUE(sc::flag_description("no_such_flag").empty());
}

}  // namespace
