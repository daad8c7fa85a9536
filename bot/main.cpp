// starcoach: the command line. Exit status 0 success, 2 bad usage or configuration (one line
// on stderr), 1 runtime failure.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "bot/app.h"
#include "bot/cli.h"
#include "bot/config.h"
#include "bot/doctor.h"

namespace {

const char* kUsage =
    "starcoach: daily behavioral-interview practice for data engineers, in Slack\n"
    "\n"
    "usage:\n"
    "  starcoach serve                      run the webhook server and the daily scheduler\n"
    "  starcoach score [--question ID] [--json] [FILE]\n"
    "                                       score one answer from FILE, or stdin when FILE is absent or -\n"
    "  starcoach questions [--json]         list the question bank\n"
    "  starcoach post-daily [--force]       post today's question now if it is due (cron-friendly);\n"
    "                                       --force posts outside the schedule, still once per local date\n"
    "  starcoach doctor                     check configuration, database, token and channel; say what to fix\n"
    "  starcoach backup FILE                write a consistent copy of the database to FILE (safe while serving)\n"
    "  starcoach --help | --version\n"
    "\n"
    "configuration (environment): SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL,\n"
    "STARCOACH_DB, STARCOACH_HOST, STARCOACH_PORT, STARCOACH_TLS_CERT, STARCOACH_TLS_KEY,\n"
    "STARCOACH_CHANNEL, STARCOACH_POST_AT, STARCOACH_TZ, STARCOACH_DAYS, STARCOACH_ADMINS\n"
    "exit status: 0 success, 1 runtime failure, 2 bad usage or configuration\n";

int usage_error(const std::string& message) {
  std::cerr << "starcoach: " << message << " (see starcoach --help)\n";
  return 2;
}

const char* env(const char* name) { return std::getenv(name); }

int run(const std::vector<std::string>& argv) {
  using namespace starcoach::bot;
  if (argv.empty()) return usage_error("missing subcommand");
  const std::string& cmd = argv[0];
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (cmd == "--version" || cmd == "-V") {
    std::cout << "starcoach " << STARCOACH_VERSION << "\n";
    return 0;
  }
  if (cmd == "score") return run_score(rest);
  if (cmd == "questions") return run_questions(rest);
  if (cmd == "serve") {
    if (!rest.empty()) return usage_error("serve takes no arguments; configure it with environment variables");
    return run_serve(load_config(ConfigUse::Serve, env));
  }
  if (cmd == "post-daily") {
    bool force = false;
    for (const auto& a : rest) {
      if (a == "--force") force = true;
      else return usage_error("post-daily: unknown argument " + a);
    }
    return run_post_daily(load_config(ConfigUse::PostDaily, env), force);
  }
  if (cmd == "doctor") {
    if (!rest.empty()) return usage_error("doctor takes no arguments");
    return run_doctor(env, std::cout);
  }
  if (cmd == "backup") {
    if (rest.size() != 1) return usage_error("backup needs exactly one FILE to write");
    return run_backup(load_config(ConfigUse::Offline, env), rest[0]);
  }
  return usage_error("unknown subcommand '" + cmd + "'");
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const starcoach::bot::ConfigError& e) {
    std::cerr << "starcoach: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "starcoach: " << e.what() << "\n";
    return 1;
  }
}
