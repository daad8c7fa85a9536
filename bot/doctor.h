// `starcoach doctor`: checks configuration, database, token, channel and the bot's membership,
// printing one line per check and what to fix.
#pragma once
#include <iosfwd>

#include "bot/config.h"
#include "handlers/slack_api.h"

namespace starcoach::bot {

// Returns the exit status: 0 when every check passes, 1 otherwise.
int run_doctor(const Getenv& getenv, std::ostream& out);
// The checks after configuration, against a given Web API (tests use the fake).
int doctor_checks(const Config& config, handlers::SlackApi& api, std::ostream& out);

}  // namespace starcoach::bot
