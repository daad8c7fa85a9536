// The scorer's vocabulary: word classes built once into one hash map, so each token costs one
// lookup (two with a stem) however many classes the scorer asks about.
//
// Lists hold general English (pronouns, tense, outcome and causal vocabulary, units) and a
// modest data-engineering vocabulary. They were written from the rubric's concepts, not from
// answers, so that unseen answers that say the same thing in other words still score alike.
#include "scoring/lexicon.h"

#include <array>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace starcoach::scoring::lex {
namespace {

struct Entry {
  std::uint64_t classes;
  const char* words;  // space-separated, lower case
};

constexpr std::uint64_t kVerbClasses =
    kAction | kCommVerb | kCreateVerb | kFixVerb | kValidateVerb | kContextVerb | kCognition;

// Irregular past forms (regular ones end in -ed and are detected by spelling).
constexpr const char* kIrregularPast =
    "built rebuilt wrote rewrote ran reran sent made took set put cut read found told kept led met "
    "brought caught chose drew gave got went saw spoke split began shut sat thought felt knew paid "
    "held left understood taught bought dealt meant stood spent fed hid lost sold won threw drove "
    "broke fell rose grew froze dug learnt overrode withdrew sought shed";

const Entry kEntries[] = {
    {kFirstSingular, "i me my mine myself i'm i've i'd i'll"},
    {kFirstPlural, "we us our ours ourselves we're we've we'd we'll"},
    {kSubject, "i i've i'd i'll we we've we'd we'll"},
    {kYou, "you you're you'd you've your"},
    {kPerson,
     "she he her him his they colleague colleagues manager managers engineer engineers analyst "
     "analysts lead boss director vp cfo ceo cto coo scientist scientists someone somebody "
     "everyone nobody people intern interns teammate teammates stakeholder stakeholders"},
    {kOwnTeam, "team teammate teammates colleague colleagues manager"},
    {kBe, "was were is am are been be being"},
    {kHad, "had"},
    {kModal,
     "would could might should may will shall wouldn't couldn't shouldn't won't i'd we'd i'll "
     "we'll you'd"},
    {kConditional, "if unless whether hoping"},
    {kNegation,
     "not no never didn't don't doesn't wasn't weren't hasn't haven't hadn't isn't aren't "
     "nothing none nor cannot can't couldn't wouldn't won't without neither"},
    {kSequence,
     "first then next finally afterwards afterward later subsequently second third lastly "
     "initially meanwhile"},
    {kSkip,
     "also then first quickly immediately directly finally eventually later just personally "
     "really actually still carefully deliberately only once initially next afterwards "
     "manually myself ourselves together even never not didn't did do had have has would could "
     "should might will can always usually often quietly proactively already straight right "
     "soon again jointly each both all simply gradually explicitly politely calmly"},
    {kContextVerb,
     "joined worked work owned inherited maintained supported belonged oversaw managed own "
     "maintain support inherit"},
    {kCognition,
     "think thought believe believed feel felt guess guessed suppose supposed hope hoped wish "
     "wished know knew remember remembered expected expect suspected suspect assumed assume "
     "wondered doubt doubted agree agreed disagree disagreed liked like love loved enjoyed "
     "wanted want needed need realised realized"},
    {kAction,
     "added add adjusted analysed analyzed analyse analyze answered applied argued arranged "
     "asked ask assessed assigned attached audited automated backfilled backfill benchmarked "
     "booked brought built build calculated called call caught changed change checked check "
     "chose choose cleaned clarified coached coded collected combined compared compare computed "
     "configured confirmed confirm connected consolidated contacted converted convinced "
     "coordinated copied copy corrected costed created create cut debugged decided decide "
     "deduplicated deduped defined deleted delete delivered deliver deployed deploy described "
     "designed design diagnosed diffed disabled documented drafted draft drew drove dropped "
     "edited emailed email enabled escalated escalate established estimated evaluated exported "
     "extracted filed filtered fixed fix flagged followed forced found gathered gave grouped "
     "guided handled handle hardcoded helped help hired identified implemented implement "
     "improved inspected instrumented interviewed introduced investigated investigate isolated "
     "kept labelled labeled launched learned learnt listed loaded looked look made make mapped "
     "measured measure mentored merged merge messaged met migrated modelled modeled monitored "
     "moved negotiated noticed notified offered opened optimised optimized organised organized "
     "paged paired partitioned paste pasted patched paused picked pinged planned posted post "
     "prepared presented priced prioritised prioritized profiled proposed propose prototyped "
     "pulled pull pushed put queried raised ran run read rebuilt reconciled recommended "
     "redesigned refactored reloaded removed renamed rename replaced reprocessed reran rerun "
     "researched resized resolved restarted restored restructured retired reverted reviewed "
     "review rewrote rewrite rolled sampled saved scheduled scoped sent send separated set "
     "shadowed shared share shelved shipped ship showed show simplified sized sketched split "
     "spoke started start stepped stopped streamlined suggested summarised summarized switched "
     "talked taught tested test told tell traced tracked trained translated tried triggered "
     "tuned turned updated update upgraded upsized used use validated verified walked warned waited "
     "watched wired wrote write took take dug reached pointed reworked revisited repointed "
     "rehearsed retested replayed compiled requested drafted wrapped reduced cleaned sat "
     "pushed paired worked-through offered interviewed explained explain pinned deprecated "
     "benchmarked throttled rerouted quarantined killed cancelled canceled descoped "
     "deprioritised deprioritized negotiated persuaded challenged accepted declined refused "
     "rejected insisted recruited onboarded presented reassigned delegated owned-up "
     "apologised apologized thanked spent gathered examined tagged renegotiated consulted "
     "timeboxed time-boxed capped upsized downsized resized reverted"},
    {kCommVerb,
     "told tell emailed email messaged message posted post informed inform notified notify "
     "warned warn updated update called call briefed brief explained explain shared share sent "
     "send wrote announced announce escalated escalate apologised apologized alerted pinged ping "
     "presented present walked flagged showed show reported report replied reply phoned texted "
     "looped gave forwarded circulated wrote let"},
    {kAudience,
     "stakeholder stakeholders finance marketing sales ops operations product support customers "
     "customer clients client users consumers consumer analysts executives exec execs leadership "
     "leaders vp vps cfo ceo cto coo cmo director directors head heads leads managers board "
     "partners partner merchants sellers agents teams business everyone people downstream "
     "recipients subscribers owners accounting success legal compliance auditors regulators "
     "riders drivers buyers readers editors newsroom"},
    {kChannel, "channel channels"},
    {kCreateVerb,
     "added add adding set built build wrote write created create introduced introduce "
     "implemented implement configured configure scheduled schedule automated automate put "
     "deployed deploy shipped delivered established instituted started enforced required "
     "agreed turned moved wired hooked enabled installed defined documented codified replaced "
     "switched extended adopted rolled wrapped instrumented landed"},
    {kHardenNoun,
     "test tests alert alerts alerting monitor monitors monitoring check checks contract "
     "contracts runbook runbooks playbook playbooks reconciliation reconciliations validation "
     "validations assertion assertions expectation expectations anomaly guardrail guardrails "
     "safeguard safeguards slo slos postmortem post-mortem retro retrospective checklist "
     "checklists drill drills freshness lint linter ci quarantine registry threshold thresholds "
     "alarm alarms canary review reviews rule rules gate gates constraint constraints "
     "dead-letter fallback circuit audit audits probe probes pager paging sla procedure "
     "procedures documentation guard guards"},
    {kOutcomeStrong,
     "dropped fell decreased reduced halved doubled tripled increased rose grew improved saved "
     "saves saving savings avoided prevented shortened anymore recurred recur renewed adopted "
     "trusted trust trusts happy thanked praised promoted outcome outcomes impact unblocked "
     "eventually ultimately faster fewer"},
    {kOutcomeWeak,
     "now today still became become stopped cut caught fired matched held shipped launched "
     "delivered completed finished landed met signed chose accepted approved agreed achieved "
     "succeeded hit"},
    {kRecurrence, "recurred recur repeat repeated recurrence again since caught"},
    {kBusiness,
     "finance financial revenue cost costs costing money budget bill spend spending savings "
     "saved customer customers client clients user users stakeholder stakeholders business "
     "sales marketing ops operations product support manager managers executive executives exec "
     "leadership vp cfo ceo cto director head board analyst analysts team teams people everyone "
     "nobody anyone she he her him trust trusted confidence decision decisions deadline "
     "deadlines sla slas renewal renewed renew complaints complaint tickets incident incidents "
     "outage outages downtime recurred repeat pages paged on-call rotation productivity report "
     "reports dashboard dashboards launch launched bookings planning review dispute disputes "
     "argument arguments audit compliance risk fraud losses churn retention conversion margin velocity "
     "close deal deals partners partner merchants engineers engineer hire hires "
     "onboarding boost productive hours"},
    {kTech,
     "kafka flink spark airflow dbt snowflake bigquery redshift databricks delta iceberg hudi "
     "parquet avro json yaml sql python scala java jvm heap rocksdb clickhouse debezium fivetran "
     "looker tableau superset metabase dagster prefect kubernetes k8s docker terraform emr s3 "
     "gcs hdfs hive presto trino athena postgres mysql mongodb cassandra elasticsearch pandas "
     "pyspark jinja macro macros merge partition partitions offset offsets checkpoint "
     "checkpoints watermark watermarks shuffle executor executors slot slots tumbling topic "
     "topics broker brokers schema schemas column columns index indexes cluster clusters "
     "clustering micro-partitions mergetree memory cpu config configuration parameter "
     "parameters setting settings operator operators sensor sensors dag dags cte ctes join "
     "joins query queries table tables incremental materialization materialized view views "
     "cache caching compaction vacuum serialization api endpoint endpoints thread threads "
     "garbage latency throughput tab cursor completion completions token tokens prompt prompts "
     "editor ide autocomplete mode hash key keys engine sink append upsert cdc wal regex yml "
     "state store stores micro-batch micro-batches replica replicas shard shards node nodes "
     "warehouse spill spills file files bytes gb tb mb"},
    {kExplain,
     "is are means tells tracks stores keeps reads writes runs builds selects emits holds sorts "
     "merges uses lets gives takes predicts matters handles supports creates updates inserts "
     "drops depends requires allows enables produces consumes publishes subscribes replays "
     "restores checkpoints compacts scans caches returns generates completes references "
     "contains works needs becomes gets sends splits assigns"},
    {kIncident,
     "failed fail fails failing failure failures broke broken outage outages incident incidents "
     "crashed crash crashes error errors wrong stale missed duplicated duplicates overstated "
     "understated corrupted corrupt bug bugs discrepancy discrepancies mismatch inaccurate "
     "incorrect blank violation regression timeout oom null nulls paged down late miss "
     "dropping skewed misleading"},
    {kNumberWord,
     "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
     "ninety hundred hundreds thousand thousands million millions billion billions half halved "
     "twice double doubled triple tripled quadrupled dozen dozens percent"},
    {kTimeUnit,
     "second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks "
     "month months quarter quarters year years night nights sprint sprints ms weekend weekends"},
    {kMoneyUnit, "dollar dollars usd eur euro euros pound pounds gbp k m bn grand cents"},
    {kOrg,
     "company companies startup start-up firm business retailer bank fintech insurer insurance "
     "agency marketplace org organisation organization employer enterprise scale-up scaleup "
     "shop e-commerce ecommerce saas b2b b2c publisher broker brokerage consultancy hospital "
     "university nonprofit chain provider platform"},
    {kAnchor, "ago last previous prior former when joined during while"},
    {kValidateVerb,
     "compared compare comparing reconciled reconcile reconciling reconciliation validated "
     "validate validating verified verify verifying diffed diff diffing cross-checked "
     "crosschecked spot-checked checked check checking tested testing backtested sampled "
     "ran run running executed matched"},
    {kDataNoun,
     "data rows row counts count totals total results numbers figures figure output outputs "
     "records production sample samples dataset datasets tables reality actual actuals "
     "historical known-good trusted source month"},
    {kOptionCue,
     "option options alternative alternatives versus vs either estimated estimate "
     "estimates priced costed quoted would comparison tradeoff trade-off weighed choice choices "
     "whereas"},
    {kBlame,
     "fault faults blame blamed careless carelessly sloppy incompetent"},
    {kFixVerb,
     "fixed fix patched patch reran rerun rebuilt backfilled backfill mapped rewrote "
     "deduplicated deduped reloaded escalated escalate corrected restored resolved reverted "
     "repaired added wrote built changed handled contracted quarantined isolated rolled "
     "cleaned removed reprocessed recovered replayed raised"},
    {kTaskNoun,
     "job task goal goals role brief responsibility responsibilities mandate remit mission "
     "objective objectives assignment part aim charter challenge priority ask constraint "
     "constraints deadline requirement requirements target"},
    {kTaskWeak, "deadline constraint"},
    {kTopicStop, "the a an and or of to in on for with at by from"},
    {kNegator, "not never no none zero without"},
    {kComparative, "more fewer less faster lower higher cheaper shorter earlier"},
    {kPossessive, "my our"},
    {kThe, "the"},
    {kArticle, "a an"},
    {kAt, "at"},
    {kTo, "to"},
    {kSince, "since"},
    {kThen, "then"},
    {kFrom, "from"},
    {kInstead, "instead"},
    {kUnitFiller, "more extra engineer of a per to or and"},
    {kContrast, "than while or whereas versus vs"},
    {kNow, "now"},
    {kAnd, "and"},
};

// Multi-word phrases; classes go on the phrase's first word.
struct Phrase {
  std::uint64_t classes;
  std::array<const char*, kMaxPhrase> words;
};

const Phrase kPhrases[] = {
    {kOutcomeStrong, {"in", "the", "end", nullptr}},
    {kOutcomeStrong, {"at", "the", "end", nullptr}},
    {kOutcomeStrong, {"as", "a", "result", nullptr}},
    {kOutcomeStrong, {"by", "the", "end", nullptr}},
    {kOutcomeStrong, {"no", "longer", nullptr, nullptr}},
    {kOutcomeStrong, {"not", "once", nullptr, nullptr}},
    {kOutcomeStrong | kRecurrence, {"has", "not", nullptr, nullptr}},
    {kOutcomeStrong | kRecurrence, {"hasn't", nullptr, nullptr, nullptr}},
    {kOutcomeStrong | kRecurrence, {"have", "not", nullptr, nullptr}},
    {kOutcomeStrong | kRecurrence, {"haven't", nullptr, nullptr, nullptr}},
    {kOutcomeStrong, {"went", "from", nullptr, nullptr}},
    {kOutcomeStrong, {"came", "down", nullptr, nullptr}},
    {kOutcomeStrong, {"down", "from", nullptr, nullptr}},
    {kOutcomeStrong, {"up", "from", nullptr, nullptr}},
    {kOutcomeStrong | kBusiness, {"on", "time", nullptr, nullptr}},
    {kOutcomeStrong | kBusiness, {"in", "time", nullptr, nullptr}},
    {kOutcomeStrong | kBusiness, {"ahead", "of", nullptr, nullptr}},
    {kOutcomeStrong, {"went", "live", nullptr, nullptr}},
    {kOutcomeStrong, {"down", "to", nullptr, nullptr}},
    {kOutcomeStrong, {"dropped", "to", nullptr, nullptr}},
    {kOutcomeStrong, {"fell", "to", nullptr, nullptr}},
    {kOutcomeStrong | kBusiness, {"asked", "to", "use", nullptr}},
    {kOutcomeStrong | kBusiness, {"started", "using", nullptr, nullptr}},
    {kOutcomeStrong | kBusiness, {"now", "use", nullptr, nullptr}},
    {kOutcomeStrong | kBusiness, {"now", "uses", nullptr, nullptr}},
    {kOutcomeStrong, {"since", "then", nullptr, nullptr}},
    {kOutcomeStrong, {"ever", "since", nullptr, nullptr}},
    {kOutcomeStrong, {"the", "result", nullptr, nullptr}},
    {kOutcomeStrong, {"kept", "using", nullptr, nullptr}},
    {kOutcomeStrong, {"instead", "of", "the", nullptr}},
    {kAction | kPast, {"went", "through", nullptr, nullptr}},
    {kAction | kPast, {"went", "back", nullptr, nullptr}},
    {kAction | kPast, {"went", "to", nullptr, nullptr}},
    {kAction | kPast | kCommVerb, {"pointed", "out", nullptr, nullptr}},
    {kAction | kPast | kCommVerb, {"reached", "out", nullptr, nullptr}},
    {kAction | kPast | kCommVerb, {"sat", "down", nullptr, nullptr}},
    {kAction | kPast | kCreateVerb, {"set", "up", nullptr, nullptr}},
    {kAction | kPast | kCreateVerb, {"put", "in", "place", nullptr}},
    {kAction | kPast | kCreateVerb, {"rolled", "out", nullptr, nullptr}},
    {kIncident, {"went", "down", nullptr, nullptr}},
    {kIncident, {"fell", "behind", nullptr, nullptr}},
    {kIncident, {"ran", "out", "of", nullptr}},
    {kIncident, {"bad", "data", nullptr, nullptr}},
    {kIncident, {"data", "loss", nullptr, nullptr}},
    {kIncident, {"wrong", "numbers", nullptr, nullptr}},
    {kHardenNoun, {"action", "items", nullptr, nullptr}},
    {kHardenNoun, {"post", "mortem", nullptr, nullptr}},
    {kTaskStrong, {"was", "asked", nullptr, nullptr}},
    {kTaskStrong, {"were", "asked", nullptr, nullptr}},
    {kTaskStrong, {"been", "asked", nullptr, nullptr}},
    {kTaskStrong, {"asked", "me", nullptr, nullptr}},
    {kTaskStrong, {"asked", "us", nullptr, nullptr}},
    {kTaskStrong, {"wanted", "me", nullptr, nullptr}},
    {kTaskStrong, {"needed", "me", nullptr, nullptr}},
    {kTaskStrong, {"told", "me", "to", nullptr}},
    {kTaskStrong, {"assigned", "me", nullptr, nullptr}},
    {kTaskStrong, {"was", "assigned", nullptr, nullptr}},
    {kTaskStrong, {"were", "assigned", nullptr, nullptr}},
    {kTaskStrong, {"was", "given", nullptr, nullptr}},
    {kTaskStrong, {"were", "given", nullptr, nullptr}},
    {kTaskStrong, {"gave", "me", nullptr, nullptr}},
    {kTaskStrong, {"was", "tasked", nullptr, nullptr}},
    {kTaskStrong, {"were", "tasked", nullptr, nullptr}},
    {kTaskStrong, {"responsible", "for", nullptr, nullptr}},
    {kTaskStrong, {"in", "charge", "of", nullptr}},
    {kTaskStrong, {"accountable", "for", nullptr, nullptr}},
    {kTaskStrong, {"owner", "of", nullptr, nullptr}},
    {kTaskStrong, {"i", "had", "to", nullptr}},
    {kTaskStrong, {"we", "had", "to", nullptr}},
    {kTaskStrong, {"i", "needed", "to", nullptr}},
    {kTaskStrong, {"we", "needed", "to", nullptr}},
    {kTaskStrong, {"i", "have", "to", nullptr}},
    {kTaskStrong, {"i", "wanted", "to", nullptr}},
    {kTaskStrong, {"we", "wanted", "to", nullptr}},
    {kTaskStrong, {"took", "on", nullptr, nullptr}},
    {kTaskStrong, {"took", "the", "lead", nullptr}},
    {kTaskStrong, {"took", "ownership", nullptr, nullptr}},
    {kTaskStrong, {"volunteered", nullptr, nullptr, nullptr}},
    {kTaskStrong, {"set", "myself", nullptr, nullptr}},
    {kTaskStrong, {"set", "out", "to", nullptr}},
    {kTaskStrong, {"brought", "in", "to", nullptr}},
    {kTaskStrong, {"on", "the", "hook", nullptr}},
    {kTaskStrong, {"i", "committed", "to", nullptr}},
    {kTaskStrong, {"signed", "up", "to", nullptr}},
    {kTaskStrong, {"the", "real", "problem", nullptr}},
    {kTaskStrong, {"the", "real", "requirement", nullptr}},
    {kTaskWeak, {"i", "owned", nullptr, nullptr}},
    {kTaskWeak, {"we", "owned", nullptr, nullptr}},
    {kTaskWeak, {"i", "led", nullptr, nullptr}},
    {kTaskWeak, {"i", "was", "on", "call"}},
    {kTaskWeak, {"i", "was", "the", nullptr}},
    {kTaskWeak, {"i", "was", "on", nullptr}},
    {kTaskWeak, {"then", "led", nullptr, nullptr}},
    {kOrdinalStart, {"the", "first", "thing", nullptr}},
    {kOrdinalStart, {"first", "of", "all", nullptr}},
    {kOrdinalStart, {"to", "start", nullptr, nullptr}},
    {kOrdinalStart, {"after", "that", nullptr, nullptr}},
    {kBlame, {"their", "fault", nullptr, nullptr}},
    {kBlame, {"without", "telling", nullptr, nullptr}},
    {kBlame, {"without", "warning", nullptr, nullptr}},
    {kBlame, {"without", "notice", nullptr, nullptr}},
    {kBlame, {"without", "asking", nullptr, nullptr}},
    {kBlame, {"keeps", "happening", nullptr, nullptr}},
    {kBlame, {"keep", "happening", nullptr, nullptr}},
    {kBlame, {"keeps", "coming", "back", nullptr}},
    {kBlame, {"all", "the", "time", nullptr}},
    {kBlame, {"their", "job", nullptr, nullptr}},
    {kBlame, {"not", "mine", nullptr, nullptr}},
    {kBlame, {"not", "my", "job", nullptr}},
    {kBlame, {"not", "our", "job", nullptr}},
    {kBlame, {"not", "my", "problem", nullptr}},
    {kBlame, {"not", "our", "problem", nullptr}},
    {kBlame, {"not", "a", "data", "problem"}},
    {kBlame, {"not", "the", "data", nullptr}},
    {kBlame, {"on", "them", nullptr, nullptr}},
    {kBlame, {"nothing", "sensible", nullptr, nullptr}},
    {kBlame, {"nothing", "i", "could", nullptr}},
    {kBlame, {"nothing", "we", "could", nullptr}},
    {kBlame, {"out", "of", "my", "hands"}},
    {kBlame, {"out", "of", "our", "hands"}},
    {kBlame, {"waited", "for", nullptr, nullptr}},
    {kBlame, {"more", "careful", nullptr, nullptr}},
    {kBlame, {"the", "cause", "was", "the"}},
    {kBlame, {"their", "mess", nullptr, nullptr}},
    {kBlame, {"not", "our", "fault", nullptr}},
    {kBlame, {"not", "my", "fault", nullptr}},
    {kBlame, {"should", "have", "told", nullptr}},
    {kBlame, {"never", "tells", nullptr, nullptr}},
    {kBlame, {"never", "checks", nullptr, nullptr}},
    {kBlame, {"as", "usual", nullptr, nullptr}},
    {kBlame, {"yet", "again", nullptr, nullptr}},
    {kBlame, {"their", "problem", nullptr, nullptr}},
    {kBlame, {"their", "responsibility", nullptr, nullptr}},
    {kBlame, {"their", "mistake", nullptr, nullptr}},
    {kBlame, {"out", "of", "our", "control"}},
    {kBlame, {"out", "of", "my", "control"}},
    {kBlame, {"beyond", "our", "control", nullptr}},
    {kBlame, {"nothing", "to", "do", "with"}},
    {kBlame, {"pointed", "the", "finger", nullptr}},
    {kAffectedPeople, {"the", "people", "who", nullptr}},
    {kAffectedPeople, {"everyone", "affected", nullptr, nullptr}},
    {kAffectedPeople, {"affected", "users", nullptr, nullptr}},
    {kAffectedPeople, {"affected", "teams", nullptr, nullptr}},
    {kCommVerb | kAction | kPast, {"let", "them", "know", nullptr}},
    {kCommVerb | kAction | kPast, {"gave", "them", "a", nullptr}},
    {kCommVerb | kAction | kPast, {"kept", "them", nullptr, nullptr}},
    {kCommVerb, {"status", "update", nullptr, nullptr}},
    {kCommVerb, {"heads", "up", nullptr, nullptr}},
    {kOptionCue, {"the", "clean", "way", nullptr}},
    {kOptionCue, {"the", "fast", "way", nullptr}},
    {kOptionCue, {"the", "other", nullptr, nullptr}},
    {kOptionCue, {"would", "have", nullptr, nullptr}},
    {kOptionCue, {"compared", "to", nullptr, nullptr}},
};

// A lower-case word packed into zero-padded 8-byte lanes. Hashing and comparing it is a few
// integer operations rather than a byte loop and a memcmp; this runs for every word.
constexpr std::size_t kLanes = 3;
constexpr std::size_t kMaxKeyBytes = kLanes * 8;
static_assert(kLanes == 3, "Key::operator== compares three lanes");
static_assert(kMaxKeyBytes == kPaddedBytes);

struct Key {
  std::array<std::uint64_t, kLanes> lanes{};
  std::uint64_t size = 0;

