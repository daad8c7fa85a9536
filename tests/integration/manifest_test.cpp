// deploy/slack-app-manifest.yml asks for exactly what the code relies on: every event type
// the handlers act on is subscribed, every Web API method the code calls has its scope, and
// nothing more is requested.
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "handlers/events.h"
#include "tests/support/process.h"

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) { return starcoach::test::read_file(p.string()); }

// The "- item" lines under a YAML key (indentation-based; the manifest is plain YAML).
std::set<std::string> yaml_list(const std::string& yaml, const std::string& key) {
  std::set<std::string> out;
  std::istringstream in(yaml);
  std::string line;
  bool inside = false;
  size_t indent = 0;
  while (std::getline(in, line)) {
    const size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    if (!inside) {
      if (line.compare(first, key.size() + 1, key + ":") == 0) {
        inside = true;
        indent = first;
      }
      continue;
    }
    if (first <= indent && line[first] != '-') break;
    if (line[first] == '-') out.insert(line.substr(line.find_first_not_of(" -", first)));
  }
  return out;
}

// Every Web API method named in the bot's and handlers' sources.
std::set<std::string> web_api_methods() {
  const std::regex method(R"re("((?:chat|users|conversations|auth|reactions|views|team|apps)\.[a-zA-Z]+)")re");
  std::set<std::string> out;
  for (const char* dir : {"handlers", "bot"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(STARCOACH_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".cpp") continue;
      const std::string text = read(entry.path());
      for (auto it = std::sregex_iterator(text.begin(), text.end(), method); it != std::sregex_iterator(); ++it)
        out.insert((*it)[1]);
    }
  }
  return out;
}

}  // namespace

TEST(Manifest, SubscribesToExactlyTheEventsTheHandlersActOn) {
  const std::string yaml = read(fs::path(STARCOACH_SOURCE_DIR) / "deploy/slack-app-manifest.yml");
  const auto subscribed = yaml_list(yaml, "bot_events");
  // Events API type -> the subscriptions that deliver it.
  const std::map<std::string, std::set<std::string>> delivered_by = {
      {"message", {"message.channels", "message.groups"}},
      {"reaction_added", {"reaction_added"}},
      {"reaction_removed", {"reaction_removed"}},
      {"app_mention", {"app_mention"}},
  };
  std::set<std::string> needed;
  for (const auto& type : starcoach::handlers::handled_event_types()) {
    ASSERT_TRUE(delivered_by.count(type)) << "no subscription known for handled event " << type;
    needed.insert(delivered_by.at(type).begin(), delivered_by.at(type).end());
  }
  EXPECT_EQ(subscribed, needed);
}

TEST(Manifest, RequestsExactlyTheScopesTheCodeNeeds) {
  const std::string yaml = read(fs::path(STARCOACH_SOURCE_DIR) / "deploy/slack-app-manifest.yml");
  const auto scopes = yaml_list(yaml, "bot");
  const std::map<std::string, std::string> scope_of_method = {
      {"chat.postMessage", "chat:write"}, {"chat.postEphemeral", "chat:write"},
      {"chat.update", "chat:write"},      {"chat.delete", "chat:write"},
      {"users.info", "users:read"},       {"conversations.info", "channels:read"},
      {"auth.test", ""},
  };
  std::set<std::string> needed = {"commands"};  // the /practice slash command
  for (const auto& method : web_api_methods()) {
    ASSERT_TRUE(scope_of_method.count(method)) << "the code calls " << method << ": add its scope here and to the manifest";
    if (!scope_of_method.at(method).empty()) needed.insert(scope_of_method.at(method));
  }
  // the events the handlers act on
  const std::map<std::string, std::string> scope_of_event = {
      {"message.channels", "channels:history"}, {"message.groups", "groups:history"},
      {"reaction_added", "reactions:read"},     {"reaction_removed", "reactions:read"},
      {"app_mention", "app_mentions:read"},
  };
  for (const auto& event : yaml_list(yaml, "bot_events")) {
    ASSERT_TRUE(scope_of_event.count(event)) << event;
    needed.insert(scope_of_event.at(event));
  }
  EXPECT_EQ(scopes, needed);
}

TEST(Manifest, PointsEveryUrlAtTheSlackEndpoints) {
  const std::string yaml = read(fs::path(STARCOACH_SOURCE_DIR) / "deploy/slack-app-manifest.yml");
  EXPECT_NE(yaml.find("command: /practice"), std::string::npos);
  for (const char* path : {"/slack/commands", "/slack/events", "/slack/interactions"})
    EXPECT_NE(yaml.find(path), std::string::npos) << path;
}
