// `starcoach serve` and `starcoach post-daily`: wiring config, storage, the Web API client,
// the HTTP server and the background loops (event worker, outbox sender, daily scheduler).
#pragma once
#include <string>

#include "bot/config.h"

namespace starcoach::bot {

// Runs until SIGTERM/SIGINT; returns the process exit status.
int run_serve(const Config& config);
// Posts today's question if due (or forced); returns the process exit status.
int run_post_daily(const Config& config, bool force);
// Writes a consistent online copy of the database to `path`.
int run_backup(const Config& config, const std::string& path);

}  // namespace starcoach::bot
