// Word classes the scorer reasons with. Internal to scoring/.
//
// The classes are general linguistic signals (pronouns, verb tenses, outcome vocabulary,
// units) plus a small data-engineering vocabulary; none is a phrase from any labeled answer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace starcoach::scoring::lex {

// One bit per class; a word (or a phrase, on its first word) may belong to several.
enum Class : std::uint64_t {
  kFirstSingular = 1ull << 0,   // I, me, my, mine
  kFirstPlural = 1ull << 1,     // we, us, our, ours
  kSubject = 1ull << 2,         // I / we as a grammatical subject (I, we, I've, we'd ...)
  kAction = 1ull << 3,          // a verb of doing (fixed, compared, wrote, paste ...)
  kPast = 1ull << 4,            // the verb form is past tense
  kContextVerb = 1ull << 5,     // joined, worked, owned: setting, not action
  kCognition = 1ull << 6,       // think, felt, believe: not action
  kCommVerb = 1ull << 7,        // told, emailed, posted, warned ...
  kAudience = 1ull << 8,        // the people data serves: finance, stakeholders, customers ...
  kCreateVerb = 1ull << 9,      // added, set up, wrote, introduced ... (a durable change is made)
  kHardenNoun = 1ull << 10,     // test, alert, monitor, contract, runbook ...
  kOutcomeStrong = 1ull << 11,  // dropped, saved, "in the end", "no longer", "since" ...
  kOutcomeWeak = 1ull << 12,    // now, still, became ...
  kBusiness = 1ull << 13,       // business, reliability or stakeholder effect vocabulary
  kTech = 1ull << 14,           // tool and mechanism vocabulary
  kIncident = 1ull << 15,       // failed, outage, broke, wrong, stale ...
  kNumberWord = 1ull << 16,     // one .. billion, half, twice
  kTimeUnit = 1ull << 17,       // minutes, days, weeks ...
  kMoneyUnit = 1ull << 18,      // dollars, euros, k ...
  kModal = 1ull << 19,          // would, could, might, should
  kNegation = 1ull << 20,       // not, never, no, didn't
  kSequence = 1ull << 21,       // first, then, next, finally (at the start of a sentence)
  kOrg = 1ull << 22,            // company, startup, retailer ...
  kValidateVerb = 1ull << 23,   // compared, reconciled, validated, diffed ...
  kDataNoun = 1ull << 24,       // data, rows, totals, output, numbers ...
  kOptionCue = 1ull << 25,      // option, alternative, instead, estimated, priced, would ...
  kBlame = 1ull << 26,          // fault, careless, "their job", "without telling" ...
  kFixVerb = 1ull << 27,        // patched, fixed, reran, backfilled, escalated ...
  kTaskNoun = 1ull << 28,       // job, task, goal, brief, responsibility (after my/our)
  kTaskStrong = 1ull << 29,     // "was asked", "responsible for", "had to" ...
  kTaskWeak = 1ull << 30,       // owned, led, deadline, constraint (early in the answer)
  kExplain = 1ull << 31,        // present-tense explanatory verbs: stores, tracks, means ...
  kSkip = 1ull << 32,           // adverbs and auxiliaries between a subject and its verb
  kHad = 1ull << 33,            // "had" before a participle: the thing already existed
  kYou = 1ull << 34,            // generic "you" (tool walkthroughs)
  kAnchor = 1ull << 35,         // time or place anchors of a setting: ago, last, when ...
  kPerson = 1ull << 36,         // third parties: she, he, colleague, manager ...
  kConditional = 1ull << 37,    // if, unless, whether
  kBe = 1ull << 38,             // was, were, is, am
  kOwnTeam = 1ull << 39,        // team, colleague: telling them is not telling the affected
  kPresentVerb = 1ull << 40,    // base-form action verbs (habitual present: I use, I paste)
  kRecurrence = 1ull << 41,     // recurred, repeat, again, since
  kOrdinalStart = 1ull << 42,   // "the first thing": action-led opener
  kChannel = 1ull << 43,        // a Slack channel word (channel, #name)
  kTopicStop = 1ull << 44,      // words too common to signal a topic
  kAffectedPeople = 1ull << 45, // "the people who", "everyone affected" (phrase)
  // Single function words the scorer tests often; a bit is cheaper than a string compare.
  kPhraseStart = 1ull << 46,    // some phrase starts with this word (set automatically)
  kNegator = 1ull << 47,        // not, never, no, none, zero, without
  kComparative = 1ull << 48,    // more, fewer, less, faster, lower, higher ...
  kPossessive = 1ull << 49,     // my, our
  kThe = 1ull << 50,
  kArticle = 1ull << 51,        // a, an
  kAt = 1ull << 52,
  kTo = 1ull << 53,
  kSince = 1ull << 54,
  kThen = 1ull << 55,
  kFrom = 1ull << 56,
  kInstead = 1ull << 57,
  kUnitFiller = 1ull << 58,     // words allowed between a number and its unit: "2 more weeks"
  kContrast = 1ull << 59,       // than, while, or, whereas, versus: alternatives side by side
  kNow = 1ull << 60,
  kAnd = 1ull << 61,
};

// Classes of one lower-case word (looks up the word, then simple stems: -'s, -s, -es).
std::uint64_t classes_of(std::string_view lower_word);

// The classes of a word (as classes_of) and the id of the exact word in the lexicon (0 when it
// is not there). Phrases are matched on these ids, so a phrase costs integer compares.
struct WordInfo {
  std::uint64_t classes = 0;
  std::uint16_t id = 0;
};
WordInfo look_up(std::string_view lower_word);

// The same lookup for a word already laid out as `kPaddedBytes` bytes: the word, then zeros.
// The tokenizer lower-cases into such a buffer, which saves copying the word again.
constexpr std::size_t kPaddedBytes = 24;  // longer than any lexicon word
WordInfo look_up_padded(const char* padded, std::size_t size);

// Phrases are matched on consecutive words; `ids` holds the word ids of up to kMaxPhrase words
// starting at the current one. Returns the classes of the longest phrase starting here (0 when
// none) and its length in `length`.
constexpr int kMaxPhrase = 4;
std::uint64_t phrase_classes(const std::uint16_t* ids, int available, int& length);

// A few hot words checked by identity rather than by class.
bool is_word(std::string_view w, std::string_view expected);

}  // namespace starcoach::scoring::lex
