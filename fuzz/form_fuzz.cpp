// handlers::parse_form / url_decode on arbitrary bytes, with round-trip properties:
// decoding never grows the text, and a parsed form re-encoded (every byte %-escaped) parses
// back to the same map.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "handlers/form.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "FUZZ FAILURE: %s\n", what);
  std::abort();
}

std::string encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto decoded = starcoach::handlers::url_decode(text)) {
    if (decoded->size() > text.size()) fail("url_decode grew the text");
    if (starcoach::handlers::url_decode(encode(*decoded)) != decoded) fail("url_decode round trip");
  }

  if (auto form = starcoach::handlers::parse_form(text)) {
    if (form->empty()) fail("parse_form returned an empty form");
    std::string again;
    for (const auto& [key, value] : *form) {
      if (!again.empty()) again += '&';
      again += encode(key) + "=" + encode(value);
    }
    auto reparsed = starcoach::handlers::parse_form(again);
    if (!reparsed || *reparsed != *form) fail("parse_form round trip");
  }
  return 0;
}
