// The question bank. The first 17 ids are fixed by SPEC.md; their themes follow RUBRIC.md.
// Question texts and listening points are written in our own words.
//
// topic_words are lower-case stems matched as word prefixes ("migrat" matches "migrated");
// an answer to a given question that uses too few of them is off topic. Stems name the
// situation the question asks about, not words any good answer uses (e.g. no "data", "team").
#include <algorithm>

#include "scoring/questions.h"

namespace starcoach::scoring {
namespace {

std::vector<Question> build_bank() {
  return {
      // ---- fixed ids (SPEC) ---------------------------------------------------------------
      {"pipeline-broke", "A production pipeline broke",
       "Tell me about a time a production data pipeline you were responsible for broke or "
       "failed. How did you find out, what did you do in the moment, and what did you change "
       "afterwards?",
       Theme::Failure,
       {"How fast the failure was detected, and by whom", "Who was told, and when",
        "The durable fix: a test, alert, contract or runbook", "Calm ownership, not heroics"},
       {"pipeline", "broke", "break", "fail", "incident", "outage", "crash", "error", "alert",
        "paged", "on-call", "rerun", "reran", "backfill", "recover", "restor", "dag", "load", "stale", "late", "root", "diagnos", "timeout"}},
      {"bad-data-downstream", "Bad data reached a dashboard",
       "Describe a time incorrect or bad data made it into a dashboard, report or downstream "
       "system that people relied on. How did you handle it, and how did you win back their "
       "trust?",
       Theme::Failure,
       {"Owning the blast radius: who saw the wrong numbers", "Telling affected people before they found out",
        "Correcting and validating the data", "What now stops it happening again"},
       {"wrong", "incorrect", "bad", "dashboard", "report", "number", "figure", "correct",
        "trust", "duplicat", "overstat", "understat", "discrepan", "mismatch", "bug", "error",
        "quality", "stakeholder", "accura", "inaccura", "reconcil", "skew", "stale", "double",
        "dedup", "inflat", "miscount", "corrupt", "null", "drift", "regress"}},
      {"late-arriving-data", "Solving late-arriving data",
       "Tell me about a time you had to handle data that arrived late or out of order. How did "
       "you work out what was really happening, and how did you decide to deal with it?",
       Theme::Delivery,
       {"Event time versus processing time understood before coding",
        "Measuring how late the data really is", "A window, watermark or reprocessing rule with a reason",
        "How consumers were told which numbers are final"},
       {"late", "arriv", "event", "timestamp", "window", "watermark", "reprocess", "backfill",
        "delay", "order", "lateness", "partition", "provisional", "final", "ingest", "offline",
        "upload", "bucket", "restat"}},
      {"dbt-migration", "Leading a dbt migration or big refactor",
       "Tell me about a migration or large refactor you led, for example moving a transformation "
       "layer onto dbt. How did you sequence the work and keep the old system safe until "
       "cutover?",
       Theme::Delivery,
       {"Sequencing by risk and dependency", "A rollback plan",
        "Old and new running side by side until cutover", "Sign-off from the people who use the output"},
       {"migrat", "dbt", "refactor", "cutover", "cut", "legacy", "parallel", "rollback", "roll",
        "sequenc", "diff", "old", "switch", "move", "moving", "rewrit", "port", "translat",
        "procedur", "script", "domain", "slice", "phase"}},
      {"disagreed-definition", "Disagreeing on a metric or model definition",
       "Tell me about a time you disagreed with an analyst or data scientist about how a model "
       "or metric should be defined. How did you handle the disagreement, and what was decided?",
       Theme::Influence,
       {"Influence without authority", "Separating taste from correctness",
        "Letting data settle the argument", "Conceding where the other side was right"},
       {"disagree", "definition", "defin", "metric", "argu", "debat", "convinc", "persuad",
        "analyst", "scientist", "agree", "dispute", "semantic", "consensus", "align", "conflict",
        "counted", "measure", "kpi", "calculat"}},
      {"reduced-cost", "Cutting warehouse or compute cost",
       "Tell me about a time you significantly reduced warehouse, storage or compute costs. How "
       "did you find where the money went, and how did you make sure nobody's work broke?",
       Theme::Tradeoff,
       {"Measuring before cutting", "Options priced against each other",
        "SLAs not broken for a savings number", "A saving that lasts (a review, an owner)"},
       {"cost", "bill", "spend", "saving", "saved", "budget", "cheap", "expens", "reduc",
        "dollar", "credit", "compute", "warehouse", "price", "pricing", "money", "waste",
        "slot", "idle", "suspend"}},
      {"upstream-schema-change", "An upstream schema change",
       "Describe a time a schema change in an upstream production system broke or threatened "
       "your pipelines. What did you do about it then, and what did you put in place afterwards?",
       Theme::Failure,
       {"Handling the break for consumers first", "Defensive parsing or versioning",
        "A contract or review with the producing team", "Blameless tone about the other team"},
       {"schema", "upstream", "column", "field", "contract", "renam", "source", "producer",
        "version", "backward", "compatib", "payload", "api", "cdc", "type", "nested", "format",
        "parser", "parsing", "release"}},
      {"missed-sla", "Missing an SLA",
       "Tell me about a time you missed an SLA or a promised data delivery time. How did you "
       "handle it while it was happening, and what changed afterwards?",
       Theme::Failure,
       {"Honesty about the miss", "Early warning and updates to the people waiting",
        "A stop-gap so they could keep working", "What changed so it does not recur"},
       {"sla", "miss", "late", "deadline", "delay", "commit", "promis", "breach", "landed",
        "behind", "overran", "runtime", "slow", "finish", "o'clock", "morning"}},
      {"undocumented-codebase", "Onboarding onto an undocumented codebase",
       "Tell me about a time you took over a codebase or set of pipelines with little or no "
       "documentation. How did you get productive without draining the people around you?",
       Theme::Delivery,
       {"Building a mental model deliberately (outputs first, lineage)",
        "Respecting busy colleagues' time", "Small safe first changes",
        "Leaving documentation behind for the next person"},
       {"document", "codebase", "code", "repo", "onboard", "joined", "inherit", "learn",
        "understand", "ramp", "knowledge", "mental", "readme", "lineage", "traced",
        "reading", "notes", "diagram"}},
      {"realtime-vs-batch", "Real-time when batch would do",
       "Tell me about a time a stakeholder asked for real-time data when batch or micro-batch "
       "might have been enough. How did you work out what they needed and decide what to build?",
       Theme::Tradeoff,
       {"Finding the latency the decision really needs", "Both options priced",
        "A decision with a revisit condition", "Scoping the requirement, not just shipping it"},
       {"real", "realtime", "stream", "batch", "latency", "kafka", "flink", "fresh", "live",
        "micro", "requirement", "hourly", "nightly", "minute", "second", "event", "spark"}},
      {"mentored-engineer", "Mentoring or unblocking an engineer",
       "Tell me about a time you mentored, coached or unblocked another engineer. What did you do, "
       "and how did you know it had worked?",
       Theme::Influence,
       {"Scaling beyond your own keyboard", "Teaching methods, not answers",
        "Letting the other person own the work", "A visible change in what they can do alone"},
       {"mentor", "coach", "pair", "teach", "taught", "junior", "shadow", "unblock", "grow",
        "growth", "intern", "onboard", "confidence", "guid", "feedback", "explain", "learn",
        "independen", "career", "promot"}},
      {"post-mortem", "Running a post-mortem",
       "Tell me about a post-mortem you ran or contributed to. What had happened, how was the "
       "review run, and what changed because of it?",
       Theme::Failure,
       {"Blameless framing", "A timeline and root cause written down",
        "Action items with owners that actually landed", "Evidence the change held"},
       {"post-mortem", "postmortem", "mortem", "incident", "outage", "root", "cause", "blameless",
        "action", "timeline", "retro", "lesson", "failure", "fail", "broke", "paged",
        "review"}},
      {"pushed-back-leadership", "Pushing back on leadership",
       "Tell me about a time you pushed back on a request or decision from a senior leader. How "
       "did you make your case, and what happened?",
       Theme::Influence,
       {"Disagreeing without defensiveness", "Framing around the leader's goal",
        "Data instead of opinion", "Offering an alternative or a concession"},
       {"push", "disagree", "leader", "director", "vp", "executive", "head", "cto", "ceo", "cfo",
        "convinc", "concern", "risk", "propos", "alternativ", "decision", "object", "challeng",
        "persuad", "request"}},
      {"tight-deadline", "Delivering under a tight deadline",
       "Tell me about a time you had to deliver data work under a tight deadline. What did you "
       "cut, and what did you refuse to cut?",
       Theme::Delivery,
       {"What was cut, and why", "What was protected (correctness, tests)",
        "Telling people early about the trade", "Paying back anything deferred"},
       {"deadline", "tight", "pressure", "cut", "scope", "priorit", "launch", "due", "urgent",
        "rush", "date", "estimate", "shortcut", "weekend", "crunch", "deliver", "defer", "ship",
        "descop", "promised", "renewal", "conference"}},
      {"ai-tools", "AI tools in daily work",
       "How do you use AI tools such as coding assistants or chat models in your day-to-day data "
       "work, and how do you make sure what they produce is actually correct?",
       Theme::AiTools,
       {"Generated SQL treated as a draft", "Checked against real data before merging",
        "An example where checking caught a mistake", "Turning it into team practice"},
       {"ai", "llm", "chatgpt", "copilot", "assistant", "generat", "prompt", "gpt", "claude",
        "gemini", "cursor", "autocomplet", "model", "language", "suggest", "completion", "agent",
        "genai", "openai", "chatbot"}},
      {"cost-vs-velocity", "Choosing between cost and speed",
       "Tell me about a time you had to choose between spending more to move faster and saving "
       "money by going slower. How did you decide, and would you decide the same way again?",
       Theme::Tradeoff,
       {"Both options named with numbers", "The decision and who made it",
        "Capping the risk of the expensive option", "A decision still defensible months later"},
       {"cost", "speed", "fast", "quick", "cheap", "expens", "spend", "budget", "trade",
        "option", "deadline", "price", "velocity", "slow", "licen", "vendor", "managed",
        "upsiz", "money"}},
      {"velocity-over-cleanliness", "Choosing speed over cleanliness",
       "Tell me about a time you chose a fast, messy solution over a clean one. What did the "
       "shortcut cost you later, and how did you pay it back?",
       Theme::Tradeoff,
       {"Why speed won, with the options sized", "Making the shortcut visible (ticket, expiry)",
        "What bill came due later", "How the debt was paid"},
       {"shortcut", "debt", "hack", "quick", "clean", "fast", "speed", "temporar",
        "hardcod", "copy", "copied", "refactor", "pay", "proper", "rework", "messy", "expir",
        "ticket"}},

      // ---- more questions in the same spirit -------------------------------------------------
      {"oncall-handoff", "Handing over an incident",
       "Tell me about a time you had to hand over an ongoing incident or on-call shift to someone "
       "else. How did you make sure nothing was lost in the handover?",
       Theme::Failure,
       {"A written state of the incident", "Clear ownership at the moment of handover",
        "Stakeholders kept informed across the change", "Improvements to the handover process"},
       {"handover", "hand", "handoff", "on-call", "shift", "incident", "outage", "rotation",
        "paged", "runbook", "timezone", "night", "escalat"}},
      {"data-quality-framework", "Introducing data quality checks",
       "Tell me about a time you introduced data quality checks or a quality framework for a "
       "team. How did you choose what to check first, and how did you get people to use it?",
       Theme::Delivery,
       {"Starting from the failures that hurt most", "Checks that fail loudly, with owners",
        "Adoption by other people, not just the author", "Evidence the checks caught real problems"},
       {"quality", "check", "test", "expectation", "valid", "framework", "assert", "freshness",
        "null", "unique", "anomal", "monitor", "contract", "coverage", "caught"}},
      {"backfill-gone-wrong", "A backfill that went wrong",
       "Describe a backfill or large reprocessing job that went wrong. What happened to the data "
       "people were using, and what did you change about how backfills are run?",
       Theme::Failure,
       {"Blast radius understood and communicated", "Recovery without making it worse",
        "A safer backfill procedure afterwards"},
       {"backfill", "reprocess", "rerun", "reran", "historical", "rebuil", "overwrit", "duplicat",
        "partition", "restor", "snapshot", "wrong", "delet"}},
      {"gdpr-deletion", "A deletion or privacy request across the stack",
       "Tell me about a time you had to make personal data deletable or honour privacy requests, "
       "such as GDPR erasure, across pipelines and a warehouse. How did you make sure it was "
       "complete?",
       Theme::Delivery,
       {"Finding every copy (lineage, backups, exports)", "Working with legal or privacy owners",
        "Proving completeness", "Keeping it working as new tables appear"},
       {"gdpr", "privacy", "personal", "pii", "delet", "erasure", "erase", "consent", "legal",
        "complian", "retention", "anonymi", "pseudonym", "regulat", "request"}},
      {"numbers-questioned", "A stakeholder said the numbers were wrong",
       "Tell me about a time a stakeholder told you your numbers were wrong. How did you find out "
       "who was right, and what did you do next?",
       Theme::Failure,
       {"Curiosity before defensiveness", "Reconciling the two numbers to a root cause",
        "Closing the loop with the stakeholder", "A definition or check so it does not recur"},
       {"wrong", "number", "figure", "stakeholder", "reconcil", "mismatch", "discrepan", "differ",
        "defin", "trust", "report", "dashboard", "correct", "match"}},
      {"build-vs-buy", "Building or buying a data tool",
       "Tell me about a time you had to choose between building a data tool in-house and buying "
       "or adopting one. What numbers did you compare, and how did the decision hold up?",
       Theme::Tradeoff,
       {"Both options costed (money, engineer time, on-call)", "Requirements checked with users",
        "A decision revisited with real numbers later"},
       {"build", "buy", "vendor", "licen", "in-house", "managed", "open", "tool", "cost",
        "evaluat", "option", "contract", "saas", "maintain"}},
      {"competing-priorities", "Too many requests at once",
       "Tell me about a time several teams wanted your data work at the same time. How did you "
       "decide what came first, and how did you tell the teams who had to wait?",
       Theme::Influence,
       {"An explicit way to prioritise", "Saying no or not yet openly",
        "Keeping waiting teams informed", "Revisiting the order when things changed"},
       {"priorit", "request", "backlog", "compet", "teams", "wait", "order", "urgent", "impact",
        "roadmap", "queue", "capacity", "stakeholder"}},
      {"sensitive-data-access", "Locking down sensitive data",
       "Tell me about a time you tightened access to sensitive data without blocking the people "
       "who genuinely needed it. How did you balance safety and access?",
       Theme::Delivery,
       {"Knowing who used what before changing access", "A safe path for legitimate needs",
        "Communication ahead of the change", "Auditability afterwards"},
       {"access", "sensitive", "pii", "permission", "role", "mask", "secur", "privacy", "grant",
        "revok", "audit", "column", "policy", "encrypt"}},
      {"cross-team-dependency", "Depending on another team",
       "Tell me about a data project where success depended on people you did not manage. How did "
       "you keep it moving when their priorities were different from yours?",
       Theme::Influence,
       {"Understanding the other team's incentives", "Agreements written down",
        "Escalation used sparingly and openly", "Credit shared at the end"},
       {"team", "depend", "partner", "priorit", "align", "agree", "escalat", "collaborat",
        "stakeholder", "cross", "coordinat", "negotiat", "ownership"}},
      {"failed-project", "A project that did not work out",
       "Tell me about a data project of yours that did not succeed. What went wrong, when did you "
       "realise it, and what do you do differently now?",
       Theme::Delivery,
       {"Honest ownership of the failure", "Noticing and saying so early",
        "A concrete lesson applied since"},
       {"fail", "cancel", "abandon", "wrong", "lesson", "learn", "mistake", "scrap", "stopp",
        "differently", "realis", "realiz", "adoption", "nobody", "success"}},
      {"slow-pipeline", "Making a slow pipeline fast",
       "Tell me about a time you made a slow pipeline or query much faster. How did you find the "
       "bottleneck, and what did the speed-up cost or risk?",
       Theme::Delivery,
       {"Profiling before optimising", "The bottleneck named, not guessed",
        "Who benefited from the speed-up", "Keeping it fast afterwards"},
       {"slow", "fast", "runtime", "bottleneck", "profil", "optimi", "query", "plan", "partition",
        "index", "cluster", "spill", "join", "minute", "hour", "speed", "latency", "tune", "tuning"}},
      {"data-exposure", "Data seen by the wrong people",
       "Tell me about a time data was exposed to people who should not have seen it, or nearly "
       "was. What did you do first, and what changed afterwards?",
       Theme::Failure,
       {"Containing the exposure quickly", "Telling security, legal and the owners",
        "Fixing the cause, not only the instance", "Controls that prevent a repeat"},
       {"expos", "leak", "access", "sensitive", "pii", "secur", "privacy", "permission", "breach",
        "public", "shared", "revok", "audit", "incident"}},
      {"legacy-decommission", "Retiring something people still used",
       "Tell me about a time you retired a legacy pipeline, table or dashboard that some people "
       "still relied on. How did you find them and move them off it?",
       Theme::Delivery,
       {"Finding real usage from logs, not guesses", "Notice and a migration path for users",
        "A safe switch-off with a way back", "What was saved by retiring it"},
       {"retir", "decommission", "legacy", "deprecat", "sunset", "shut", "turn", "switch", "usage",
        "migrat", "old", "remov", "delet", "consumer"}},
      {"wrong-estimate", "An estimate that was badly wrong",
       "Tell me about a time your estimate for a piece of data work turned out badly wrong. When "
       "did you notice, and what did you tell the people depending on it?",
       Theme::Delivery,
       {"Noticing early from evidence", "Telling people promptly with a new plan",
        "Options offered (scope, date, help)", "How you estimate differently now"},
       {"estimat", "underestimat", "took", "longer", "weeks", "days", "plan", "slip", "delay",
        "scope", "deadline", "replan", "date", "late"}},
      {"alert-fatigue", "Noisy alerts that hid real problems",
       "Tell me about a time on-call alerts were so noisy that real problems got missed or "
       "ignored. What did you change, and how did you know it helped?",
       Theme::Failure,
       {"Measuring the noise first", "Alerts tied to user impact", "Owners and runbooks for each alert",
        "Fewer pages and faster response, with numbers"},
       {"alert", "noise", "noisy", "page", "paging", "on-call", "fatigue", "threshold", "ignor",
        "monitor", "false", "runbook", "signal", "pager"}},
      {"self-serve-analytics", "Helping others serve themselves",
       "Tell me about a time you helped analysts or other teams answer their own data questions "
       "instead of coming to you. What did you build or change, and what happened to the "
       "requests?",
       Theme::Influence,
       {"Understanding which questions recur", "Modelled data and documentation people can use",
        "Training or office hours", "Fewer requests, with a number"},
       {"self", "serve", "analyst", "request", "document", "train", "semantic", "metric", "model",
        "dashboard", "office", "adopt", "ticket", "question"}},
  };
}

}  // namespace

const std::vector<Question>& question_bank() {
  static const std::vector<Question> bank = build_bank();
  return bank;
}

const Question* find_question(std::string_view id) {
  const auto& bank = question_bank();
  auto it = std::find_if(bank.begin(), bank.end(), [&](const Question& q) { return q.id == id; });
  return it == bank.end() ? nullptr : &*it;
}

}  // namespace starcoach::scoring
