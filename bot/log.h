// One-line structured logging (logfmt) to stderr:
//   ts=2026-11-24T10:00:00.123Z level=info msg="listening" port=3000
// Thread-safe: each line is formatted first and written with one write(2), so lines from
// several threads never interleave. Anything that looks like a Slack token (xoxb-, xoxp-, ...)
// and every value registered with add_secret() is redacted before it is written.
#pragma once
#include <concepts>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace starcoach::bot::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

// key=value pair; numbers and strings convert implicitly so call sites stay short:
//   log::info("slack call failed", {{"method", m}, {"attempt", n}});
struct Field {
  std::string key;
  std::string value;
  Field(std::string k, std::string_view v) : key(std::move(k)), value(v) {}
  Field(std::string k, const char* v) : key(std::move(k)), value(v ? v : "") {}
  Field(std::string k, const std::string& v) : key(std::move(k)), value(v) {}
  Field(std::string k, bool v) : key(std::move(k)), value(v ? "true" : "false") {}
  template <typename N>
    requires(std::integral<N> && !std::same_as<N, bool> && !std::same_as<N, char>)
  Field(std::string k, N v) : key(std::move(k)), value(std::to_string(v)) {}
  Field(std::string k, double v);
};

void write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Error, m, f); }

// Lines below this level are dropped (default Info).
void set_min_level(Level level);
// Exact values (signing secret, bot token) that must never appear in a log line; components
// holding a secret register it. Values shorter than 6 characters are ignored (too common).
void add_secret(std::string value);
// Tests capture lines here instead of stderr; pass nullptr to restore stderr.
void set_sink(std::function<void(const std::string& line)> sink);

// Replaces Slack tokens (xoxb-..., xoxp-..., xapp-...) with "xoxb-[redacted]" etc.
std::string redact_tokens(std::string_view text);
// The full line as write() would emit it, without the trailing newline (for tests).
std::string format_line(Level level, std::string_view msg, std::initializer_list<Field> fields);

}  // namespace starcoach::bot::log
