// The offline subcommands: `score` and `questions`. They need no Slack configuration.
#pragma once
#include <string>
#include <vector>

namespace starcoach::bot {

// Each returns the process exit status; usage errors print one line on stderr and return 2.
int run_score(const std::vector<std::string>& args);
int run_questions(const std::vector<std::string>& args);

}  // namespace starcoach::bot
