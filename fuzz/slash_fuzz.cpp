// handlers::handle_slash_command with fuzzed text and user / channel / team ids and
// response_url, for listed admins, workspace admins (via the fake users.info) and everyone
// else, against the shared seeded store (rolled back after each input, see fuzz_context.h).
// Deferred work (admin subcommands, long feedback) runs inline. Any exception escaping the
// handler is a finding: in the server it would turn a command into a 500.
#include <cstdint>
#include <exception>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz/fuzz_context.h"
#include "handlers/commands.h"

using namespace starcoach;

namespace {

std::string pick(FuzzedDataProvider& in, std::initializer_list<const char*> known) {
  const size_t n = known.size();
  const size_t i = in.ConsumeIntegralInRange<size_t>(0, n);
  if (i == n) return in.ConsumeRandomLengthString(32);
  return *(known.begin() + i);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  handlers::SlashCommand cmd;
  cmd.user_id = pick(in, {"UADMIN", "UWSADMIN", "U123ABC456", "U222", ""});
  cmd.channel_id = pick(in, {"CPRACTICE", "C123ABC456", "C111", ""});
  cmd.team_id = pick(in, {"T123ABC456", "T111", ""});
  cmd.response_url = pick(in, {"https://hooks.slack.com/commands/T1/1/x", ""});
  cmd.command = "/practice";
  cmd.text = in.ConsumeRemainingBytesAsString();

  auto& w = fuzz::world();
  auto ctx = fuzz::make_context(w);
  storage::Store::Transaction scope(w.store);  // never committed: rolled back below
  nlohmann::json reply;
  try {
    reply = handlers::handle_slash_command(*ctx, cmd);
  } catch (const std::exception& e) {
    fuzz::die("handle_slash_command threw", e.what());
  }
  if (!reply.is_null()) {
    if (!reply.is_object()) fuzz::die("reply is not an object", reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    // What dispatch sends back (it replaces invalid UTF-8 rather than throwing).
    (void)reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return 0;
}
