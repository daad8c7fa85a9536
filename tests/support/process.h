// Run the built starcoach binary from tests: one-shot CLI commands with captured output, and a
// long-running `serve` process with its log in a file, a health wait and signals.
//
//   Env env = {{"SLACK_SIGNING_SECRET", "s3cret-signing"}, {"SLACK_BOT_TOKEN", "xoxb-test"},
//              {"SLACK_API_URL", slack.api_url()}};
//   ServerProcess server(env);            // STARCOACH_HOST/PORT/DB default to 127.0.0.1, a
//   ASSERT_TRUE(server.start());          // free port and a DB in the process's temp dir
//   auto cli = server.client();           // httplib client for 127.0.0.1:<port>
//   ...
//   EXPECT_EQ(server.terminate(), 0);     // SIGTERM, then SIGKILL after the grace period
//
//   RunOptions o;                          // (designated initializers trip GCC 12's
//   o.stdin_data = answer;                 //  -Wmissing-field-initializers under -Wextra)
//   auto r = run_cli({"score", "--json"}, o);
//   EXPECT_EQ(r.exit_code, 0) << r.describe();
//
// Processes get exactly the environment given (nothing is inherited, except PATH when absent),
// so a developer's own SLACK_* variables never leak into a test.
#pragma once
#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace starcoach::test {

using Env = std::map<std::string, std::string>;

// The binary under test: the STARCOACH_BINARY compile definition of the including test
// target, else the STARCOACH_BINARY environment variable. Internal linkage on purpose: each
// test executable sees its own definition.
static inline std::string default_binary() {
#ifdef STARCOACH_BINARY
  return STARCOACH_BINARY;
#else
  const char* e = std::getenv("STARCOACH_BINARY");
  return e ? e : "";
#endif
}

struct CliResult {
  int exit_code = -1;      // exit status; -1 when killed by a signal or timed out
  int signal = 0;          // terminating signal, 0 when it exited
  bool timed_out = false;  // killed after RunOptions::timeout
  std::string out, err;    // stdout and stderr
  std::vector<std::string> err_lines() const;  // non-empty stderr lines
  std::string describe() const;                // one line for assertion messages
};

struct RunOptions {
  Env env;                                               // the complete environment
  std::string stdin_data;                                // fed on stdin (then EOF)
  std::chrono::milliseconds timeout{10000};              // SIGKILL after this
  std::string cwd;                                       // "" = a fresh temp directory
  std::string binary = default_binary();
};

// Runs `binary args...` to completion.
CliResult run_cli(const std::vector<std::string>& args, const RunOptions& options = {});

// A TCP port free on 127.0.0.1 at the time of the call.
int free_port();
// A new empty directory under $TMPDIR (or /tmp); never removed automatically.
std::string make_temp_dir(const std::string& prefix = "starcoach-test");
// Whole file as a string, "" when unreadable.
std::string read_file(const std::string& path);

class ServerProcess {
 public:
  // Does not start. Unless `env` sets them: STARCOACH_HOST=127.0.0.1, STARCOACH_PORT=a free
  // port, STARCOACH_DB=<temp dir>/starcoach.db. The process runs in its own temp directory.
  explicit ServerProcess(Env env, std::string binary = default_binary());
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Spawns `binary serve` (output appended to log_path()) and waits for GET /healthz 200.
  // False when the process exits first or the wait times out (see log()).
  bool start(std::chrono::milliseconds healthy_within = std::chrono::seconds(10));
  // Spawns without waiting (to test start-up failures or time-to-first-answer).
  bool spawn();
  bool wait_healthy(std::chrono::milliseconds within = std::chrono::seconds(10));

  // SIGTERM, wait up to `grace`, then SIGKILL. Returns exit_code().
  int terminate(std::chrono::milliseconds grace = std::chrono::seconds(10));
  void kill();                 // SIGKILL and reap
  bool running();              // reaps an exited child
  // Waits for the process to exit on its own; false on timeout.
  bool wait_exit(std::chrono::milliseconds within);
  // Exit status once exited; 128+signal when killed by a signal; -1 while running.
  int exit_code() const { return exit_code_; }

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  bool tls() const;                              // STARCOACH_TLS_CERT set
  std::string url() const;                       // http(s)://127.0.0.1:<port>
  // A client for this server (TLS without certificate verification when tls()).
  std::unique_ptr<httplib::ClientImpl> client(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

  std::string log() const;                       // everything the process printed so far
  const std::string& log_path() const { return log_path_; }
  const std::string& dir() const { return dir_; }
  Env& env() { return env_; }                    // edit between restarts

 private:
  bool reap(bool block);
  Env env_;
  std::string binary_, dir_, log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
};

}  // namespace starcoach::test
