#include "handlers/form.h"

namespace starcoach::handlers {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> url_decode(std::string_view text) {
  // Decoding never lengthens the text, so write through a pointer and trim at the end: this
  // runs on every byte of every slash command.
  std::string out(text.size(), '\0');
  char* o = out.data();
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '%') {
      *o++ = c == '+' ? ' ' : c;
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    *o++ = static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

std::optional<Form> parse_form(std::string_view body) {
  Form form;
  bool any_pair = false;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      auto key = url_decode(pair.substr(0, eq));
      auto value = url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      if (!key || !value) return std::nullopt;
      if (eq != std::string_view::npos) any_pair = true;
      form.insert_or_assign(std::move(*key), std::move(*value));
    }
    start = end + 1;
  }
  if (!any_pair) return std::nullopt;
  return form;
}

}  // namespace starcoach::handlers
