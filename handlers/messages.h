// Every sentence the bot says to people, in one place.
#pragma once
#include <string>

namespace starcoach::handlers::messages {

std::string help();                 // full usage, including the points formula
std::string usage_hint(const std::string& unknown_escaped);
std::string score_needs_text();
std::string unknown_question(const std::string& id_escaped);
std::string unknown_period(const std::string& period_escaped);
std::string admin_only(const std::string& subcommand);
std::string admin_check_failed();
std::string schedule_usage();
std::string channel_set(const std::string& channel_id);
std::string schedule_set(const std::string& hhmm, const std::string& tz, bool weekdays_only);
std::string paused();
std::string resumed();
std::string no_channel();
std::string posted_now(const std::string& channel_id);
std::string already_posted(const std::string& channel_id);
std::string post_failed(const std::string& slack_error);
std::string storage_unavailable();
std::string several_answers_note();

}  // namespace starcoach::handlers::messages
