#pragma once
#include <string>

namespace starcoach::test {

// A ~300-word incident answer written for these tests.
inline std::string good_answer(int variant = 0) {
  return "Situation: last spring I was the on-call data engineer when our nightly billing "
         "pipeline failed at 3 a.m., four hours before finance reviewed the revenue dashboard. "
         "A vendor feed had started sending amounts as strings and the Spark load of about " +
         std::to_string(30 + variant) +
         " million rows crashed. Task: I owned the pipeline, so my job was to get correct numbers "
         "out before the morning review, keep finance informed, and make sure the same break "
         "could not recur silently. Action: First I checked the failed partition and confirmed "
         "the type change with the vendor's support engineer. I posted a status note in the "
         "finance channel saying the dashboard would be about an hour late and that yesterday's "
         "figures were still correct. Then I patched the loader to cast the field explicitly, "
         "reran one partition as a sample, and compared totals against the billing system before "
         "running the full backfill. Once the totals matched to the cent, I published the "
         "dashboard and told finance it was ready. Afterwards I added a schema contract test to "
         "the ingestion job that fails fast and pages us within five minutes, wrote a runbook "
         "entry for the next on-call engineer, and agreed a change notice with the vendor so type "
         "changes reach us a week ahead. Result: the dashboard was only 50 minutes late, finance "
         "made no decision on wrong data, and the contract test has since caught two more "
         "breaking changes before production. Our time to recover for this pipeline dropped from "
         "about three hours to under thirty minutes, and the finance lead told my manager they "
         "trust the morning numbers more than before.";
}

inline const char* kShortAnswer =
    "We had a broken pipeline once. I looked at the logs, found a bad cast and fixed it, then "
    "reran the job and everyone was happy again.";

}  // namespace starcoach::test