  // Spelled out: the defaulted comparison of the array calls memcmp.
  bool operator==(const Key& o) const {
    return size == o.size && lanes[0] == o.lanes[0] && lanes[1] == o.lanes[1] && lanes[2] == o.lanes[2];
  }

  // False when the word is too long to be in the lexicon.
  static bool pack(std::string_view w, Key& key) {
    if (w.size() > kMaxKeyBytes) return false;
    // Byte by byte: words are short, and a variable-length memcpy is a library call.
    char bytes[kMaxKeyBytes] = {};
    for (std::size_t i = 0; i < w.size(); ++i) bytes[i] = w[i];
    std::memcpy(key.lanes.data(), bytes, kMaxKeyBytes);
    key.size = w.size();
    return true;
  }

  static Key from_padded(const char* padded, std::size_t size) {
    Key key;
    std::memcpy(key.lanes.data(), padded, kMaxKeyBytes);
    key.size = size;
    return key;
  }

  // The key of the first `n` bytes (n <= size): later bytes become padding.
  Key prefix(std::size_t n) const {
    Key key = *this;
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      const std::size_t start = lane * 8;
      const std::size_t keep = n <= start ? 0 : std::min<std::size_t>(8, n - start);
      key.lanes[lane] &= keep == 8 ? ~0ull : (1ull << (8 * keep)) - 1;
    }
    key.size = n;
    return key;
  }

