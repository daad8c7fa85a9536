#include "bot/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <vector>

namespace starcoach::bot::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::Info)};

// Guards the secret list and the sink; taken once per line (cheap next to the syscall).
std::mutex g_mutex;
std::vector<std::string> g_secrets;
std::function<void(const std::string&)> g_sink;

const char* level_name(Level l) {
  switch (l) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
  }
  return "info";
}

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Slack token prefixes: bot, user, workspace, app-level, refresh, config tokens.
bool starts_token(std::string_view s, size_t i) {
  static constexpr std::string_view kPrefixes[] = {"xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-",
                                                   "xoxr-", "xoxe-", "xapp-"};
  for (auto p : kPrefixes)
    if (s.substr(i, p.size()) == p) return true;
  return false;
}

// logfmt value: bare when safe, else double-quoted with \" \\ \n \t escaped; other control
// characters become \u00XX so one log entry is always one line.
void append_value(std::string& out, std::string_view v) {
  bool bare = !v.empty();
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '"' || c == '=' || c == '\\' || u == 0x7f) { bare = false; break; }
  }
  if (bare) { out += v; return; }
  out += '"';
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_key(std::string& out, std::string_view k) {
  for (char c : k) out += (is_token_char(c) || c == '_' || c == '.') ? c : '_';
}

std::string timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = system_clock::to_time_t(now);
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

void replace_all(std::string& s, const std::string& what, std::string_view with) {
  for (size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
    s.replace(pos, what.size(), with);
}

void write_fd(int fd, const std::string& line) {
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a logging failure
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

Field::Field(std::string k, double v) : key(std::move(k)) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  value = buf;
}

std::string redact_tokens(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (starts_token(text, i) && (i == 0 || !is_token_char(text[i - 1]))) {
      out.append(text.substr(i, 5));
      out += "[redacted]";
      i += 5;
      while (i < text.size() && is_token_char(text[i])) ++i;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::string format_line(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(96 + msg.size());
  line += "ts=";
  line += timestamp();
  line += " level=";
  line += level_name(level);
  line += " msg=";
  append_value(line, msg.empty() ? std::string_view("-") : msg);
  for (const auto& f : fields) {
    line += ' ';
    append_key(line, f.key);
    line += '=';
    append_value(line, f.value);
  }
  return redact_tokens(line);
}

void write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (static_cast<int>(level) < g_min_level.load(std::memory_order_relaxed)) return;
  std::string line = format_line(level, msg, fields);
  std::lock_guard lock(g_mutex);
  for (const auto& s : g_secrets) replace_all(line, s, "[redacted]");
  if (g_sink) {
    g_sink(line);
    return;
  }
  line += '\n';
  write_fd(STDERR_FILENO, line);
}

void set_min_level(Level level) { g_min_level.store(static_cast<int>(level)); }

void add_secret(std::string value) {
  if (value.size() < 6) return;
  std::lock_guard lock(g_mutex);
  for (const auto& s : g_secrets)
    if (s == value) return;
  g_secrets.push_back(std::move(value));
}

void set_sink(std::function<void(const std::string&)> sink) {
  std::lock_guard lock(g_mutex);
  g_sink = std::move(sink);
}

}  // namespace starcoach::bot::log
