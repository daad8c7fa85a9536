// /practice: a dispatch table from subcommand to handler. Replies are ephemeral; anything that
// needs a Slack call runs deferred and answers through response_url.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "handlers/context.h"

namespace starcoach::handlers {

struct SlashCommand {
  std::string team_id, channel_id, user_id, command, text, response_url;
};

// The HTTP response body for the command (an ephemeral message), or null when the reply will
// come later through response_url.
nlohmann::json handle_slash_command(AppContext& ctx, const SlashCommand& cmd);

// Slack escapes &, < and > in text it sends; score and show what the person typed.
std::string slack_unescape(const std::string& text);

}  // namespace starcoach::handlers
