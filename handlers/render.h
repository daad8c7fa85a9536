// Slack messages (Block Kit with plain-text fallbacks) built from domain results. Every
// string that came from a user or from the scorer's quotes is escaped here.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scoring/score.h"
#include "storage/store.h"

namespace starcoach::handlers {

// Slack accepts 50 blocks and 3000 characters per section; in practice messages over about
// 13,000 characters of blocks are refused, so we stay well under.
constexpr size_t kMaxSectionChars = 2900;
constexpr size_t kMaxMessageChars = 11000;
constexpr size_t kMaxBlocks = 45;

// "▰▰▰▰▰▰▱▱▱▱"
std::string score_bar(int overall);

// The private, detailed feedback; split into as many messages as the limits need (usually 1).
// Each message has "text" and "blocks".
std::vector<nlohmann::json> feedback_messages(const scoring::ScoreResult& result,
                                              const scoring::Question* question,
                                              const std::string& note = "");

// The short public reply in the daily thread: score and the single most useful fix.
std::string thread_reply_text(const std::string& user_id, const scoring::ScoreResult& result,
                              bool several_answers);

struct StreakLeader {
  std::string user_id;
  int streak = 0;
};
nlohmann::json daily_post_message(const scoring::Question& question,
                                  const std::vector<StreakLeader>& leaders);

std::string question_text(const scoring::Question& question);
std::string streak_text(const storage::Streak& streak);
std::string stats_text(const storage::UserStats& stats);
std::string leaderboard_text(const storage::Board& board, storage::Period period,
                             const std::string& caller);

// Packs blocks into messages under the limits above; `fallback` becomes each message's text.
std::vector<nlohmann::json> pack_blocks(std::vector<nlohmann::json> blocks,
                                        const std::string& fallback);

}  // namespace starcoach::handlers