  std::uint64_t hash() const {
    std::uint64_t h = size * 0x9E3779B97F4A7C15ull;
    for (std::uint64_t lane : lanes) h = (h ^ lane) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 29);
  }
};

class Tables {
 public:
  Tables() {
    words_.reserve(2048);
    for (const Entry& e : kEntries) add_words(e.words, e.classes);
    // Mark tense on verbs: the story's timeline (done vs habitual) matters for STAR roles.
    for (auto& [word, classes] : words_) {
      if (!(classes & kVerbClasses)) continue;
      if (ends_with(word, "ed")) classes |= kPast;
      else if (!ends_with(word, "ing") && !ends_with(word, "s")) classes |= kPresentVerb;
    }
    add_words(kIrregularPast, 0, /*past=*/true);
    for (const Phrase& p : kPhrases) words_[p.words[0]] |= kPhraseStart;
    // Every word of a phrase needs an id so phrases can be matched on ids. Words that are in
    // no class get classes 0, which reads as "not in the lexicon" (as before).
    for (const Phrase& p : kPhrases) {
      for (const char* w : p.words) {
        if (w) words_.try_emplace(w, 0);
      }
    }
    build_flat_table();
    phrases_of_.resize(entries_.size());
    for (const Phrase& p : kPhrases) {
      Candidate c;
      c.classes = p.classes;
      for (const char* w : p.words) {
        if (w) c.ids[static_cast<std::size_t>(c.length++)] = find(w).id;
      }
      phrases_of_[c.ids[0]].push_back(c);
    }
  }

