#include "handlers/messages.h"

#include "storage/store.h"

namespace starcoach::handlers::messages {

std::string help() {
  return std::string(
      "*starcoach: daily behavioral-interview practice for data engineers*\n"
      "Every (week)day a question lands in the practice channel. Answer in its thread "
      "(250-320 words, STAR: situation, task, action, result) and I reply with your score "
      "and the one fix a panel would push on; the details come to you privately.\n\n"
      "*Commands*\n"
      "• `/practice score [question-id] <answer>`: score any answer privately "
      "(30+ words without a subcommand are scored too)\n"
      "• `/practice question [id]`: a question and what the panel listens for\n"
      "• `/practice streak`: your current and best streak\n"
      "• `/practice stats`: your answers, average, reactions, streaks, weakest dimension, "
      "recent scores\n"
      "• `/practice leaderboard [week|month|all]`: the top 10 and your own rank\n"
      "• Admins: `channel here`, `schedule HH:MM [Zone] [weekdays|daily]`, `pause`, "
      "`resume`, `post-now`\n\n"
      "*Points*: ") + storage::points_formula() +
      ". Peer reactions count one per person and emoji; your own do not.";
}

std::string usage_hint(const std::string& unknown_escaped) {
  return "I don't know `" + unknown_escaped +
         "`. Try `/practice help` for usage, or `/practice score <your answer>` to get feedback.";
}

std::string score_needs_text() {
  return "Paste your answer after the command: `/practice score [question-id] <answer>`. "
         "Aim for 250-320 words in STAR order (situation, task, action, result).";
}

std::string unknown_question(const std::string& id_escaped) {
  return "There is no question `" + id_escaped +
         "` in the bank. `/practice question` picks one for you; ids look like `pipeline-broke`.";
}

std::string unknown_period(const std::string& period_escaped) {
  return "Leaderboards cover `week`, `month` or `all`; `" + period_escaped +
         "` is not one of them. Try `/practice leaderboard week`.";
}

std::string admin_only(const std::string& subcommand) {
  return "Sorry, `" + subcommand +
         "` is for starcoach admins (workspace admins and owners, or users listed in "
         "STARCOACH_ADMINS). Ask one of them to run it for you.";
}

std::string admin_check_failed() {
  return "I could not confirm your admin rights with Slack just now, so I changed nothing. "
         "Please try again in a minute.";
}

std::string schedule_usage() {
  return "Usage: `/practice schedule HH:MM [Zone] [weekdays|daily]`, for example "
         "`/practice schedule 09:30 Europe/Berlin weekdays`. Zones are IANA names.";
}

std::string channel_set(const std::string& channel_id) {
  return "Done: the daily question will be posted in <#" + channel_id + ">.";
}

std::string schedule_set(const std::string& hhmm, const std::string& tz, bool weekdays_only) {
  return "Done: the daily question goes out at " + hhmm + " " + tz + ", " +
         (weekdays_only ? "Monday to Friday." : "every day.");
}

std::string paused() {
  return "Paused: no daily questions until an admin runs `/practice resume`. "
         "Scores, streaks and boards are kept.";
}

std::string resumed() {
  return "Resumed: the daily question is back on schedule.";
}

std::string no_channel() {
  return "No practice channel is set yet. An admin can run `/practice channel here` in the "
         "channel, or set STARCOACH_CHANNEL.";
}

std::string posted_now(const std::string& channel_id) {
  return "Today's question has been posted in <#" + channel_id + ">.";
}

std::string already_posted(const std::string& channel_id) {
  return "Today's question is already out in <#" + channel_id +
         ">, and I post at most one per day. Answer it in its thread!";
}

std::string post_failed(const std::string& slack_error) {
  return "Slack refused the post (" + slack_error +
         "). If it says not_in_channel, invite me with `/invite @starcoach` and try again.";
}

std::string storage_unavailable() {
  return "My database is not answering right now, so I could not do that. Please try again "
         "in a minute.";
}

std::string several_answers_note() {
  return "You have answered this question more than once: your best answer counts.";
}

}  // namespace starcoach::handlers::messages
