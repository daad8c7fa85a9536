// Answers written for these tests (not taken from the devset), one or more per flag, to check
// the scorer generalises beyond the texts it was calibrated on. Each row names the flags that
// must be raised and the flags that must not.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "scoring/score.h"

namespace sc = starcoach::scoring;

namespace {

struct OwnAnswer {
  const char* name;
  const char* question;  // "" for none
  const char* text;
  std::vector<std::string> must_raise;
  std::vector<std::string> must_not_raise;
  int min_overall = 0, max_overall = 100;
};

const char* const kCleanIncident =
    "I was the on-call engineer at a ride-hailing company when our Kinesis consumer for trip "
    "events stalled on a Sunday evening. It feeds the surge-pricing tables that the pricing "
    "analysts and the city operations managers watch every fifteen minutes.\n\n"
    "My responsibility was to get fresh trip data flowing again before the Monday morning peak, "
    "and to make sure a stalled consumer could never go unnoticed for hours again.\n\n"
    "I noticed the lag on the freshness panel about forty minutes after it began. I checked the "
    "consumer logs and found one malformed record, a trip with an empty city code, that the "
    "consumer retried forever. I messaged the operations managers in their channel that surge "
    "tables were stale, gave them the last good timestamp, and promised an update within the "
    "hour. I moved the bad record to a side table, restarted the consumer, and replayed the "
    "backlog of about 2.3 million events, then compared hourly trip counts with the trip "
    "service's own totals before I told the analysts the tables were current again. The next "
    "day I added a dead-letter queue for records that fail parsing, an alarm when consumer lag "
    "passes five minutes, and a runbook page describing the replay.\n\n"
    "The tables were fresh again two hours after the stall began, well before the Monday peak, "
    "and the operations team never priced a shift on stale data. In the six months since, the "
    "dead-letter queue has caught eleven malformed records without a single stall, and the lag "
    "alarm fired once and was resolved in under ten minutes.";

const std::vector<OwnAnswer>& own_answers() {
  static const std::vector<OwnAnswer> answers = {
      {"clean incident story is strong", "pipeline-broke", kCleanIncident, {},
       {"missing_situation", "missing_task", "missing_action", "missing_result", "no_metric",
        "vague_we", "blames_upstream", "no_hardening", "no_communication", "tool_heavy",
        "too_short", "too_long", "off_topic", "technical_result_only"},
       70, 100},

      {"same incident without a question still needs no flags", "", kCleanIncident, {},
       {"no_hardening", "no_communication", "off_topic", "no_tradeoff", "no_validation"}, 65, 100},

      {"team voice hides the speaker", "reduced-cost",
       "Our analytics group at a streaming-music company noticed that our Databricks spend had "
       "grown to roughly $90K a month. We decided together that we needed to bring it down before "
       "the annual budget review, and our lead asked us to own the effort as a team.\n\n"
       "We started by tagging every cluster with its owner, and we found that interactive "
       "clusters left running overnight made up a third of the bill. We set auto-termination on "
       "all of them, we moved our nightly jobs to job clusters, and we rewrote our two heaviest "
       "notebooks so they only read the latest partitions. We compared reserved capacity at about "
       "$60K a month against staying on demand, and we chose to stay on demand until our usage "
       "settled. We also talked with the data science group so our changes would not surprise "
       "them, and we kept their experiment clusters untouched during their quarterly model "
       "refresh. Our team shared a weekly cost summary in our channel so everyone could see "
       "progress.\n\n"
       "After two months our bill was down to about $52K a month, nobody's work was interrupted, "
       "and finance now uses our cost summary in their monthly review.",
       {"vague_we"}, {"off_topic", "no_metric", "missing_result", "too_short"}, 0, 75},

      {"story without any number", "mentored-engineer",
       "At a logistics company I worked with a new graduate engineer who was bright but kept "
       "getting stuck on our orchestration code and was too shy to ask for help in public "
       "channels.\n\n"
       "My manager asked me to help her become productive on her own, because the team was small "
       "and could not afford anyone blocked for days.\n\n"
       "I set up short pairing sessions where she drove and I only asked questions. When she got "
       "stuck, I asked her to explain what she expected the code to do before we looked at what "
       "it did, which usually showed her the gap herself. I shared my own notes on how our "
       "scheduler decides what to run, and I asked her to improve them wherever they confused "
       "her. I reviewed her pull requests quickly and wrote comments as questions rather than "
       "corrections. I also encouraged her to present a small change at our weekly demo so the "
       "wider team would see her work, and I told her about the mistakes I made in my first "
       "months so that asking for help felt normal.\n\n"
       "By the end of the quarter she was handling tickets end to end without asking me, she had "
       "rewritten the onboarding notes for the next hire, and she started answering questions "
       "from analysts in our help channel. My manager told me the team felt less dependent on "
       "me, and she later became the go-to person for our scheduler.",
       {"no_metric"}, {"off_topic", "vague_we", "no_hardening", "no_communication", "missing_result"}},

      {"vendor blamed, speaker waits", "bad-data-downstream",
       "At an insurance company our claims dashboard pulls policy data from a vendor feed every "
       "night. One week the dashboard showed a sudden drop in open claims, and the claims director "
       "asked why her numbers looked so odd.\n\n"
       "I was responsible for the claims reporting models.\n\n"
       "I looked at the feed and saw that the vendor had changed their file layout without "
       "warning, so half of the policy records loaded with empty status fields. This vendor is "
       "careless and it keeps happening, frankly it is their fault and not something the data "
       "team can control. I emailed the vendor's support address and waited for them to send a "
       "corrected file, which took four days. Until then there was nothing sensible we could do "
       "on our side.\n\n"
       "When the corrected file arrived the numbers were right again and the director was happy "
       "with the dashboard. I think the vendor should be held to a stricter contract by "
       "procurement.",
       {"blames_upstream", "no_hardening"}, {"off_topic", "vague_we"}, 0, 45},

      {"incident fixed and hardened but nobody told", "missed-sla",
       "I owned the nightly finance extract at a payments company; the accounting team needs it "
       "in their shared folder by 7 a.m. so they can reconcile the previous day.\n\n"
       "My job was to get the extract out and to make sure a slow run could not silently make it "
       "late again.\n\n"
       "One Tuesday the run was still going at 6:30. I checked the query plan and found that a new "
       "index on the transactions table was being ignored because a filter cast the date column to "
       "text. I stopped the run, rewrote the filter to compare dates directly, and restarted it on "
       "a larger warehouse. It finished at 8:10, an hour and ten minutes past the deadline. "
       "Afterwards I added a runtime alert that pages on-call if the extract has not finished by "
       "5:30, and a query test in CI that fails if the plan stops using the date index. I also "
       "wrote a runbook entry for restarting the extract on a bigger warehouse.\n\n"
       "The extract has landed before 6:15 every day in the eight months since, and the runtime "
       "alert caught one slow night early enough to fix it before anyone noticed.",
       {"no_communication"}, {"no_hardening", "off_topic", "missing_result", "no_metric"}, 0, 79},

      {"result lists only artefacts", "dbt-migration",
       "At a travel company our reporting logic lived in about 150 Python scripts run by cron, and "
       "when a script failed nobody knew which reports were affected.\n\n"
       "I was asked to lead the move to dbt over one quarter without breaking the weekly "
       "executive report.\n\n"
       "I started by mapping which scripts fed which reports from the job logs, and I retired the "
       "scripts whose output nobody opened. I ordered the rest by how many reports depended on "
       "them and migrated the least risky ones first. For each group I ran the old scripts and the "
       "new models side by side for a week and diffed the output tables every morning. I agreed "
       "with the report owners that a group switched over only after five clean diffs, and I kept "
       "the cron jobs paused rather than deleted so that rolling back meant turning them on "
       "again.\n\n"
       "In the end the project had 140 dbt models, 420 tests, a CI pipeline that builds every "
       "model on each pull request, and a nightly run of 18 minutes instead of 55.",
       {"technical_result_only"}, {"missing_result", "no_metric", "off_topic", "vague_we"}, 0, 79},

      {"tool walkthrough crowds out decisions", "late-arriving-data",
       "At a smart-meter company our hourly energy usage table was often wrong for the last few "
       "hours, because meters upload readings in bursts.\n\n"
       "I was asked to make the hourly numbers trustworthy for the billing analysts.\n\n"
       "Apache Flink assigns every record an event timestamp and tracks watermarks, which are "
       "markers that tell the operators that no older events are expected. A watermark strategy "
       "with bounded out-of-orderness subtracts a fixed delay from the highest timestamp seen, and "
       "windows fire when the watermark passes their end. Late records after that are dropped "
       "unless allowed lateness is configured, in which case the window state is kept in RocksDB "
       "and the window fires again with an update. Side outputs let you route records that are "
       "later still to a separate stream. The state backend checkpoints to S3 so the job can "
       "restore windows after a failure, and the sink has to accept upserts, so the table uses "
       "a primary key on meter id and hour. Kafka partitions are keyed by meter id so readings "
       "for one meter stay in order within a partition.\n\n"
       "I set the allowed lateness to six hours and sent very late readings to a correction "
       "table that a daily job merges.\n\n"
       "The billing analysts stopped reporting wrong hourly totals, and corrections dropped to a "
       "handful a week.",
       {"tool_heavy"}, {"off_topic", "missing_result"}},

      {"options weighed without numbers", "realtime-vs-batch",
       "At an online grocer the marketing director asked me for a live dashboard of basket sizes "
       "during promotions, because she wanted to react to campaigns as they happened.\n\n"
       "My task was to find out what live really needed to mean before building anything.\n\n"
       "I asked her team how they actually changed campaigns, and learned they adjusted offers at "
       "most a few times a day after a review call. I compared a streaming pipeline with more "
       "frequent batch loads. Streaming would have been much more expensive and would have added "
       "another system for the team to support at night, while frequent batch loads on our "
       "existing warehouse would be cheaper and simpler. I explained both options to the director "
       "and recommended the batch approach, with the promise to revisit it if her team started "
       "changing offers more often. She agreed, and I built the incremental load, a freshness "
       "check, and the dashboard.\n\n"
       "The dashboard went live in three weeks, the promotions team used it in every campaign "
       "review that quarter, and the director told my manager it was exactly what her team "
       "needed.",
       {"no_tradeoff"}, {"off_topic", "missing_result", "no_metric"}},

      {"AI output reviewed but never run against data", "ai-tools",
       "I use Claude and Copilot most days as a data engineer at a health-tech startup, mostly for "
       "writing transformation SQL and unit tests.\n\n"
       "When our team of six started using them, I was asked to write our guidelines for "
       "generated code, because quality varied a lot between people.\n\n"
       "My approach is to treat generated SQL as a draft. I read every line, rename columns to our "
       "conventions, and split long queries into smaller steps. I make sure the query compiles "
       "and passes the linter, and I ask a colleague to review every pull request that contains "
       "generated code, with a label so reviewers know to look more carefully. I put these rules "
       "into our contribution guide and ran a short session for the team on writing prompts that "
       "include table definitions and naming rules. I also keep a shared page of prompts that "
       "worked well, so new joiners do not start from scratch.\n\n"
       "I save around four hours a week, the team ships new models faster than before, and review "
       "comments about naming and style dropped by about half within two months.",
       {"no_validation"}, {"off_topic", "missing_result", "no_metric"}},

      {"a good story to a different question", "disagreed-definition",
       "At a fintech I led the migration of our event ingestion from a self-managed Kafka cluster "
       "to a managed service, because the cluster needed constant patching and two engineers "
       "spent a day a week on it.\n\n"
       "I was asked to complete the move within one quarter with no data loss for the fraud "
       "team, who consume the events in near real time.\n\n"
       "I inventoried every producer and consumer, and moved the low-risk topics first. For each "
       "topic I mirrored traffic into the managed service for a week and compared message counts "
       "and checksums per hour, and I fixed two consumers that assumed a fixed partition count. "
       "I wrote a cutover checklist with a rollback step for every topic, "
       "and I rehearsed the fraud-team cutover twice in staging. I kept the fraud team's lead "
       "informed before each switch, and scheduled their cutover for a quiet Sunday morning.\n\n"
       "All 48 topics moved in eleven weeks without losing a message, the two engineers got their "
       "day a week back, and infrastructure cost fell by about 20%.",
       {"off_topic"}, {"too_long", "vague_we"}, 0, 39},

      {"very short answer", "tight-deadline",
       "We had a week to ship the partner revenue feed. I cut the nice-to-have columns, kept the "
       "reconciliation test, and shipped it on Friday. The partner was happy and renewed.",
       {"too_short"}, {"too_long", "off_topic"}, 0, 45},

      {"starts mid-action with no scene", "pipeline-broke",
       "First I opened the scheduler logs and saw the load task had failed on a duplicate key. "
       "Then I queried the staging table and found that a retry had inserted the same batch "
       "twice. I deleted the duplicate batch, reran the load, and checked the totals against the "
       "source system before reopening the dashboard. I posted in the sales operations channel "
       "that the morning numbers would be about an hour late and explained why. Once the numbers "
       "were correct I told the sales managers they could use the dashboard again. Afterwards I "
       "added a uniqueness test on the staging table so a repeated batch fails the run before "
       "anything is published, and an alert when loaded row counts differ from the source by more "
       "than two percent. I also wrote a runbook page for the on-call rotation describing how to "
       "remove a duplicate batch safely. Since then the test has stopped the same problem three "
       "times before anyone downstream saw a wrong number, and the sales team has not had a late "
       "morning dashboard in five months.",
       {"missing_situation"}, {"missing_action", "no_hardening", "no_communication", "off_topic"}},

      {"story stops before the outcome", "upstream-schema-change",
       "At a marketplace, the listings team renamed a field in their event payload from price to "
       "price_amount and changed it from dollars to cents in the same release. Our revenue "
       "models read that field, and the daily seller report started showing prices a hundred "
       "times too high.\n\n"
       "I owned the ingestion layer, so my job was to correct the data and stop the next rename "
       "from reaching sellers.\n\n"
       "I found the change in the listings team's release notes, patched our parser to read "
       "either field and convert cents to dollars, and reprocessed the two affected days. I "
       "messaged the seller support team so they could warn sellers who had already seen the "
       "report. Then I met the listings team's lead, listed the fields we depend on, and added a "
       "schema check to our ingestion job that alerts when a contracted field disappears or "
       "changes type. I also asked to be added as a reviewer on changes to their event schemas, "
       "and after that I moved on to the next project in our backlog.",
       {"missing_result"}, {"off_topic", "no_hardening", "no_communication", "blames_upstream"}},

      {"telegraphic Slack bullets still show the speaker's actions", "bad-data-downstream",
       "*S:* Fintech, ~20 analysts depend on our `daily_balances` model :bank:\n"
       "*T:* I had to stop the model double-counting transfers before the quarterly audit.\n"
       "*A:*\n"
       "• Profiled the joins, found transfers matched twice when a payment had two legs\n"
       "• Rewrote the join to dedupe on transfer id, backfilled 18 months in 3 nights\n"
       "• Let the finance team know in <#C42|finance-data> before and after each backfill\n"
       "• Added a dbt test on transfer uniqueness + an alert when balances drift > 0.5%\n"
       "*R:* Audit passed with zero findings on balances, the analysts stopped keeping their own spreadsheets, and the test has caught 2 regressions since :tada:",
       {"too_short"}, {"missing_action", "missing_situation", "missing_result", "off_topic",
                       "no_communication", "no_hardening"}},

      {"speed over cleanliness with priced options and the bill that came due",
       "velocity-over-cleanliness",
       "At a food-delivery startup the growth team needed a referral dashboard before a funding pitch on Friday, and it was Tuesday. The proper fix was a clean events model joined to our attribution tables, which I estimated at two weeks. The quick option was a single hand-written query over raw events, which I could ship in a day and a half.\n"
       "\n"
       "I owned the growth data, and the decision was mine.\n"
       "\n"
       "I chose the quick query and said so openly. I wrote down the shortcut in a ticket with an expiry date of one month, listed the two known gaps (referrals without a device id, and refunds), and told the growth lead the numbers could be off by a few percent. I added a row-count check so the dashboard would show a warning if the raw events table stopped updating.\n"
       "\n"
       "The pitch went ahead with the dashboard on Friday. Three weeks later the bill came due: a mobile release stopped sending device ids, and referrals dropped by 30% on the dashboard overnight. The check flagged it the same morning, I told the growth lead before her weekly review, and then I paid the debt by building the proper model over the next two sprints, with tests on every join. In the end the shortcut cost about four extra engineer-days, the funding round closed, and the growth team has used the clean model ever since without a correction.",
       {}, {"no_tradeoff", "missing_result", "no_metric", "off_topic", "vague_we"}, 75, 100},

      {"very long answer", "post-mortem", nullptr /* built below */, {"too_long"}, {"too_short"}},
  };
  return answers;
}

std::string long_answer() {
  // A solid post-mortem story, padded past 420 words with more of the same kind of detail.
  std::string text =
      "I ran the post-mortem after our order warehouse load failed for six hours at a retail "
      "company, which left the store managers without sales numbers one morning.\n\n"
      "My goal as the review lead was a blameless review with action items that really got "
      "done.\n\n";
  text += "During the outage I emailed the store managers every hour with what we knew. ";
  for (int i = 0; i < 20; ++i) {
    text += "I collected the timeline from the logs and chat history, shared it a day early, "
            "and asked each person what made the failure hard to see. ";
  }
  text += "\n\nAll four action items landed within a month, including an alert and a runbook, "
          "and the same failure has not recurred in the nine months since.";
  return text;
}

bool raised(const sc::ScoreResult& r, const std::string& flag) {
  return std::find(r.flags.begin(), r.flags.end(), flag) != r.flags.end();
}

std::string flags_of(const sc::ScoreResult& r) {
  std::ostringstream out;
  for (const auto& f : r.flags) out << f << ' ';
  return out.str();
}

class OwnAnswers : public ::testing::TestWithParam<std::size_t> {};

TEST_P(OwnAnswers, RaisesTheExpectedFlagsOnly) {
  const OwnAnswer& a = own_answers()[GetParam()];
  const std::string text = a.text ? std::string(a.text) : long_answer();
  const sc::Question* q = *a.question ? sc::find_question(a.question) : nullptr;
  if (*a.question) {
    ASSERT_NE(q, nullptr) << a.question;
  }
  const sc::ScoreResult r = sc::score_answer(text, q);
  for (const auto& f : a.must_raise) {
    EXPECT_TRUE(raised(r, f)) << a.name << ": expected " << f << ", got " << flags_of(r);
  }
  for (const auto& f : a.must_not_raise) {
    EXPECT_FALSE(raised(r, f)) << a.name << ": did not expect " << f << ", got " << flags_of(r);
  }
  EXPECT_GE(r.overall, a.min_overall) << a.name << " flags: " << flags_of(r);
  EXPECT_LE(r.overall, a.max_overall) << a.name << " flags: " << flags_of(r);
  EXPECT_GE(r.strengths.size(), 2u);
  EXPECT_GE(r.suggestions.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Table, OwnAnswers, ::testing::Range<std::size_t>(0, own_answers().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           std::string name = own_answers()[info.param].name;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(OwnAnswers, CleanIncidentOutscoresEachDamagedVersion) {
  const sc::Question* q = sc::find_question("pipeline-broke");
  const int clean = sc::score_answer(kCleanIncident, q).overall;
  std::string no_comm = kCleanIncident;
  const std::string told = "I messaged the operations managers in their channel that surge "
                           "tables were stale, gave them the last good timestamp, and promised an "
                           "update within the hour. ";
  no_comm.erase(no_comm.find(told), told.size());
  const std::string told_again = "before I told the analysts the tables were current again";
  no_comm.replace(no_comm.find(told_again), told_again.size(), "before I reopened the tables");
  std::string no_hardening = kCleanIncident;
  const std::string hardened = "The next day I added a dead-letter queue for records that fail "
                               "parsing, an alarm when consumer lag passes five minutes, and a "
                               "runbook page describing the replay.";
  no_hardening.erase(no_hardening.find(hardened), hardened.size());
  EXPECT_LT(sc::score_answer(no_comm, q).overall, clean);
  EXPECT_LT(sc::score_answer(no_hardening, q).overall, clean);
  EXPECT_TRUE(raised(sc::score_answer(no_comm, q), "no_communication"));
  EXPECT_TRUE(raised(sc::score_answer(no_hardening, q), "no_hardening"));
}

}  // namespace
