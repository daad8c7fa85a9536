// load_config: defaults, required settings per use, and one clear line per malformed value.
#include "bot/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "tests/support/process.h"

namespace starcoach::bot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "signing-secret-value-do-not-print";
constexpr const char* kToken = "xoxb-1234-5678-tokenvalue";

struct FakeEnv {
  std::map<std::string, std::string> vars{{"SLACK_SIGNING_SECRET", kSecret}, {"SLACK_BOT_TOKEN", kToken}};
  Getenv getenv() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

Config load(const FakeEnv& env, ConfigUse use = ConfigUse::Serve) { return load_config(use, env.getenv()); }

// The message of the ConfigError load() throws, "" when it does not throw.
std::string error_of(const FakeEnv& env, ConfigUse use = ConfigUse::Serve) {
  try {
    load(env, use);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, DefaultsMatchTheSpec) {
  auto c = load(FakeEnv{});
  EXPECT_EQ(c.signing_secret, kSecret);
  EXPECT_EQ(c.bot_token, kToken);
  EXPECT_EQ(c.api_url, "https://slack.com/api");
  EXPECT_EQ(c.db_path, "./starcoach.db");
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 3000);
  EXPECT_FALSE(c.tls());
  EXPECT_EQ(c.channel, "");
  EXPECT_EQ(c.post_hour, 9);
  EXPECT_EQ(c.post_minute, 30);
  EXPECT_EQ(c.tz, "UTC");
  EXPECT_TRUE(c.weekdays_only);
  EXPECT_TRUE(c.admins.empty());
}

TEST(Config, ReadsEveryVariable) {
  FakeEnv env;
  env.vars.insert({{"SLACK_API_URL", "http://127.0.0.1:8123/api/"},
                   {"STARCOACH_DB", "/var/lib/starcoach/db.sqlite"},
                   {"STARCOACH_HOST", "127.0.0.1"},
                   {"STARCOACH_PORT", "8443"},
                   {"STARCOACH_CHANNEL", "C0123"},
                   {"STARCOACH_POST_AT", "17:05"},
                   {"STARCOACH_TZ", "Europe/Berlin"},
                   {"STARCOACH_DAYS", "daily"},
                   {"STARCOACH_ADMINS", " U1 , U2,,U3 "}});
  auto c = load(env);
  EXPECT_EQ(c.api_url, "http://127.0.0.1:8123/api");
  EXPECT_EQ(c.db_path, "/var/lib/starcoach/db.sqlite");
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 8443);
  EXPECT_EQ(c.channel, "C0123");
  EXPECT_EQ(c.post_hour, 17);
  EXPECT_EQ(c.post_minute, 5);
  EXPECT_EQ(c.tz, "Europe/Berlin");
  EXPECT_FALSE(c.weekdays_only);
  EXPECT_EQ(c.admins, (std::vector<std::string>{"U1", "U2", "U3"}));
}

TEST(Config, EmptyOptionalValuesCountAsUnset) {
  FakeEnv env;
  for (const char* k : {"SLACK_API_URL", "STARCOACH_PORT", "STARCOACH_POST_AT", "STARCOACH_TZ", "STARCOACH_DAYS",
                        "STARCOACH_TLS_CERT", "STARCOACH_TLS_KEY", "STARCOACH_HOST", "STARCOACH_DB"})
    env.vars[k] = "";
  auto c = load(env);
  EXPECT_EQ(c.port, 3000);
  EXPECT_EQ(c.tz, "UTC");
  EXPECT_EQ(c.api_url, "https://slack.com/api");
  EXPECT_FALSE(c.tls());
}

TEST(Config, RequiredSettingsDependOnTheCommand) {
  FakeEnv none;
  none.vars.clear();
  EXPECT_THAT(error_of(none, ConfigUse::Serve), HasSubstr("SLACK_SIGNING_SECRET"));
  FakeEnv no_token;
  no_token.vars.erase("SLACK_BOT_TOKEN");
  EXPECT_THAT(error_of(no_token, ConfigUse::Serve), HasSubstr("SLACK_BOT_TOKEN"));
  EXPECT_THAT(error_of(no_token, ConfigUse::PostDaily), HasSubstr("SLACK_BOT_TOKEN"));
  FakeEnv only_token;
  only_token.vars.erase("SLACK_SIGNING_SECRET");
  EXPECT_EQ(error_of(only_token, ConfigUse::PostDaily), "");
  EXPECT_EQ(error_of(none, ConfigUse::Offline), "");
  FakeEnv blank_secret;
  blank_secret.vars["SLACK_SIGNING_SECRET"] = "   ";
  EXPECT_THAT(error_of(blank_secret), HasSubstr("SLACK_SIGNING_SECRET"));
}

struct BadValue {
  const char* variable;
  const char* value;
};

