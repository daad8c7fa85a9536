#include "handlers/render.h"

#include <cmath>
#include <cstdio>

#include "handlers/escape.h"

namespace starcoach::handlers {
namespace {

using nlohmann::json;

json section(const std::string& mrkdwn) {
  return {{"type", "section"},
          {"text", {{"type", "mrkdwn"}, {"text", truncate_utf8(mrkdwn, kMaxSectionChars)}}}};
}

json context(const std::string& mrkdwn) {
  return {{"type", "context"},
          {"elements", json::array({{{"type", "mrkdwn"}, {"text", truncate_utf8(mrkdwn, kMaxSectionChars)}}})}};
}

std::string bullets(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "• " + mrkdwn_escape(item) + "\n";
  return out;
}

std::string dimension_label(const std::string& id) {
  if (id == "structure") return "Structure (STAR)";
  if (id == "result") return "Result";
  if (id == "ownership") return "Ownership";
  if (id == "hardening") return "Hardening";
  if (id == "communication") return "Communication";
  if (id == "specificity") return "Specificity";
  if (id == "length") return "Length";
  if (id == "question_fit") return "Question fit";
  return id;
}

std::string format_average(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", std::round(value));
  return buf;
}

std::string spoken(int seconds) {
  return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
}

// What a block costs against Slack's size limit: its strings plus a little for the structure.
// Counting beats serialising every block just to measure it (this is on the request path).
size_t block_chars(const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>().size() + 8;
  size_t total = 16;
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) total += it.key().size() + block_chars(it.value());
  } else if (value.is_array()) {
    for (const auto& item : value) total += block_chars(item);
  }
  return total;
}

}  // namespace

std::string score_bar(int overall) {
  const int filled = std::clamp((overall + 5) / 10, 0, 10);
  std::string bar;
  for (int i = 0; i < 10; ++i) bar += i < filled ? "▰" : "▱";
  return bar;
}

std::vector<json> pack_blocks(std::vector<json> blocks, const std::string& fallback) {
  std::vector<json> messages;
  json current = json::array();
  size_t chars = 0;
  for (auto& block : blocks) {
    const size_t size = block_chars(block);
    if (!current.empty() && (chars + size > kMaxMessageChars || current.size() >= kMaxBlocks)) {
      messages.push_back({{"text", fallback}, {"blocks", std::move(current)}});
      current = json::array();
      chars = 0;
    }
    current.push_back(std::move(block));
    chars += size;
  }
  if (!current.empty() || messages.empty())
    messages.push_back({{"text", fallback}, {"blocks", std::move(current)}});
  if (messages.size() > 1) {
    for (size_t i = 0; i < messages.size(); ++i)
      messages[i]["text"] = fallback + " (part " + std::to_string(i + 1) + " of " +
                            std::to_string(messages.size()) + ")";
  }
  return messages;
}

std::vector<json> feedback_messages(const scoring::ScoreResult& r, const scoring::Question* q,
                                    const std::string& note) {
  std::vector<json> blocks;
  std::string head = "*Score " + std::to_string(r.overall) + "/100 · " + r.band + "*  " +
                     score_bar(r.overall) + "\n" + std::to_string(r.words) + " words · about " +
                     spoken(r.speaking_seconds) + " spoken";
  if (q) head += " · question `" + q->id + "`: " + mrkdwn_escape(q->title);
  blocks.push_back(section(head));
  if (!note.empty()) blocks.push_back(context(note));

  auto mark = [](double v) { return v >= 0.5 ? "✅" : "❌"; };
  blocks.push_back(section(std::string("*STAR*: ") + mark(r.star.situation) + " Situation · " +
                           mark(r.star.task) + " Task · " + mark(r.star.action) + " Action · " +
                           mark(r.star.result) + " Result"));

  std::string dims = "*Dimensions*\n";
  for (const auto& d : r.dimensions)
    dims += "• " + dimension_label(d.id) + ": " + std::to_string(d.score) + " — " +
            mrkdwn_escape(d.note) + "\n";
  blocks.push_back(section(dims));

  if (!r.flags.empty()) {
    std::string flags = "*What a panel would notice*\n";
    for (const auto& f : r.flags) {
      const auto words = scoring::flag_description(f);
      flags += "• " + (words.empty() ? f : std::string(words)) + "\n";
    }
    blocks.push_back(section(flags));
  }
  if (!r.strengths.empty()) blocks.push_back(section("*What works*\n" + bullets(r.strengths)));
  if (!r.suggestions.empty())
    blocks.push_back(section("*What the panel would ask next*\n" + bullets(r.suggestions)));

  const std::string fallback = "Your answer scored " + std::to_string(r.overall) + "/100 (" +
                               r.band + ").";
  return pack_blocks(std::move(blocks), fallback);
}

