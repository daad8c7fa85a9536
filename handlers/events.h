// Events API: threaded answers, edits, deletions and peer reactions. Runs on the event worker
// for events already made durable in the inbox; every Slack call it wants is queued in the
// outbox inside the caller's transaction, so processing and its replies commit together.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/context.h"

namespace starcoach::handlers {

// Outbox purposes whose success needs bookkeeping.
inline constexpr const char* kPurposeThreadReply = "thread_reply";
inline constexpr const char* kPurposeUpdate = "update";

// Handles one event_callback envelope. Call inside a storage::Store::Transaction.
void process_event(AppContext& ctx, const nlohmann::json& envelope);

// The Events API types process_event acts on ("message", "reaction_added", ...).
std::vector<std::string> handled_event_types();

}  // namespace starcoach::handlers
