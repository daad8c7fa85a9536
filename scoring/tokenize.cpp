// Text to tokens and sentences, in two linear passes: Slack markup is removed first, then the
// clean text is split into sentences (on . ! ?, line breaks and bullets) and words, and each
// word is classified once through the lexicon. No regular expressions: this runs per answer on
// the request path and on megabyte inputs.
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "scoring/analysis.h"
#include "scoring/lexicon.h"

namespace starcoach::scoring::detail {
namespace {

// ASCII character classes without the C library's locale lookups (this is the hot loop).
constexpr bool ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool ascii_alpha(unsigned char c) { return ascii_lower(c) || ascii_upper(c); }
constexpr bool ascii_alnum(unsigned char c) { return ascii_alpha(c) || ascii_digit(c); }
constexpr char to_lower(char c) {
  return ascii_upper(static_cast<unsigned char>(c)) ? static_cast<char>(c - 'A' + 'a') : c;
}

// Byte tables for the per-character loops.
constexpr std::array<bool, 256> make_table(std::string_view members) {
  std::array<bool, 256> table{};
  for (char c : members) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kAsciiSpace = make_table(" \t\n\v\f\r\x1c\x1d\x1e\x1f");
constexpr std::array<bool, 256> kMarkupStart = make_table("\n<&:*~`_");
// ASCII word bytes (letters, digits, underscore): the common case inside a word.
constexpr std::array<bool, 256> kAsciiWordByte =
    make_table("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
// ASCII bytes that may join two parts of one word: apostrophe, hyphen, dot.
constexpr std::array<bool, 256> kAsciiJoiner = make_table("'-.");

// Decodes one code point of valid UTF-8 at s[i]; returns its length.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c < 0xE0 && i + 1 < s.size()) {
    cp = ((c & 0x1Fu) << 6) | (b(i + 1) & 0x3Fu);
    return 2;
  }
  if (c < 0xF0 && i + 2 < s.size()) {
    cp = ((c & 0x0Fu) << 12) | ((b(i + 1) & 0x3Fu) << 6) | (b(i + 2) & 0x3Fu);
    return 3;
  }
  if (i + 3 < s.size()) {
    cp = ((c & 0x07u) << 18) | ((b(i + 1) & 0x3Fu) << 12) | ((b(i + 2) & 0x3Fu) << 6) |
         (b(i + 3) & 0x3Fu);
    return 4;
  }
  cp = 0xFFFD;
  return 1;
}

// Python's str.isspace() set.
bool is_unicode_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Letters of any script are word characters; punctuation, symbols and emoji are not.
bool is_word_cp(char32_t cp) {
  if (cp < 0x80) return ascii_alnum(static_cast<unsigned char>(cp)) != 0;
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;           // Latin-1 punctuation
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;                    // punctuation, arrows, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;                    // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;                    // variation selectors
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;                  // emoji
  if (cp == 0xFEFF) return false;
  return true;
}

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

bool is_ascii_word(char c) {
  return ascii_alnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// ---- pass 1: Slack markup ---------------------------------------------------------------

// Rewrites one <...> entity (mention, channel, link, special) as plain words.
bool rewrite_entity(std::string_view body, std::string& out) {
  if (body.empty()) return false;
  const auto bar = body.find('|');
  const std::string_view label = bar == std::string_view::npos ? "" : body.substr(bar + 1);
  if (body[0] == '@') {
    out += label.empty() ? "colleague" : std::string(label);
  } else if (body[0] == '#') {
    out += '#';
    out += label.empty() ? "channel" : std::string(label);
  } else if (body[0] == '!') {
    const std::string_view name = body.substr(1, bar == std::string_view::npos ? body.npos : bar - 1);
    out += '@';
    out += label.empty() ? std::string(name.substr(0, name.find('^'))) : std::string(label);
  } else if (body.starts_with("http://") || body.starts_with("https://") ||
             body.starts_with("mailto:")) {
    out += label.empty() ? "link" : std::string(label);
  } else {
    return false;
  }
  return true;
}

// Length of a ":emoji_name:" starting at s[i] (s[i] == ':'), or 0.
std::size_t emoji_length(std::string_view s, std::size_t i) {
  if (i > 0 && is_ascii_word(s[i - 1])) return 0;  // "7:40", "ratio:x"
  std::size_t k = i + 1;
  bool letter = false;
  while (k < s.size() && k - i <= 48) {
    const char c = s[k];
    if (c == ':') break;
    if (ascii_lower(static_cast<unsigned char>(c))) letter = true;
    else if (!(ascii_digit(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+'))
      return 0;
    ++k;
  }
  if (k >= s.size() || s[k] != ':' || !letter || k == i + 1) return 0;
  return k - i + 1;
}

// Length of a list bullet at the start of a line ("- ", "* ", "• ", "1. ", "2) "), or 0.
std::size_t bullet_length(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if ((s[i] == '-' || s[i] == '*' || s[i] == '+') && i + 1 < s.size() && s[i + 1] == ' ') return 2;
  for (std::string_view b : {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x80\x93"}) {
    if (s.substr(i, b.size()) == b) return b.size();
  }
  std::size_t k = i;
  while (k < s.size() && k - i < 3 && ascii_digit(static_cast<unsigned char>(s[k]))) ++k;
  if (k > i && k + 1 < s.size() && (s[k] == '.' || s[k] == ')') && s[k + 1] == ' ') return k - i + 2;
  return 0;
}

std::string strip_markup(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool line_start = true;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (line_start) {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '>')) ++i;  // indents, quotes
      line_start = false;
      if (std::size_t n = bullet_length(s, i)) {
        i += n;
        continue;
      }
      continue;
    }
    if (c == '\n') {
      out.push_back('\n');
      line_start = true;
      ++i;
      continue;
    }
    if (c == '<') {
      const std::size_t close = s.find('>', i + 1);
      if (close != std::string_view::npos && close - i < 512) {
        const std::string_view body = s.substr(i + 1, close - i - 1);
        if (body.find('\n') == std::string_view::npos && rewrite_entity(body, out)) {
          i = close + 1;
          continue;
        }
      }
    }
    if (c == '&') {
      static constexpr std::array<std::pair<std::string_view, char>, 3> kEntities{
          {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}}};
      bool done = false;
      for (const auto& [name, ch] : kEntities) {
        if (s.substr(i, name.size()) == name) {
          out.push_back(ch);
          i += name.size();
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    if (c == ':') {
      if (std::size_t n = emoji_length(s, i)) {
        i += n;
        continue;
      }
    }
    if (c == '*' || c == '~' || c == '`') {  // bold, strike, code: keep the words only
      ++i;
      continue;
    }
    if (c == '_') {  // italics unless inside an identifier (amount_cents)
      const bool inside = i > 0 && i + 1 < s.size() && is_ascii_word(s[i - 1]) && is_ascii_word(s[i + 1]);
      if (!inside) {
        ++i;
        continue;
      }
    }
    // Copy the run of ordinary characters up to the next one that may start markup.
    std::size_t run = i + 1;
    while (run < s.size() && !kMarkupStart[static_cast<unsigned char>(s[run])]) ++run;
    out.append(s.substr(i, run - i));
    i = run;
  }
  return out;
}

// ---- pass 2: sentences and words ----------------------------------------------------------

char heading_role(std::string_view w) {
  if (w == "situation" || w == "context" || w == "background" || w == "setting" || w == "s") return 'S';
  if (w == "task" || w == "goal" || w == "problem" || w == "challenge" || w == "ask" || w == "t") return 'T';
  if (w == "action" || w == "actions" || w == "approach" || w == "a") return 'A';
  if (w == "result" || w == "results" || w == "outcome" || w == "impact" || w == "outcomes" || w == "r")
    return 'R';
  return 0;
}

// What lower-casing a word noticed about its spelling (identifier hints).
struct WordShape {
  std::size_t size = 0;  // bytes written
  bool inner_upper = false, underscore = false, dot = false;
};

// Per-byte facts for the lower-casing loop: one table load instead of several range checks.
enum : std::uint8_t { kLowerByte = 1, kUpperByte = 2, kUnderscoreByte = 4, kDotByte = 8 };
constexpr std::array<std::uint8_t, 256> make_byte_facts() {
  std::array<std::uint8_t, 256> facts{};
  for (int c = 'a'; c <= 'z'; ++c) facts[static_cast<std::size_t>(c)] = kLowerByte;
  for (int c = 'A'; c <= 'Z'; ++c) facts[static_cast<std::size_t>(c)] = kUpperByte;
  facts['_'] = kUnderscoreByte;
  facts['.'] = kDotByte;
  return facts;
}
constexpr std::array<std::uint8_t, 256> kByteFacts = make_byte_facts();

constexpr std::array<char, 256> make_lower_case() {
  std::array<char, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = to_lower(static_cast<char>(c));
  return table;
}
constexpr std::array<char, 256> kLowerCase = make_lower_case();

// Writes `raw` lower-cased (ASCII) into `out`, with curly apostrophes made straight.
WordShape lower_case(std::string_view raw, char* out) {
  WordShape shape;
  std::uint8_t seen = 0;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    const unsigned char byte = static_cast<unsigned char>(raw[k]);
    if (byte == 0xE2 && raw.substr(k, 3) == "\xE2\x80\x99") {  // curly apostrophe
      out[shape.size++] = '\'';
      k += 2;
      continue;
    }
    seen |= kByteFacts[byte];
    out[shape.size++] = kLowerCase[byte];
  }
  shape.underscore = seen & kUnderscoreByte;
  shape.dot = seen & kDotByte;
  // camelCase: an upper-case letter after a lower-case one. Most words have no capital past
  // the first letter, so this second look is rare.
  if ((seen & kUpperByte) && (seen & kLowerByte)) {
    bool lower_seen = false;
    for (const char c : raw) {
      const std::uint8_t facts = kByteFacts[static_cast<unsigned char>(c)];
      if ((facts & kUpperByte) && lower_seen) {
        shape.inner_upper = true;
        break;
      }
      lower_seen = lower_seen || (facts & kLowerByte);
    }
  }
  return shape;
}

// "percent" is a number word that also marks a percentage; compared by lexicon id.
std::uint16_t percent_id() {
  static const std::uint16_t id = lex::look_up("percent").id;
  return id;
}

// Words up to this size are lower-cased on the stack (the lexicon's padding included).
constexpr std::size_t kSmallWord = 64;

struct Builder {
  Doc& doc;
  std::string_view text;
  int paragraph = 0;
  char section = 0;
  Sentence current;
  bool open = false;

  void start_sentence(std::size_t at) {
    if (open) return;
    current = Sentence{};
    current.begin = current.end = static_cast<int>(doc.tokens.size());
    current.paragraph = paragraph;
    current.text_begin = at;
    current.heading = section;
    open = true;
  }

  void end_sentence(std::size_t at) {
    if (!open) return;
    open = false;
    current.end = static_cast<int>(doc.tokens.size());
    current.text_end = at;
    if (current.end > current.begin) doc.sentences.push_back(current);
  }

  void add_word(std::size_t from, std::size_t to, bool number, bool hyphen_split);
};

void Builder::add_word(std::size_t from, std::size_t to, bool number, bool hyphen_split) {
  std::string_view raw = text.substr(from, to - from);
  // A hyphenated compound stays whole when the lexicon knows it ("post-mortem", "on-call");
  // otherwise its parts are words of their own ("driver-planning" -> driver, planning).
  if (hyphen_split) {
    std::string lower(raw);
    for (char& ch : lower) ch = to_lower(ch);
    if (!lex::classes_of(lower)) {
      std::size_t part = from;
      for (std::size_t k = from; k <= to; ++k) {
        if (k == to || text[k] == '-') {
          if (k > part) add_word(part, k, false, false);
          part = k + 1;
        }
      }
      return;
    }
  }
  start_sentence(from);
  // A money unit right after a number makes the number money ("40 K", "2 million dollars").
  Token* before = doc.tokens.empty() ? nullptr : &doc.tokens.back();
  Token& t = doc.tokens.emplace_back();
  t.offset = static_cast<std::uint32_t>(from);
  // Lower-cased into a zero-padded buffer the lexicon can read directly (long words, which no
  // lexicon entry matches anyway, go through a string).
  char small[kSmallWord] = {};
  std::string large;
  char* lower = small;
  if (raw.size() > kSmallWord - lex::kPaddedBytes) {
    large.assign(raw.size() + lex::kPaddedBytes, '\0');
    lower = large.data();
  }
  const WordShape shape = lower_case(raw, lower);
  t.word.assign(lower, shape.size);
  t.capitalised = ascii_upper(static_cast<unsigned char>(raw[0])) != 0;
  if (number) {
    t.number = true;
    t.money = raw[0] == '$' || raw.starts_with("\xC2\xA3") || raw.starts_with("\xE2\x82\xAC");
    t.percent = raw.back() == '%';
  } else if (lower[0] == '#' || lower[0] == '@') {
    t.classes = lower[0] == '#' ? (lex::kChannel | lex::kAudience) : lex::kPerson;
  } else {
    const lex::WordInfo info = lex::look_up_padded(lower, shape.size);
    t.classes = info.classes;
    t.lexeme = info.id;
    if (t.classes & lex::kNumberWord) t.number = true;
    if (t.lexeme == percent_id()) t.percent = true;
    t.code_like = shape.inner_upper || shape.underscore || (shape.dot && lower[shape.size - 1] != '.');
    if (to < text.size() && text[to] == '(') t.code_like = true;
  }
  if ((t.classes & lex::kMoneyUnit) && before && before->number) before->money = true;
}

// Marks phrase classes on each phrase's first word.
void mark_phrases(Doc& doc) {
  std::array<std::uint16_t, lex::kMaxPhrase> window{};
  for (const Sentence& s : doc.sentences) {
    for (int i = s.begin; i < s.end; ++i) {
      Token& first = doc.tokens[static_cast<std::size_t>(i)];
      if (!(first.classes & lex::kPhraseStart)) continue;
      const int available = std::min(lex::kMaxPhrase, s.end - i);
      for (int k = 0; k < available; ++k) {
        window[static_cast<std::size_t>(k)] = doc.tokens[static_cast<std::size_t>(i + k)].lexeme;
      }
      int length = 0;
      first.classes |= lex::phrase_classes(window.data(), available, length);
    }
  }
}

// Eight ASCII bytes at a time (SWAR). Per byte of `x`, 0x80 when the byte is strictly between
// `lo` and `hi`, else 0; exact for bytes below 0x80 (see "Bit Twiddling Hacks", hasbetween).
constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
constexpr std::uint64_t bytes_between(std::uint64_t x, std::uint64_t lo, std::uint64_t hi) {
  const std::uint64_t low7 = x & (kOnes * 127);
  return (kOnes * (127 + hi) - low7) & ~x & (low7 + kOnes * (127 - lo)) & kHighBits;
}

// Per byte, 0x80 when it is not ASCII whitespace (kAsciiSpace: 0x09-0x0D, 0x1C-0x20).
constexpr std::uint64_t ascii_non_space(std::uint64_t x) {
  return ~(bytes_between(x, 0x08, 0x0E) | bytes_between(x, 0x1B, 0x21)) & kHighBits;
}

}  // namespace

int count_words(std::string_view s) {
  int words = 0;
  bool in_word = false;
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: a block of eight ASCII bytes. A word starts at each non-space byte whose
    // predecessor is a space (or the start).
    if (i + 8 <= s.size()) {
      std::uint64_t block;
      std::memcpy(&block, s.data() + i, 8);
      if (!(block & kHighBits)) {
        const std::uint64_t non_space = ascii_non_space(block);
        const std::uint64_t before = (non_space << 8) | (in_word ? 0x80u : 0u);
        const std::uint64_t starts = non_space & ~before;
        words += static_cast<int>(((starts >> 7) * kOnes) >> 56);  // one bit per start
        in_word = (non_space >> 63) != 0;
        i += 8;
        continue;
      }
    }
    char32_t cp = static_cast<unsigned char>(s[i]);
    bool space;
    if (cp < 0x80) {
      ++i;
      space = kAsciiSpace[cp];
    } else {
      i += decode(s, i, cp);
      space = is_unicode_space(cp);
    }
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

Doc analyse_text(std::string_view repaired) {
  Doc doc;
  doc.words = count_words(repaired);
  doc.clean = strip_markup(repaired);
  const std::string_view s = doc.clean;
  doc.tokens.reserve(s.size() / 5 + 8);
  Builder b{doc, s, 0, 0, Sentence{}, false};

  int newlines = 0;
  bool line_start = true;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ' ') {  // the most common byte between words
      ++i;
      continue;
    }
    char32_t cp = static_cast<unsigned char>(s[i]);
    const std::size_t len = cp < 0x80 ? 1 : decode(s, i, cp);
    if (cp == '\n') {
      b.end_sentence(i);
      if (++newlines == 2) ++b.paragraph;
      line_start = true;
      i += len;
      continue;
    }
    if (is_unicode_space(cp)) {
      i += len;
      continue;
    }
    newlines = 0;
    const bool digit_start = cp < 0x80 && ascii_digit(static_cast<unsigned char>(cp));
    const bool currency_start = (cp == '$' || cp == 0xA3 || cp == 0x20AC) && i + len < s.size() &&
                                ascii_digit(static_cast<unsigned char>(s[i + len]));
    if (digit_start || currency_start) {
      // Numbers: 9,000  1.2  7:40  $410K  12%  3x  24/7
      std::size_t k = i + len;
      while (k < s.size()) {
        const char c = s[k];
        const bool joiner = (c == '.' || c == ',' || c == ':' || c == '/') && k + 1 < s.size() &&
                            ascii_digit(static_cast<unsigned char>(s[k + 1]));
        if (ascii_alnum(static_cast<unsigned char>(c)) || joiner) ++k;
        else break;
      }
      if (k < s.size() && s[k] == '%') ++k;
      b.add_word(i, k, /*number=*/true, false);
      line_start = false;
      i = k;
      continue;
    }
    const bool tag_start = (cp == '#' || cp == '@') && i + 1 < s.size() && is_ascii_word(s[i + 1]);
    if (is_word_cp(cp) || cp == '_' || tag_start) {
      std::size_t k = i + len;
      bool hyphen = false;
      while (k < s.size()) {
        const unsigned char byte = static_cast<unsigned char>(s[k]);
        if (kAsciiWordByte[byte]) {  // the common case, without decoding
          ++k;
          continue;
        }
        // Other ASCII (space, comma ...) ends the word unless it is a joiner.
        if (byte < 0x80 && !kAsciiJoiner[byte]) break;
        char32_t next = 0;
        const std::size_t nlen = decode(s, k, next);
        if (is_word_cp(next) || next == '_') {
          k += nlen;
          continue;
        }
        // Joiners inside a word: apostrophes (didn't), hyphens (on-call), dots (spark.sql).
        char32_t after = 0;
        if (k + nlen < s.size()) decode(s, k + nlen, after);
        const bool letter_after = after != 0 && is_word_cp(after);
        if ((is_apostrophe(next) || next == '-' || next == '.' || next == '-') && letter_after) {
          if (next == '-') hyphen = true;
          if (next == '.' && !(after < 0x80 && ascii_lower(static_cast<unsigned char>(after)))) break;
          k += nlen;
          continue;
        }
        break;
      }
      // "Situation:" / "*Result*:" at the start of a line opens a STAR section.
      if (line_start || !b.open) {
        std::string lower(s.substr(i, k - i));
        for (char& ch : lower) ch = to_lower(ch);
        const char role = heading_role(lower);
        std::size_t after = k;
        while (after < s.size() && s[after] == ' ') ++after;
        if (role && after < s.size() && s[after] == ':') {
          b.end_sentence(i);
          b.section = role;
          line_start = false;
          i = after + 1;
          continue;
        }
      }
      b.add_word(i, k, false, hyphen);
      line_start = false;
      i = k;
      continue;
    }
    // Sentence ends: . ! ? … followed by space/end, unless the next word starts lower case
    // (a.m. planning, e.g. dbt) which is an abbreviation, not a boundary.
    if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002) {
      std::size_t k = i + len;
      while (k < s.size() && (s[k] == '.' || s[k] == '!' || s[k] == '?' || s[k] == '"' ||
                              s[k] == ')' || s[k] == '\'')) {
        ++k;
      }
      std::size_t next = k;
      while (next < s.size() && (s[next] == ' ' || s[next] == '\t')) ++next;
      const bool at_end = next >= s.size() || s[next] == '\n';
      const bool spaced = next > k || at_end;
      const bool lower_next = !at_end && ascii_lower(static_cast<unsigned char>(s[next]));
      // "7 a.m. SLA": after a one-letter abbreviation an all-caps word is not a new sentence.
      bool acronym_next = false;
      if (!at_end && k >= 3 && s[k - 3] == '.' && ascii_upper(static_cast<unsigned char>(s[next]))) {
        std::size_t e = next;
        while (e < s.size() && ascii_upper(static_cast<unsigned char>(s[e]))) ++e;
        acronym_next = e - next >= 2 && (e >= s.size() || !ascii_alpha(static_cast<unsigned char>(s[e])));
      }
      if (spaced && !lower_next && !acronym_next) b.end_sentence(k);
      i = k;
      continue;
    }
    i += len;
  }
  b.end_sentence(s.size());
  doc.paragraphs = doc.sentences.empty() ? 0 : doc.sentences.back().paragraph + 1;
  mark_phrases(doc);
  return doc;
}

}  // namespace starcoach::scoring::detail