std::string thread_reply_text(const std::string& user_id, const scoring::ScoreResult& r,
                              bool several_answers) {
  std::string text = "<@" + user_id + ">: *" + std::to_string(r.overall) + "/100 · " + r.band +
                     "* " + score_bar(r.overall) + "\n";
  if (!r.suggestions.empty())
    text += "A panel would ask: _" + mrkdwn_escape(r.suggestions.front()) + "_\n";
  text += "Full feedback is on its way to you privately.";
  if (several_answers) text += " Your best answer to this question counts.";
  return text;
}

json daily_post_message(const scoring::Question& q, const std::vector<StreakLeader>& leaders) {
  std::vector<json> blocks;
  blocks.push_back({{"type", "header"},
                    {"text", {{"type", "plain_text"}, {"text", "Today's practice question"}}}});
  blocks.push_back(section("*" + mrkdwn_escape(q.text) + "*"));
  std::string listen = "*What the panel listens for*\n";
  for (const auto& point : q.listening_for) listen += "• " + mrkdwn_escape(point) + "\n";
  blocks.push_back(section(listen));
  blocks.push_back(section(
      "*How to answer*: reply in this thread with 250-320 words in STAR order (situation, task, "
      "action, result). I reply with your score and the follow-up a panel would ask; the "
      "details come to you privately."));
  std::string foot = "Question `" + q.id + "`";
  if (!leaders.empty()) {
    foot += " · Streak leaders: ";
    for (size_t i = 0; i < leaders.size(); ++i) {
      if (i) foot += ", ";
      foot += "<@" + leaders[i].user_id + "> " + std::to_string(leaders[i].streak);
    }
  }
  blocks.push_back(context(foot));
  return {{"text", "Today's practice question: " + mrkdwn_escape(q.text)}, {"blocks", blocks}};
}

std::string question_text(const scoring::Question& q) {
  std::string text = "*" + mrkdwn_escape(q.title) + "* (`" + q.id + "`)\n>" +
                     mrkdwn_escape(q.text) + "\n*What the panel listens for*\n";
  for (const auto& point : q.listening_for) text += "• " + mrkdwn_escape(point) + "\n";
  text += "Practise privately with `/practice score " + q.id + " <your answer>`.";
  return text;
}

std::string streak_text(const storage::Streak& s) {
  std::string text = "Current streak: " + std::to_string(s.current) + " · Best streak: " +
                     std::to_string(s.best) + "\n";
  text += s.current > 0 ? "Keep it going: answer the next daily question in its thread."
                        : "Answer today's question in its thread to start a streak.";
  return text;
}

std::string stats_text(const storage::UserStats& s) {
  std::string text = "*Your practice stats*\n";
  text += "Answers: " + std::to_string(s.answers) + " · Average score: " +
          format_average(s.average) + " · Reactions received: " + std::to_string(s.reactions) +
          "\n";
  text += "Current streak: " + std::to_string(s.streak.current) + " · Best streak: " +
          std::to_string(s.streak.best) + "\n";
  if (!s.weakest_dimension.empty())
    text += "Weakest dimension: " + dimension_label(s.weakest_dimension) + "\n";
  if (!s.recent.empty()) {
    text += "Recent scores (newest first):";
    for (size_t i = 0; i < s.recent.size(); ++i)
      text += (i ? ", " : " ") + std::to_string(s.recent[i]);
    text += "\n";
    if (s.recent.size() >= 2) {
      const int delta = s.recent.front() - s.recent.back();
      text += std::string("Trend: ") + (delta > 0 ? "improving" : delta < 0 ? "slipping" : "steady") +
              "\n";
    }
  }
  if (s.answers == 0) text += "No answers yet: reply to the daily question in its thread to get started.";
  return text;
}

std::string leaderboard_text(const storage::Board& board, storage::Period period,
                             const std::string& caller) {
  const char* name = period == storage::Period::Week    ? "this week"
                     : period == storage::Period::Month ? "this month"
                                                        : "all time";
  std::string text = std::string("*Leaderboard, ") + name + "*\n";
  if (board.top.empty()) {
    text += "No answers yet. Reply to the daily question in its thread to get on the board.\n";
  }
  for (const auto& row : board.top) {
    text += std::to_string(row.rank) + ". <@" + row.user + "> " + std::to_string(row.points) +
            " points · " + std::to_string(row.answers) + " answers · average " +
            format_average(row.average) + " · " + std::to_string(row.reactions) +
            " reactions · streak " + std::to_string(row.streak) + "\n";
  }
  if (board.caller) {
    const auto& me = *board.caller;
    text += "You: rank " + std::to_string(me.rank) + " of " + std::to_string(board.participants) +
            " · " + std::to_string(me.points) + " points · " + std::to_string(me.reactions) +
            " reactions\n";
  } else if (!caller.empty()) {
    text += "You are not on this board yet.\n";
  }
  text += std::string("Points: ") + storage::points_formula() + ".";
  return text;
}

}  // namespace starcoach::handlers
