#include "bot/config.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <date/tz.h>

namespace starcoach::bot {
namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// A non-secret value quoted for an error message: one line, bounded length.
std::string shown(std::string_view v) {
  std::string out = "\"";
  for (char c : v.substr(0, 80)) out += std::iscntrl(static_cast<unsigned char>(c)) ? '?' : c;
  if (v.size() > 80) out += "...";
  return out + "\"";
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Reads one variable; empty (after trimming) counts as unset.
class Env {
 public:
  explicit Env(const Getenv& getenv) : getenv_(getenv) {}
  std::string get(const char* name) const {
    const char* v = getenv_ ? getenv_(name) : nullptr;
    return v ? trim(v) : std::string();
  }

 private:
  const Getenv& getenv_;
};

void require(const std::string& value, const char* name, const char* what) {
  if (value.empty())
    throw ConfigError(std::string(name) + " is not set; set it to " + what +
                      " (Slack app settings), e.g. in the service's environment file");
}

int parse_port(const std::string& v) {
  if (!all_digits(v) || v.size() > 5 || std::stoi(v) < 1 || std::stoi(v) > 65535)
    throw ConfigError("STARCOACH_PORT=" + shown(v) +
                      " is not a TCP port; set it to a number from 1 to 65535, e.g. 3000");
  return std::stoi(v);
}

std::string parse_api_url(std::string v) {
  auto has_host = [&](size_t scheme_len) {
    return v.size() > scheme_len && v[scheme_len] != '/' && v[scheme_len] != ':';
  };
  bool ok = (v.rfind("http://", 0) == 0 && has_host(7)) || (v.rfind("https://", 0) == 0 && has_host(8));
  for (char c : v)
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) ok = false;
  if (!ok)
    throw ConfigError("SLACK_API_URL=" + shown(v) +
                      " is not an http(s) URL; unset it for https://slack.com/api or give a full "
                      "URL such as http://127.0.0.1:8123/api");
  while (v.size() > 8 && v.back() == '/') v.pop_back();
  return v;
}

void check_readable(const std::string& path, const char* name, const char* what) {
  struct stat st {};
  std::string why;
  if (::stat(path.c_str(), &st) != 0) {
    why = std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    why = "not a regular file";
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) why = "cannot open it for reading";
  }
  if (!why.empty())
    throw ConfigError(std::string(name) + "=" + shown(path) + " cannot be read (" + why +
                      "); point it at a readable PEM " + what + " file");
}

std::vector<std::string> split_admins(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    std::string id = trim(std::string_view(v).substr(start, comma - start));
    if (!id.empty()) out.push_back(std::move(id));
    start = comma + 1;
  }
  return out;
}

}  // namespace

bool parse_hh_mm(const std::string& text, int& hour, int& minute) {
  auto colon = text.find(':');
  if (colon == std::string::npos) return false;
  std::string h = text.substr(0, colon), m = text.substr(colon + 1);
  if (!all_digits(h) || h.size() > 2 || !all_digits(m) || m.size() != 2) return false;
  int hh = std::stoi(h), mm = std::stoi(m);
  if (hh > 23 || mm > 59) return false;
  hour = hh;
  minute = mm;
  return true;
}

bool is_known_zone(const std::string& zone) {
  // Screen the name before it reaches the tz database (which maps it to a file under
  // /usr/share/zoneinfo): no absolute paths, no "..", only the characters IANA names use.
  if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.back() == '/' ||
      zone.find("..") != std::string::npos || zone.find("//") != std::string::npos)
    return false;
  for (char c : zone)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+')
      return false;
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

Config load_config(ConfigUse use, const Getenv& getenv) {
  Env env(getenv);
  Config c;

  c.signing_secret = env.get("SLACK_SIGNING_SECRET");
  c.bot_token = env.get("SLACK_BOT_TOKEN");
  if (use == ConfigUse::Serve)
    require(c.signing_secret, "SLACK_SIGNING_SECRET", "the app's Signing Secret from Basic Information");
  if (use == ConfigUse::Serve || use == ConfigUse::PostDaily)
    require(c.bot_token, "SLACK_BOT_TOKEN", "the xoxb- Bot User OAuth Token from OAuth & Permissions");

  if (auto v = env.get("SLACK_API_URL"); !v.empty()) c.api_url = parse_api_url(v);
  if (auto v = env.get("STARCOACH_DB"); !v.empty()) c.db_path = v;
  if (auto v = env.get("STARCOACH_HOST"); !v.empty()) c.host = v;
  if (auto v = env.get("STARCOACH_PORT"); !v.empty()) c.port = parse_port(v);

  c.tls_cert = env.get("STARCOACH_TLS_CERT");
  c.tls_key = env.get("STARCOACH_TLS_KEY");
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    throw ConfigError(c.tls_cert.empty()
        ? "STARCOACH_TLS_KEY is set but STARCOACH_TLS_CERT is not; set both to serve HTTPS, or neither to serve plain HTTP behind a TLS proxy"
        : "STARCOACH_TLS_CERT is set but STARCOACH_TLS_KEY is not; set both to serve HTTPS, or neither to serve plain HTTP behind a TLS proxy");
  }
  // Only `serve` opens the files; other commands should not fail over a server-only setting.
  if (use == ConfigUse::Serve && c.tls()) {
    check_readable(c.tls_cert, "STARCOACH_TLS_CERT", "certificate");
    check_readable(c.tls_key, "STARCOACH_TLS_KEY", "private key");
  }

  c.channel = env.get("STARCOACH_CHANNEL");
  if (auto v = env.get("STARCOACH_POST_AT"); !v.empty() && !parse_hh_mm(v, c.post_hour, c.post_minute))
    throw ConfigError("STARCOACH_POST_AT=" + shown(v) +
                      " is not a time of day; use HH:MM from 00:00 to 23:59, e.g. 09:30");
  if (auto v = env.get("STARCOACH_TZ"); !v.empty()) {
    if (!is_known_zone(v))
      throw ConfigError("STARCOACH_TZ=" + shown(v) +
                        " is not a known IANA time zone; use a name like Europe/Berlin or UTC");
    c.tz = v;
  }
  if (auto v = env.get("STARCOACH_DAYS"); !v.empty()) {
    std::string lower;
    for (char ch : v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == "weekdays") c.weekdays_only = true;
    else if (lower == "daily") c.weekdays_only = false;
    else throw ConfigError("STARCOACH_DAYS=" + shown(v) + " is not valid; use weekdays or daily");
  }
  c.admins = split_admins(env.get("STARCOACH_ADMINS"));
  return c;
}

}  // namespace starcoach::bot
