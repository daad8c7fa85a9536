#include "bot/doctor.h"

#include <ostream>

#include "bot/slack_web_client.h"
#include "handlers/context.h"
#include "handlers/daily.h"
#include "storage/store.h"

namespace starcoach::bot {
namespace {

struct Report {
  std::ostream& out;
  int problems = 0;
  void ok(const std::string& line) { out << "ok    " << line << "\n"; }
  void fail(const std::string& line) {
    out << "FIX   " << line << "\n";
    ++problems;
  }
};

std::string channel_error_advice(const std::string& error, const std::string& channel) {
  if (error == "channel_not_found")
    return "channel " + channel + " does not exist or is private without the bot: check STARCOACH_CHANNEL (a channel id like C0123456789) or invite the bot";
  if (error == "missing_scope")
    return "the bot token lacks the channels:read scope: add it from deploy/slack-app-manifest.yml and reinstall the app";
  return "cannot look up channel " + channel + " (" + error + ")";
}

}  // namespace

int doctor_checks(const Config& config, handlers::SlackApi& api, std::ostream& out) {
  Report r{out};
  r.ok("configuration: required settings present and well-formed");

  std::unique_ptr<storage::Store> store;
  try {
    store = std::make_unique<storage::Store>(config.db_path);
    if (store->healthy())
      r.ok("database " + config.db_path + ": schema version " + std::to_string(store->schema_version()) + ", readable and writable");
    else
      r.fail("database " + config.db_path + ": not writable (read-only file, full disk or locked): fix permissions or free space");
  } catch (const std::exception& e) {
    r.fail("database " + config.db_path + ": cannot open (" + std::string(e.what()) + "): point STARCOACH_DB at a writable path");
  }

  const auto auth = api.call("auth.test", nlohmann::json::object());
  if (auth.ok) {
    r.ok("Slack token: bot user " + auth.body.value("user_id", "?") + " in team " + auth.body.value("team_id", "?"));
  } else if (auth.error == "invalid_auth" || auth.error == "not_authed" || auth.error == "token_revoked" ||
             auth.error == "account_inactive") {
    r.fail("Slack token rejected (" + auth.error + "): copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions into SLACK_BOT_TOKEN");
  } else {
    r.fail("Slack API not reachable at " + config.api_url + " (" + auth.error + "): check the network or SLACK_API_URL");
  }

  std::string channel = config.channel;
  if (store) {
    try {
      if (auto v = store->setting("channel"); v && !v->empty()) channel = *v;
    } catch (const std::exception&) {
    }
  }
  if (channel.empty()) {
    r.fail("no channel for the daily question: set STARCOACH_CHANNEL or run /practice channel here in Slack");
  } else if (auth.ok) {
    const auto info = api.call("conversations.info", {{"channel", channel}});
    if (!info.ok) {
      r.fail(channel_error_advice(info.error, channel));
    } else if (!info.body["channel"].value("is_member", false)) {
      r.fail("the bot is not a member of channel " + channel + " (#" + info.body["channel"].value("name", "?") +
             "): invite it there with /invite @starcoach, or it cannot post the daily question");
    } else {
      r.ok("channel " + channel + ": the bot is a member");
    }
  }
  try {
    handlers::local_day(0, config.tz);
    r.ok("schedule: " + std::string(config.post_hour < 10 ? "0" : "") + std::to_string(config.post_hour) + ":" +
         (config.post_minute < 10 ? "0" : "") + std::to_string(config.post_minute) + " " + config.tz + ", " +
         (config.weekdays_only ? "weekdays" : "daily"));
  } catch (const std::exception& e) {
    r.fail("schedule: time zone " + config.tz + " unusable (" + e.what() + "): install tzdata");
  }
  out << (r.problems == 0 ? "All checks passed.\n" : std::to_string(r.problems) + " problem(s) to fix.\n");
  return r.problems == 0 ? 0 : 1;
}

int run_doctor(const Getenv& getenv, std::ostream& out) {
  Config config;
  try {
    config = load_config(ConfigUse::Serve, getenv);
  } catch (const ConfigError& e) {
    out << "FIX   " << e.what() << "\n1 problem(s) to fix.\n";
    return 1;
  }
  WebClientOptions options;
  options.max_attempts = 2;
  SlackWebClient api(config.api_url, config.bot_token, options);
  return doctor_checks(config, api, out);
}

}  // namespace starcoach::bot
