// application/x-www-form-urlencoded encoding of one value, as Slack sends slash commands.
// Header-only: the integration tests and the dispatch benchmark build request bodies with it.
#pragma once
#include <cctype>
#include <string>

namespace starcoach::test {

inline std::string form_escape(const std::string& s) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace starcoach::test
