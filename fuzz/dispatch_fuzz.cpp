// handlers::dispatch_slack_request on arbitrary request bodies (Events API JSON, slash command
// forms, interactivity payloads, garbage) against the shared seeded in-memory store and an
// in-process Slack fake. Then the event worker's step, as bot/background.cpp drain_inbox
// does it: every stored inbox row is parsed and handed to process_event inside a
// Store::Transaction, so event JSON dispatch is fuzzed too; finally every queued outbox call
// must hold a JSON object (the sender parses it back).
//
// Findings besides sanitizer reports: any exception escaping dispatch (the server would answer
// 500; a StorageError, its 503, cannot legitimately happen on an in-memory database) or
// process_event (the event would be retried and then dropped), a status other than 200/400,
// and a 200 JSON reply that does not parse.
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz/fuzz_context.h"
#include "handlers/dispatch.h"
#include "handlers/events.h"

using namespace starcoach;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto& w = fuzz::world();
  auto ctx = fuzz::make_context(w);
  storage::Store::Transaction scope(w.store);  // never committed: rolled back on return

  handlers::SlackReply reply;
  try {
    reply = handlers::dispatch_slack_request(*ctx, body, 0);
  } catch (const std::exception& e) {
    fuzz::die("dispatch_slack_request threw", e.what());
  }
  if (reply.status != 200 && reply.status != 400) fuzz::die("unexpected status", std::to_string(reply.status));
  if (reply.status == 200 && reply.content_type.rfind("application/json", 0) == 0 &&
      nlohmann::json::parse(reply.body, nullptr, false).is_discarded())
    fuzz::die("200 reply is not JSON", reply.body.substr(0, 200));

  // The event worker (bot/background.cpp drain_inbox), minus its catch-all.
  for (int round = 0; round < 4; ++round) {
    const auto batch = w.store.inbox_pending(32);
    if (batch.empty()) break;
    for (const auto& event : batch) {
      try {
        storage::Store::Transaction tx(w.store);
        const auto envelope = nlohmann::json::parse(event.body, nullptr, false);
        if (!envelope.is_discarded()) handlers::process_event(*ctx, envelope);
        w.store.inbox_done(event.id, ctx->now());
        tx.commit();
      } catch (const std::exception& e) {
        fuzz::die("process_event threw", e.what());
      }
    }
  }

  for (const auto& call : w.store.outbox_due(fuzz::kNow + 86400, 1000)) {
    const auto args = nlohmann::json::parse(call.args_json, nullptr, false);
    if (args.is_discarded() || !args.is_object()) fuzz::die("outbox arguments are not a JSON object", call.args_json);
  }
  return 0;
}
