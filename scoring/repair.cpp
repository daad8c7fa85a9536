// Input repair: whatever bytes arrive (files, stdin, Slack), the scorer works on valid UTF-8.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "scoring/score.h"

namespace starcoach::scoring {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid. Follows the
// Unicode "maximal subpart" practice (as Python's errors="replace" does): the caller replaces
// one invalid prefix at a time.
std::size_t valid_sequence_length(std::string_view s, std::size_t i, std::size_t& invalid_len) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    invalid_len = 1;
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    const unsigned char lower = k == 1 ? lo : 0x80, upper = k == 1 ? hi : 0xBF;
    if (i + k >= s.size() || byte(i + k) < lower || byte(i + k) > upper) {
      invalid_len = k;  // the lead byte plus the continuation bytes that did fit
      return 0;
    }
  }
  return need + 1;
}

// End of the run of 8-byte blocks from `i` that need no repair: printable ASCII, no control
// characters, no DEL, no byte >= 0x80 (tab and newline end the fast run too; the byte loop
// after it keeps them). SWAR tests as in "Bit Twiddling Hacks" (hasless, haszero).
std::size_t plain_ascii_run(std::string_view s, std::size_t i) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  while (i + 8 <= s.size()) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    const std::uint64_t below_space = (x - kOnes * 0x20) & ~x;         // some byte < 0x20
    const std::uint64_t del = ((x ^ (kOnes * 0x7F)) - kOnes) & ~(x ^ (kOnes * 0x7F));  // some 0x7F
    if ((x | below_space | del) & kHigh) break;
    i += 8;
  }
  return i;
}

}  // namespace

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      // Printable ASCII is copied a run at a time. Control characters (NUL included) become
      // spaces so words around them stay apart; tab and newline carry layout and are kept.
      std::size_t run = i;
      while (true) {
        run = plain_ascii_run(text, run);
        if (run >= text.size()) break;
        const unsigned char r = static_cast<unsigned char>(text[run]);
        if (r >= 0x80 || r == 0x7F || (r < 0x20 && r != '\n' && r != '\t')) break;
        ++run;
      }
      if (run > i) {
        out.append(text.substr(i, run - i));
        i = run;
        continue;
      }
      out.push_back(' ');
      ++i;
      continue;
    }
    std::size_t invalid_len = 0;
    const std::size_t len = valid_sequence_length(text, i, invalid_len);
    if (len == 0) {
      out.append(kReplacement);
      i += invalid_len;
      continue;
    }
    // C1 controls (U+0080..U+009F) are encoded C2 80..C2 9F.
    if (len == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out.push_back(' ');
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace starcoach::scoring
