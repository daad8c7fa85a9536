// Peer reactions: one point per distinct (answer, reactor, emoji). Bot reactions are
// filtered by the caller; self-reactions and reactions on non-answers are refused here.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr const char* kAnswerForItem =
    "SELECT id, user, daily_id FROM answers WHERE team = ? AND channel = ? AND ts = ?";
constexpr const char* kReactionAdd =
    "INSERT INTO reactions (answer_id, reactor, emoji, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (answer_id, reactor, emoji) DO NOTHING";
constexpr const char* kReactionRemove =
    "DELETE FROM reactions WHERE answer_id = ? AND reactor = ? AND emoji = ?";

struct Item {
  int64_t answer_id = 0;
  std::string author;
  int64_t daily_id = 0;
};

std::optional<Item> answer_for_item(Store::Impl& impl, const std::string& team,
                                    const std::string& channel, const std::string& ts) {
  Stmt s = impl.stmt(kAnswerForItem);
  Store::Impl::bind_all(*s, 1, team, channel, ts);
  if (!s->executeStep()) return std::nullopt;
  return Item{s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getInt64()};
}

}  // namespace

bool Store::reaction_add(const std::string& team, const std::string& channel,
                         const std::string& item_ts, const std::string& reactor,
                         const std::string& emoji, int64_t now) {
  return guarded(mutex_, "reaction_add", [&] {
    Transaction tx(*this);
    std::optional<Item> item = answer_for_item(*impl_, team, channel, item_ts);
    if (!item || item->author == reactor) return false;
    if (impl_->exec(kReactionAdd, item->answer_id, reactor, emoji, now) == 0) return false;
    refresh_user_daily(*impl_, team, item->author, item->daily_id);
    tx.commit();
    return true;
  });
}

bool Store::reaction_remove(const std::string& team, const std::string& channel,
                            const std::string& item_ts, const std::string& reactor,
                            const std::string& emoji) {
  return guarded(mutex_, "reaction_remove", [&] {
    Transaction tx(*this);
    std::optional<Item> item = answer_for_item(*impl_, team, channel, item_ts);
    if (!item) return false;
    if (impl_->exec(kReactionRemove, item->answer_id, reactor, emoji) == 0) return false;
    refresh_user_daily(*impl_, team, item->author, item->daily_id);
    tx.commit();
    return true;
  });
}

}  // namespace starcoach::storage
