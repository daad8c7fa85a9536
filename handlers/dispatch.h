// Turns one verified Slack request body into a reply, Bolt-style: the same endpoint takes
// Events API JSON, slash-command forms and interactivity payloads, told apart by the body.
#pragma once
#include <string>

#include "handlers/context.h"

namespace starcoach::handlers {

struct SlackReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string team, user;  // for the access log
};

SlackReply dispatch_slack_request(AppContext& ctx, const std::string& body, int retry_num);

}  // namespace starcoach::handlers
