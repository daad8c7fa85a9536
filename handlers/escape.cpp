#include "handlers/escape.h"

#include "scoring/score.h"

namespace starcoach::handlers {

std::string mrkdwn_escape(std::string_view text) {
  const std::string clean = scoring::repair_utf8(text);
  std::string out;
  out.reserve(clean.size() + 16);
  size_t i = 0;
  while (i < clean.size()) {
    // Runs without &, < or > (nearly all text) are copied in one go.
    size_t special = i;
    while (special < clean.size() && clean[special] != '&' && clean[special] != '<' &&
           clean[special] != '>')
      ++special;
    out.append(clean, i, special - i);
    if (special == clean.size()) break;
    switch (clean[special]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      default: out += "&gt;"; break;
    }
    i = special + 1;
  }
  return out;
}

std::string truncate_utf8(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  size_t cut = max_chars;
  // Step back over UTF-8 continuation bytes so no code point is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  // Nor an entity mrkdwn_escape wrote (&amp; &lt; &gt;): Slack would show "&am…" literally.
  for (std::string_view entity : {"&amp;", "&lt;", "&gt;"}) {
    for (size_t kept = 1; kept < entity.size() && kept <= cut; ++kept) {
      if (text.substr(cut - kept, entity.size()) == entity) {
        cut -= kept;
        break;
      }
    }
  }
  std::string out(text.substr(0, cut));
  out += "…";
  return out;
}

}  // namespace starcoach::handlers
