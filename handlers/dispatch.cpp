#include "handlers/dispatch.h"

#include <chrono>

#include "handlers/commands.h"
#include "handlers/form.h"

namespace starcoach::handlers {
namespace {

using nlohmann::json;

// Slack wants every request answered within 3 s: storage may wait this long (for the store's
// lock or another connection's write lock) before the request is answered 503 instead.
constexpr std::chrono::milliseconds kStorageWait{2000};

SlackReply bad_request(const std::string& why) {
  return {400, "text/plain; charset=utf-8", "bad request: " + why + "\n", "", ""};
}

SlackReply ok_empty() { return {200, "text/plain; charset=utf-8", "", "", ""}; }

SlackReply ok_json(const json& body) {
  return {200, "application/json; charset=utf-8", body.dump(-1, ' ', false, json::error_handler_t::replace), "", ""};
}

std::string str(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

SlackReply on_json(AppContext& ctx, const json& body) {
  if (!body.is_object()) return bad_request("JSON body is not an object");
  const std::string type = str(body, "type");
  if (type == "url_verification") return ok_json({{"challenge", str(body, "challenge")}});
  if (type != "event_callback") return ok_empty();  // app_rate_limited and friends: noted, nothing to do

  const std::string event_id = str(body, "event_id");
  if (event_id.empty() || !body.contains("event") || !body["event"].is_object())
    return bad_request("event_callback without event_id or event");
  SlackReply reply = ok_empty();
  reply.team = str(body, "team_id");
  reply.user = str(body["event"], "user");
  // Durable before acknowledged: a StorageError escapes to the transport as 5xx, so Slack retries.
  if (!ctx.store.inbox_put(event_id, body.dump(), ctx.now())) {
    ctx.count_duplicate();
    return reply;
  }
  ctx.inbox_wakeup();
  return reply;
}

SlackReply on_form(AppContext& ctx, const Form& form) {
  if (form.count("ssl_check")) return ok_empty();
  if (auto it = form.find("payload"); it != form.end()) {
    const json payload = json::parse(it->second, nullptr, false);
    if (payload.is_discarded() || !payload.is_object()) return bad_request("payload is not JSON");
    // No interactive components yet: acknowledge so Slack does not show an error.
    return ok_empty();
  }
  if (!form.count("command")) return bad_request("form without command, payload or ssl_check");
  SlashCommand cmd;
  auto get = [&](const char* k) {
    auto f = form.find(k);
    return f == form.end() ? std::string() : f->second;
  };
  cmd.team_id = get("team_id");
  cmd.channel_id = get("channel_id");
  cmd.user_id = get("user_id");
  cmd.command = get("command");
  cmd.text = get("text");
  cmd.response_url = get("response_url");
  json message = handle_slash_command(ctx, cmd);
  SlackReply reply = message.is_null() ? ok_empty() : ok_json(message);
  reply.team = cmd.team_id;
  reply.user = cmd.user_id;
  return reply;
}

}  // namespace

SlackReply dispatch_slack_request(AppContext& ctx, const std::string& body, int /*retry_num*/) {
  storage::WaitLimit limit(kStorageWait);
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return bad_request("empty body");
  if (body[first] == '{' || body[first] == '[') {
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded()) return bad_request("malformed JSON");
    return on_json(ctx, parsed);
  }
  auto form = parse_form(body);
  if (!form) return bad_request("malformed form body");
  return on_form(ctx, *form);
}

}  // namespace starcoach::handlers
