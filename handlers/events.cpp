#include "handlers/events.h"

#include <map>

#include "handlers/commands.h"
#include "handlers/daily.h"
#include "handlers/render.h"
#include "scoring/questions.h"

namespace starcoach::handlers {
namespace {

using nlohmann::json;

std::string str(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

bool from_a_bot(AppContext& ctx, const json& msg) {
  if (msg.contains("bot_id") || msg.contains("bot_profile")) return true;
  if (str(msg, "subtype") == "bot_message") return true;
  const std::string user = str(msg, "user");
  return user.empty() || user == ctx.bot_user_id();
}

json dimensions_json(const scoring::ScoreResult& r) {
  json dims = json::object();
  for (const auto& d : r.dimensions) dims[d.id] = d.score;
  return dims;
}

void queue(AppContext& ctx, const std::string& method, const json& args, const char* purpose,
           int64_t answer_id) {
  ctx.store.outbox_add(method, args.dump(), purpose, answer_id, ctx.now());
}

void queue_private_feedback(AppContext& ctx, const std::string& channel, const std::string& user,
                            const std::string& thread_ts, const scoring::ScoreResult& result,
                            const scoring::Question* question, const std::string& note) {
  for (auto message : feedback_messages(result, question, note)) {
    message["channel"] = channel;
    message["user"] = user;
    message["thread_ts"] = thread_ts;
    queue(ctx, "chat.postEphemeral", message, "ephemeral", 0);
  }
}

// A human reply in the thread of a daily question.
void on_answer(AppContext& ctx, const std::string& team, const json& ev) {
  if (from_a_bot(ctx, ev)) return;
  const std::string channel = str(ev, "channel");
  const std::string ts = str(ev, "ts");
  const std::string thread_ts = str(ev, "thread_ts");
  if (channel.empty() || ts.empty() || thread_ts.empty() || thread_ts == ts) return;
  const auto daily = ctx.store.daily_by_ts(channel, thread_ts);
  if (!daily) return;
  const std::string user = str(ev, "user");
  const std::string text = slack_unescape(str(ev, "text"));
  const auto* question = scoring::find_question(daily->question_id);
  const auto result = score_timed(ctx, text, question);

  storage::NewAnswer answer;
  answer.team = team;
  answer.channel = channel;
  answer.ts = ts;
  answer.user = user;
  answer.daily_id = daily->id;
  answer.text = text;
  answer.overall = result.overall;
  answer.dimensions_json = dimensions_json(result).dump();
  answer.week_key = week_key(daily->local_date);
  answer.month_key = month_key(daily->local_date);
  answer.created_at = ctx.now();
  const auto id = ctx.store.answer_insert(answer);
  if (!id) return;  // the same message delivered under another event id
  const bool several = ctx.store.answers_by_user_for_daily(team, user, daily->id) > 1;

  json reply = {{"channel", channel}, {"thread_ts", thread_ts},
                {"text", thread_reply_text(user, result, several)}, {"unfurl_links", false}};
  queue(ctx, "chat.postMessage", reply, kPurposeThreadReply, *id);
  queue_private_feedback(ctx, channel, user, thread_ts, result, question, "");
}

void on_edit(AppContext& ctx, const std::string& team, const json& ev) {
  const json& msg = ev.contains("message") ? ev["message"] : json::object();
  const json& prev = ev.contains("previous_message") ? ev["previous_message"] : json::object();
  if (from_a_bot(ctx, msg)) return;
  const std::string new_text = str(msg, "text");
  if (new_text == str(prev, "text")) return;  // unfurls, language detection: nothing changed
  const std::string channel = str(ev, "channel");
  auto answer = ctx.store.answer_by_ts(team, channel, str(msg, "ts"));
  if (!answer) return;
  const auto daily = ctx.store.daily_by_id(answer->daily_id);
  const auto* question = daily ? scoring::find_question(daily->question_id) : nullptr;
  const std::string text = slack_unescape(new_text);
  if (text == answer->text) return;
  const auto result = score_timed(ctx, text, question);
  ctx.store.answer_rescore(answer->id, text, result.overall, dimensions_json(result).dump());
  const bool several = ctx.store.answers_by_user_for_daily(team, answer->user, answer->daily_id) > 1;
  // ts is filled in when sent: the reply may itself still be waiting in the outbox.
  json update = {{"channel", channel}, {"text", thread_reply_text(answer->user, result, several)}};
  queue(ctx, "chat.update", update, kPurposeUpdate, answer->id);
  queue_private_feedback(ctx, channel, answer->user, daily ? daily->ts : "", result, question,
                         "Re-scored after your edit.");
}

void on_delete(AppContext& ctx, const std::string& team, const json& ev) {
  const std::string channel = str(ev, "channel");
  std::string deleted = str(ev, "deleted_ts");
  if (deleted.empty()) deleted = str(ev.value("previous_message", json::object()), "ts");
  auto answer = ctx.store.answer_by_ts(team, channel, deleted);
  if (!answer) return;
  ctx.store.answer_delete(answer->id);
  if (!answer->reply_ts.empty())
    queue(ctx, "chat.delete", {{"channel", channel}, {"ts", answer->reply_ts}}, "delete", 0);
}

void on_reaction(AppContext& ctx, const std::string& team, const json& ev, bool added) {
  const std::string reactor = str(ev, "user");
  if (reactor.empty() || reactor == ctx.bot_user_id()) return;
  const json item = ev.value("item", json::object());
  if (str(item, "type") != "message") return;
  const std::string channel = str(item, "channel"), ts = str(item, "ts");
  const std::string emoji = str(ev, "reaction");
  if (channel.empty() || ts.empty() || emoji.empty()) return;
  if (added) ctx.store.reaction_add(team, channel, ts, reactor, emoji, ctx.now());
  else ctx.store.reaction_remove(team, channel, ts, reactor, emoji);
}

// "@starcoach" in a channel: a private pointer to the commands.
void on_mention(AppContext& ctx, const std::string&, const json& ev) {
  if (from_a_bot(ctx, ev)) return;
  const std::string channel = str(ev, "channel"), user = str(ev, "user");
  if (channel.empty()) return;
  json message = {{"channel", channel}, {"user", user},
                  {"text", "Hi! I run the daily interview practice here. Answer today's question in "
                           "its thread, or try `/practice help` for everything I can do."}};
  if (!str(ev, "thread_ts").empty()) message["thread_ts"] = str(ev, "thread_ts");
  queue(ctx, "chat.postEphemeral", message, "ephemeral", 0);
}

void on_message(AppContext& ctx, const std::string& team, const json& ev) {
  const std::string subtype = str(ev, "subtype");
  if (subtype.empty() || subtype == "thread_broadcast") on_answer(ctx, team, ev);
  else if (subtype == "message_changed") on_edit(ctx, team, ev);
  else if (subtype == "message_deleted") on_delete(ctx, team, ev);
  // every other subtype (joins, topic changes, bot_message...) is not an answer
}

using EventHandler = void (*)(AppContext&, const std::string&, const json&);

// Event type -> handler. The app manifest subscribes to exactly these (a test checks it).
const std::map<std::string, EventHandler>& event_table() {
  static const std::map<std::string, EventHandler> table = {
      {"message", on_message},
      {"reaction_added", [](AppContext& c, const std::string& t, const json& e) { on_reaction(c, t, e, true); }},
      {"reaction_removed", [](AppContext& c, const std::string& t, const json& e) { on_reaction(c, t, e, false); }},
      {"app_mention", on_mention},
  };
  return table;
}

}  // namespace

std::vector<std::string> handled_event_types() {
  std::vector<std::string> out;
  for (const auto& [type, handler] : event_table()) out.push_back(type);
  return out;
}

void process_event(AppContext& ctx, const json& envelope) {
  const std::string team = str(envelope, "team_id");
  const json ev = envelope.value("event", json::object());
  if (!team.empty() && ctx.store.setting("team_id") != team) ctx.store.set_setting("team_id", team);
  const auto it = event_table().find(str(ev, "type"));
  if (it != event_table().end()) it->second(ctx, team, ev);
  // anything else was acknowledged and needs nothing
}

}  // namespace starcoach::handlers