class ConfigBadValue : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigBadValue, IsOneLineNamingTheVariableWithoutSecrets) {
  FakeEnv env;
  env.vars[GetParam().variable] = GetParam().value;
  auto msg = error_of(env);
  ASSERT_NE(msg, "") << GetParam().variable << "=" << GetParam().value << " was accepted";
  EXPECT_THAT(msg, HasSubstr(GetParam().variable));
  EXPECT_THAT(msg, Not(HasSubstr("\n")));
  EXPECT_THAT(msg, Not(HasSubstr(kSecret)));
  EXPECT_THAT(msg, Not(HasSubstr(kToken)));
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigBadValue,
    ::testing::Values(BadValue{"STARCOACH_PORT", "abc"}, BadValue{"STARCOACH_PORT", "0"},
                      BadValue{"STARCOACH_PORT", "65536"}, BadValue{"STARCOACH_PORT", "-1"},
                      BadValue{"STARCOACH_PORT", "30 00"}, BadValue{"STARCOACH_PORT", "99999999999999"},
                      BadValue{"STARCOACH_POST_AT", "25:99"}, BadValue{"STARCOACH_POST_AT", "24:00"},
                      BadValue{"STARCOACH_POST_AT", "9"}, BadValue{"STARCOACH_POST_AT", "09:3"},
                      BadValue{"STARCOACH_POST_AT", "noon"}, BadValue{"STARCOACH_POST_AT", "12:60"},
                      BadValue{"STARCOACH_TZ", "Mars/Olympus_Mons"}, BadValue{"STARCOACH_TZ", "../../etc/passwd"},
                      BadValue{"STARCOACH_TZ", "/etc/localtime"}, BadValue{"STARCOACH_TZ", "Europe/"},
                      BadValue{"STARCOACH_DAYS", "weekends"}, BadValue{"SLACK_API_URL", "slack.com/api"},
                      BadValue{"SLACK_API_URL", "ftp://slack.com/api"}, BadValue{"SLACK_API_URL", "http://"},
                      BadValue{"STARCOACH_PORT", "bad\nline"}),
    [](const auto& info) {
      std::string n = std::string(info.param.variable) + "_" + std::to_string(info.index);
      return n;
    });

TEST(Config, TlsNeedsBothCertAndKey) {
  FakeEnv cert_only;
  cert_only.vars["STARCOACH_TLS_CERT"] = "/etc/hostname";
  auto msg = error_of(cert_only);
  EXPECT_THAT(msg, HasSubstr("STARCOACH_TLS_KEY"));
  EXPECT_THAT(msg, HasSubstr("STARCOACH_TLS_CERT"));
  FakeEnv key_only;
  key_only.vars["STARCOACH_TLS_KEY"] = "/etc/hostname";
  msg = error_of(key_only);
  EXPECT_THAT(msg, HasSubstr("STARCOACH_TLS_KEY"));
  EXPECT_THAT(msg, HasSubstr("STARCOACH_TLS_CERT"));
}

TEST(Config, UnreadableTlsFilesNameTheVariable) {
  auto dir = test::make_temp_dir();
  std::ofstream(dir + "/cert.pem") << "cert";
  std::ofstream(dir + "/key.pem") << "key";
  FakeEnv env;
  env.vars["STARCOACH_TLS_CERT"] = "/nonexistent/cert.pem";
  env.vars["STARCOACH_TLS_KEY"] = dir + "/key.pem";
  EXPECT_THAT(error_of(env), HasSubstr("STARCOACH_TLS_CERT"));
  env.vars["STARCOACH_TLS_CERT"] = dir + "/cert.pem";
  env.vars["STARCOACH_TLS_KEY"] = "/nonexistent/key.pem";
  EXPECT_THAT(error_of(env), HasSubstr("STARCOACH_TLS_KEY"));
  env.vars["STARCOACH_TLS_KEY"] = dir;  // a directory is not a key file
  EXPECT_THAT(error_of(env), HasSubstr("STARCOACH_TLS_KEY"));
  env.vars["STARCOACH_TLS_KEY"] = dir + "/key.pem";
  auto c = load(env);
  EXPECT_TRUE(c.tls());
  // Only `serve` opens the files.
  env.vars["STARCOACH_TLS_CERT"] = "/nonexistent/cert.pem";
  EXPECT_EQ(error_of(env, ConfigUse::PostDaily), "");
}

TEST(Config, ParseHhMm) {
  int h = -1, m = -1;
  EXPECT_TRUE(parse_hh_mm("00:00", h, m));
  EXPECT_EQ(h, 0);
  EXPECT_TRUE(parse_hh_mm("23:59", h, m));
  EXPECT_EQ(h * 100 + m, 2359);
  EXPECT_TRUE(parse_hh_mm("7:05", h, m));
  EXPECT_EQ(h * 100 + m, 705);
  for (const char* bad : {"", ":", "24:00", "12:60", "1:5", "123:00", "12:345", "a1:00", "12-30", " 9:30"})
    EXPECT_FALSE(parse_hh_mm(bad, h, m)) << bad;
}

TEST(Config, KnownZones) {
  for (const char* z : {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Argentina/Buenos_Aires"})
    EXPECT_TRUE(is_known_zone(z)) << z;
  for (const char* z : {"", "Mars/Olympus_Mons", "../etc/passwd", "/usr/share/zoneinfo/UTC", "Europe/../UTC",
                        "Europe//Berlin", "UTC\n", "Europe/Berlin "})
    EXPECT_FALSE(is_known_zone(z)) << z;
}

}  // namespace
}  // namespace starcoach::bot
