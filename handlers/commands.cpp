#include "handlers/commands.h"

#include <functional>
#include <map>
#include <sstream>

#include <date/tz.h>

#include "handlers/daily.h"
#include "handlers/escape.h"
#include "handlers/messages.h"
#include "handlers/render.h"
#include "scoring/questions.h"

namespace starcoach::handlers {
namespace {

using nlohmann::json;

// Text of 30+ words with no subcommand is an answer to score.
constexpr size_t kImplicitScoreWords = 30;

json ephemeral(const std::string& text) {
  return {{"response_type", "ephemeral"}, {"text", text}};
}

json ephemeral(json message) {
  message["response_type"] = "ephemeral";
  return message;
}

// Splits off the first whitespace-separated word.
std::pair<std::string, std::string> first_word(const std::string& text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return {"", ""};
  size_t end = text.find_first_of(" \t\r\n", start);
  if (end == std::string::npos) return {text.substr(start), ""};
  size_t rest = text.find_first_not_of(" \t\r\n", end);
  return {text.substr(start, end - start), rest == std::string::npos ? "" : text.substr(rest)};
}

size_t word_count(const std::string& text) {
  size_t n = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    // The C locale's isspace, inline: this walks every byte of a pasted answer.
    const bool space = c == ' ' || (c >= '\t' && c <= '\r');
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Replies beyond the first (long feedback) go through response_url after the HTTP answer.
void send_later(AppContext& ctx, const SlashCommand& cmd, std::vector<json> messages) {
  if (messages.empty() || cmd.response_url.empty()) return;
  ctx.defer([&ctx, url = cmd.response_url, messages = std::move(messages)] {
    for (const auto& m : messages) ctx.api.respond(url, ephemeral(m));
  });
}

json score_command(AppContext& ctx, const SlashCommand& cmd, const std::string& args) {
  auto [maybe_id, rest] = first_word(args);
  const scoring::Question* question = scoring::find_question(maybe_id);
  const std::string answer = slack_unescape(question ? rest : args);
  if (word_count(answer) == 0) return ephemeral(messages::score_needs_text());
  const auto result = score_timed(ctx, answer, question);
  auto messages = feedback_messages(result, question);
  json first = ephemeral(std::move(messages.front()));
  messages.erase(messages.begin());
  send_later(ctx, cmd, std::move(messages));
  return first;
}

json question_command(AppContext& ctx, const SlashCommand&, const std::string& args) {
  auto [id, rest] = first_word(args);
  const auto& bank = scoring::question_bank();
  const scoring::Question* question = nullptr;
  if (id.empty()) {
    question = &bank[static_cast<size_t>(ctx.now() / 60) % bank.size()];
  } else {
    question = scoring::find_question(lower(id));
    if (!question) return ephemeral(messages::unknown_question(mrkdwn_escape(id)));
  }
  return ephemeral(question_text(*question));
}

json streak_command(AppContext& ctx, const SlashCommand& cmd, const std::string&) {
  return ephemeral(streak_text(ctx.store.streak(cmd.team_id, cmd.user_id)));
}

json stats_command(AppContext& ctx, const SlashCommand& cmd, const std::string&) {
  return ephemeral(stats_text(ctx.store.user_stats(cmd.team_id, cmd.user_id)));
}

json leaderboard_command(AppContext& ctx, const SlashCommand& cmd, const std::string& args) {
  auto [word, rest] = first_word(args);
  const std::string period_name = word.empty() ? "week" : lower(word);
  storage::Period period;
  if (period_name == "week") period = storage::Period::Week;
  else if (period_name == "month") period = storage::Period::Month;
  else if (period_name == "all" || period_name == "all-time") period = storage::Period::All;
  else return ephemeral(messages::unknown_period(mrkdwn_escape(word)));
  const auto schedule = effective_schedule(ctx);
  const auto today = local_day(ctx.now(), schedule.tz);
  const std::string key = period == storage::Period::Week    ? week_key(today.date)
                          : period == storage::Period::Month ? month_key(today.date)
                                                             : "";
  const auto board = ctx.store.leaderboard(cmd.team_id, period, key, cmd.user_id);
  return ephemeral(leaderboard_text(board, period, cmd.user_id));
}

json help_command(AppContext&, const SlashCommand&, const std::string&) {
  return ephemeral(messages::help());
}

// ---- admin subcommands: each returns the text to send once the caller is known to be an admin.
using AdminAction = std::function<std::string(AppContext&, const SlashCommand&, const std::string&)>;

std::string channel_here(AppContext& ctx, const SlashCommand& cmd, const std::string& args) {
  if (lower(first_word(args).first) != "here")
    return "Usage: `/practice channel here`, run in the channel that should get the daily question.";
  ctx.store.set_setting("channel", cmd.channel_id);
  return messages::channel_set(cmd.channel_id);
}

std::string schedule_cmd(AppContext& ctx, const SlashCommand&, const std::string& args) {
  std::istringstream in(args);
  std::string hhmm, zone, days;
  in >> hhmm;
  std::vector<std::string> more;
  for (std::string w; in >> w;) more.push_back(w);
  int h = -1, m = -1;
  if (hhmm.size() != 5 || hhmm[2] != ':' || !std::isdigit(static_cast<unsigned char>(hhmm[0])) ||
      !std::isdigit(static_cast<unsigned char>(hhmm[1])) ||
      !std::isdigit(static_cast<unsigned char>(hhmm[3])) ||
      !std::isdigit(static_cast<unsigned char>(hhmm[4])))
    return messages::schedule_usage();
  h = std::stoi(hhmm.substr(0, 2));
  m = std::stoi(hhmm.substr(3, 2));
  if (h > 23 || m > 59) return messages::schedule_usage();
  const auto current = effective_schedule(ctx);
  zone = current.tz;
  bool weekdays_only = current.weekdays_only;
  for (const auto& word : more) {
    const std::string w = lower(word);
    if (w == "weekdays") weekdays_only = true;
    else if (w == "daily") weekdays_only = false;
    else {
      try {
        date::locate_zone(word);
        zone = word;
      } catch (const std::exception&) {
        return "`" + mrkdwn_escape(word) + "` is not a time zone I know. " + messages::schedule_usage();
      }
    }
  }
  ctx.store.set_setting("post_at", hhmm);
  ctx.store.set_setting("tz", zone);
  ctx.store.set_setting("days", weekdays_only ? "weekdays" : "daily");
  return messages::schedule_set(hhmm, zone, weekdays_only);
}

std::string pause_cmd(AppContext& ctx, const SlashCommand&, const std::string&) {
  ctx.store.set_setting("paused", "1");
  return messages::paused();
}

std::string resume_cmd(AppContext& ctx, const SlashCommand&, const std::string&) {
  ctx.store.set_setting("paused", "0");
  return messages::resumed();
}

std::string post_now(AppContext& ctx, const SlashCommand&, const std::string&) {
  const PostResult r = post_daily(ctx, /*force=*/true);
  switch (r.outcome) {
    case PostOutcome::Posted: return messages::posted_now(r.channel);
    case PostOutcome::AlreadyPosted: return messages::already_posted(r.channel);
    case PostOutcome::NoChannel: return messages::no_channel();
    case PostOutcome::Failed: return messages::post_failed(r.error);
    default: return messages::already_posted(r.channel);
  }
}

const std::map<std::string, AdminAction>& admin_table() {
  static const std::map<std::string, AdminAction> table = {
      {"channel", channel_here}, {"schedule", schedule_cmd}, {"pause", pause_cmd},
      {"resume", resume_cmd},    {"post-now", post_now},
  };
  return table;
}

bool listed_admin(const AppContext& ctx, const std::string& user) {
  for (const auto& a : ctx.admins)
    if (a == user) return true;
  return false;
}

// Workspace admins and owners, from users.info (cached).
std::optional<bool> workspace_admin(AppContext& ctx, const std::string& user) {
  if (auto cached = ctx.admin_cache.get(user, ctx.now())) return cached;
  const ApiResult r = ctx.api.call("users.info", {{"user", user}});
  if (!r.ok || !r.body.contains("user")) return std::nullopt;
  const auto& u = r.body["user"];
  const bool admin = u.value("is_admin", false) || u.value("is_owner", false) ||
                     u.value("is_primary_owner", false);
  ctx.admin_cache.put(user, admin, ctx.now());
  return admin;
}

json run_admin(AppContext& ctx, const SlashCommand& cmd, const std::string& name,
               const AdminAction& action, const std::string& args) {
  // Everything that may call Slack runs after the HTTP reply; the answer comes by response_url.
  ctx.defer([&ctx, cmd, name, action, args] {
    std::string text;
    try {
      bool allowed = listed_admin(ctx, cmd.user_id);
      if (!allowed) {
        auto admin = workspace_admin(ctx, cmd.user_id);
        if (!admin) {
          text = messages::admin_check_failed();
        } else {
          allowed = *admin;
          if (!allowed) text = messages::admin_only(name);
        }
      }
      if (allowed) text = action(ctx, cmd, args);
    } catch (const storage::StorageError&) {
      text = messages::storage_unavailable();
    }
    if (!cmd.response_url.empty()) ctx.api.respond(cmd.response_url, ephemeral(text));
  });
  return nullptr;
}

using Handler = std::function<json(AppContext&, const SlashCommand&, const std::string&)>;

const std::map<std::string, Handler>& command_table() {
  static const std::map<std::string, Handler> table = {
      {"help", help_command},   {"score", score_command},   {"question", question_command},
      {"streak", streak_command}, {"stats", stats_command}, {"leaderboard", leaderboard_command},
  };
  return table;
}

}  // namespace

std::string slack_unescape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t amp = text.find('&', i);
    if (amp == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, amp - i);
    if (text.compare(amp, 5, "&amp;") == 0) { out += '&'; i = amp + 5; continue; }
    if (text.compare(amp, 4, "&lt;") == 0) { out += '<'; i = amp + 4; continue; }
    if (text.compare(amp, 4, "&gt;") == 0) { out += '>'; i = amp + 4; continue; }
    out += '&';
    i = amp + 1;
  }
  return out;
}

json handle_slash_command(AppContext& ctx, const SlashCommand& cmd) {
  auto [word, args] = first_word(cmd.text);
  const std::string sub = lower(word);
  try {
    if (sub.empty()) return ephemeral(messages::help());
    if (auto it = command_table().find(sub); it != command_table().end())
      return it->second(ctx, cmd, args);
    if (auto it = admin_table().find(sub); it != admin_table().end())
      return run_admin(ctx, cmd, sub, it->second, args);
    if (word_count(cmd.text) >= kImplicitScoreWords) return score_command(ctx, cmd, cmd.text);
    return ephemeral(messages::usage_hint(mrkdwn_escape(truncate_utf8(word, 40))));
  } catch (const storage::StorageError&) {
    return ephemeral(messages::storage_unavailable());
  }
}

}  // namespace starcoach::handlers
