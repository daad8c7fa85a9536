#pragma once

namespace starcoach::testing {

// About 300 words, a typical strong answer with Slack markup, numbers and every STAR part.
// Shared by the scoring benchmark and the golden test, so both measure the same text.
inline constexpr const char* kAnswer300 =
    "*Situation:* At a food-delivery marketplace I was the on-call data engineer when the hourly "
    "courier-payments load failed at 2 a.m. on a Friday. The job moves about 600,000 delivery "
    "records into BigQuery, and the payouts team uses it at 8 a.m. to pay 4,000 couriers for the "
    "week.\n\n"
    "*Task:* My job was to get correct totals to payouts before 8 a.m., without paying anyone "
    "twice, and to stop the same failure from waking someone up again.\n\n"
    "*Action:* I read the scheduler log first and saw a type error, not a timeout: the dispatch "
    "service had started sending tip amounts as strings. Rather than forcing a rerun, I checked "
    "the raw files and confirmed that only the tip field was affected. At 2:40 I posted in "
    "#payouts that the weekly numbers would be about two hours late and that I would update them "
    "by 6. I cast the field explicitly in the staging model, reloaded the 14 affected hours, and "
    "compared the weekly totals with the dispatch service's own ledger; they matched to the cent. "
    "At 5:50 I told the payouts lead the data was ready and which two cities had been affected. "
    "Afterwards I added a schema test that fails the load when a numeric field changes type, an "
    "alert on the loaded row count, and a runbook entry :memo: for whoever is on call next. I also "
    "met the dispatch team's lead and agreed a contract file for the fields we read, so their CI "
    "now flags a breaking change before release.\n\n"
    "*Result:* Couriers were paid on time that Friday and not one payment had to be reversed. "
    "Since then the contract check has blocked three breaking changes before they reached "
    "production, nobody has been paged for this job in eight months, and the payouts team now "
    "asks us to review their own data changes.";

}  // namespace starcoach::testing
