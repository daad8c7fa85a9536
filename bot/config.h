// Configuration from the environment, loaded once and validated up front.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace starcoach::bot {

// Bad configuration: `what()` is one line naming the variable and how to fix it, never a secret.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class ConfigUse { Serve, PostDaily, Offline };  // which settings are required

struct Config {
  std::string signing_secret;   // SLACK_SIGNING_SECRET
  std::string bot_token;        // SLACK_BOT_TOKEN
  std::string api_url = "https://slack.com/api";  // SLACK_API_URL, no trailing slash
  std::string db_path = "./starcoach.db";         // STARCOACH_DB
  std::string host = "0.0.0.0";                   // STARCOACH_HOST
  int port = 3000;                                // STARCOACH_PORT
  std::string tls_cert, tls_key;                  // STARCOACH_TLS_CERT / _KEY (both or neither; readable)
  std::string channel;                            // STARCOACH_CHANNEL
  int post_hour = 9, post_minute = 30;            // STARCOACH_POST_AT
  std::string tz = "UTC";                         // STARCOACH_TZ (validated as an IANA zone)
  bool weekdays_only = true;                      // STARCOACH_DAYS: weekdays | daily
  std::vector<std::string> admins;                // STARCOACH_ADMINS

  bool tls() const { return !tls_cert.empty(); }
};

using Getenv = std::function<const char*(const char*)>;

// Throws ConfigError for the first missing or malformed setting.
Config load_config(ConfigUse use, const Getenv& getenv);

// "HH:MM" -> hour, minute; false when malformed or out of range.
bool parse_hh_mm(const std::string& text, int& hour, int& minute);
// true when `zone` is a known IANA time zone.
bool is_known_zone(const std::string& zone);

}  // namespace starcoach::bot
