// Bulk loading: plain inserts inside one transaction, then one set-based rollup rebuild.
// Per-row rollup upkeep costs ~8 random B-tree writes per answer; for a million rows the
// rebuild is far cheaper and, being the same code the consistency tests compare against,
// yields the very same rollups.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr const char* kBulkAnswer =
    "INSERT INTO answers (team, channel, ts, user, daily_id, text, overall, dimensions_json, "
    "week_key, month_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (team, channel, ts) DO NOTHING";
constexpr const char* kBulkAnswerForItem =
    "SELECT id, user FROM answers WHERE team = ? AND channel = ? AND ts = ?";
constexpr const char* kBulkReaction =
    "INSERT INTO reactions (answer_id, reactor, emoji, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (answer_id, reactor, emoji) DO NOTHING";

}  // namespace

Store::BulkLoad::BulkLoad(Store& store) : store_(store) {
  tx_ = std::make_unique<Transaction>(store);
}

Store::BulkLoad::~BulkLoad() = default;  // tx_ rolls back unless finish() committed

std::optional<int64_t> Store::BulkLoad::add_answer(const NewAnswer& a) {
  return guarded(store_.mutex_, "bulk add_answer", [&]() -> std::optional<int64_t> {
    if (store_.impl_->exec(kBulkAnswer, a.team, a.channel, a.ts, a.user, a.daily_id, a.text,
                           a.overall, a.dimensions_json, a.week_key, a.month_key,
                           a.created_at) == 0) {
      return std::nullopt;
    }
    return store_.db_->getLastInsertRowid();
  });
}

bool Store::BulkLoad::add_reaction(const std::string& team, const std::string& channel,
                                   const std::string& item_ts, const std::string& reactor,
                                   const std::string& emoji, int64_t now) {
  return guarded(store_.mutex_, "bulk add_reaction", [&] {
    int64_t answer_id = 0;
    {
      Stmt s = store_.impl_->stmt(kBulkAnswerForItem);
      Impl::bind_all(*s, 1, team, channel, item_ts);
      if (!s->executeStep()) return false;
      if (s->getColumn(1).getString() == reactor) return false;  // self-reaction
      answer_id = s->getColumn(0).getInt64();
    }
    return store_.impl_->exec(kBulkReaction, answer_id, reactor, emoji, now) == 1;
  });
}

void Store::BulkLoad::finish() {
  guarded(store_.mutex_, "bulk finish", [&] {
    rebuild_all_rollups(*store_.impl_);
    tx_->commit();
  });
}

}  // namespace starcoach::storage