  WordInfo find(std::string_view w) const {
    Key key;
    if (!Key::pack(w, key)) return {};
    return find(key);
  }

  WordInfo find(const Key& key) const {
    for (std::size_t i = key.hash() & mask_;; i = (i + 1) & mask_) {
      const std::uint16_t id = slots_[i];
      if (id == 0) return {};
      const Word& word = entries_[id];
      if (word.key == key) return {word.classes, id};
    }
  }

  std::uint64_t phrase(const std::uint16_t* ids, int available, int& length) const {
    length = 0;
    std::uint64_t best = 0;
    for (const Candidate& candidate : phrases_of_[ids[0]]) {
      const int n = candidate.length;
      if (n > available || n < length) continue;
      bool match = true;
      for (int i = 1; i < n && match; ++i) match = candidate.ids[static_cast<std::size_t>(i)] == ids[i];
      if (!match) continue;
      if (n > length) best = 0;
      length = n;
      best |= candidate.classes;
    }
    return best;
  }

 private:
  static bool ends_with(std::string_view w, std::string_view suffix) {
    return w.size() > suffix.size() && w.substr(w.size() - suffix.size()) == suffix;
  }

  void add_words(const char* list, std::uint64_t classes, bool past = false) {
    std::string_view rest(list);
    while (!rest.empty()) {
      const auto space = rest.find(' ');
      std::string_view w = rest.substr(0, space);
      if (!w.empty()) {
        auto& slot = words_[std::string(w)];
        slot |= classes;
        if (past) slot |= kPast;
      }
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
  }

  // Open addressing over word ids, at most a quarter full so most probes end at once.
  void build_flat_table() {
    std::size_t size = 16;
    while (size < words_.size() * 4) size *= 2;
    slots_.assign(size, 0);
    mask_ = size - 1;
    entries_.assign(1, Word{});  // id 0: no word
    // Ids in sorted order, so they do not depend on the hash map's iteration order.
    std::map<std::string, std::uint64_t> sorted(words_.begin(), words_.end());
    for (const auto& [text, classes] : sorted) {
      Word word;
      if (!Key::pack(text, word.key)) throw std::logic_error("lexicon word too long: " + text);
      word.classes = classes;
      const auto id = static_cast<std::uint16_t>(entries_.size());
      entries_.push_back(word);
      std::size_t i = word.key.hash() & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = id;
    }
  }

  struct Word {
    Key key;
    std::uint64_t classes = 0;
  };
  std::vector<Word> entries_;
  std::vector<std::uint16_t> slots_;  // word ids; 0: empty slot
  std::size_t mask_ = 0;

  struct Candidate {
    std::array<std::uint16_t, kMaxPhrase> ids{};
    int length = 0;
    std::uint64_t classes = 0;
  };
  std::unordered_map<std::string, std::uint64_t> words_;  // built once, then flattened
  std::vector<std::vector<Candidate>> phrases_of_;  // indexed by first word id (0: none)
};

const Tables& tables() {
  static const Tables instance;
  return instance;
}

// The word's classes, else those of a simple stem so plurals and possessives share the base
// word's classes: -'s, then -s, then -es (the first suffix whose stem is known decides, even
// when masking the tense leaves no class). `find_prefix(n)` looks up the first n bytes of w.
template <typename FindPrefix>
WordInfo with_stems(WordInfo exact, std::string_view w, const FindPrefix& find_prefix) {
  if (exact.classes) return exact;
  auto strip = [&](std::string_view suffix) -> std::uint64_t {
    if (w.size() > suffix.size() + 2 && w.ends_with(suffix)) return find_prefix(w.size() - suffix.size());
    return 0;
  };
  std::uint64_t c = strip("'s");
  if (!c) {
    if (const std::uint64_t s = strip("s")) c = s & ~(kPast | kPresentVerb);
    else c = strip("es") & ~(kPast | kPresentVerb);
  }
  return {c, exact.id};
}

WordInfo look_up_key(const Key& key, std::string_view w) {
  const Tables& t = tables();
  return with_stems(t.find(key), w, [&](std::size_t n) { return t.find(key.prefix(n)).classes; });
}

}  // namespace

WordInfo look_up(std::string_view w) {
  Key key;
  if (Key::pack(w, key)) return look_up_key(key, w);
  // Too long to be in the lexicon itself, but a stem of it might be.
  const Tables& t = tables();
  return with_stems(WordInfo{}, w, [&](std::size_t n) { return t.find(w.substr(0, n)).classes; });
}

WordInfo look_up_padded(const char* padded, std::size_t size) {
  if (size > kMaxKeyBytes) return look_up(std::string_view(padded, size));
  return look_up_key(Key::from_padded(padded, size), std::string_view(padded, size));
}

std::uint64_t classes_of(std::string_view w) { return look_up(w).classes; }

std::uint64_t phrase_classes(const std::uint16_t* ids, int available, int& length) {
  return tables().phrase(ids, available, length);
}

bool is_word(std::string_view w, std::string_view expected) { return w == expected; }

}  // namespace starcoach::scoring::lex
