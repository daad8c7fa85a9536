#include "tests/support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace starcoach::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string resolve_binary(const std::string& b) {
  if (!b.empty()) return b;
  const char* e = std::getenv("STARCOACH_BINARY");
  if (!e || !*e) throw std::runtime_error("no starcoach binary: STARCOACH_BINARY is not defined");
  return e;
}

// argv/envp arrays that stay alive for posix_spawn.
struct CArgs {
  std::vector<std::string> storage;
  std::vector<char*> ptrs;
  explicit CArgs(std::vector<std::string> items) : storage(std::move(items)) {
    for (auto& s : storage) ptrs.push_back(s.data());
    ptrs.push_back(nullptr);
  }
  char** get() { return ptrs.data(); }
};

std::vector<std::string> env_strings(const Env& env) {
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  if (!env.count("PATH")) out.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  return out;
}

// Spawns with stdin/stdout/stderr from files; stdout and stderr may be the same file.
pid_t spawn_process(const std::string& binary, const std::vector<std::string>& args, const Env& env,
                    const std::string& cwd, const std::string& in_path, const std::string& out_path,
                    const std::string& err_path, bool append) {
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), args.begin(), args.end());
  CArgs cargv(argv), cenv(env_strings(env));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  int out_flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
  posix_spawn_file_actions_addopen(&fa, 0, in_path.empty() ? "/dev/null" : in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), out_flags, 0644);
  if (err_path == out_path) posix_spawn_file_actions_adddup2(&fa, 1, 2);
  else posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), out_flags, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Own process group: signals sent to the test runner's group do not hit the child.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, binary.c_str(), &fa, &attr, cargv.get(), cenv.get());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error("cannot start " + binary + ": " + std::strerror(rc));
  return pid;
}

int decode_status(int status, int* signal_out = nullptr) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    if (signal_out) *signal_out = WTERMSIG(status);
    return 128 + WTERMSIG(status);
  }
  return -1;
}

}  // namespace

std::vector<std::string> CliResult::err_lines() const {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string l; std::getline(in, l);)
    if (l.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(l);
  return lines;
}

std::string CliResult::describe() const {
  std::string s = timed_out ? "timed out" : signal ? "killed by signal " + std::to_string(signal)
                                                   : "exit " + std::to_string(exit_code);
  auto cut = [](const std::string& t) { return t.size() > 300 ? t.substr(0, 300) + "..." : t; };
  return s + "; stdout: " + cut(out) + "; stderr: " + cut(err);
}

std::string make_temp_dir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
  return tmpl;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

CliResult run_cli(const std::vector<std::string>& args, const RunOptions& options) {
  std::string dir = make_temp_dir("starcoach-cli");
  std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  {
    std::ofstream f(in, std::ios::binary);
    f << options.stdin_data;
  }
  pid_t pid = spawn_process(resolve_binary(options.binary), args, options.env,
                            options.cwd.empty() ? dir : options.cwd, in, out, err, false);
  CliResult r;
  auto deadline = Clock::now() + options.timeout;
  int status = 0;
  for (;;) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!r.timed_out && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status) && !r.timed_out) r.signal = WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

ServerProcess::ServerProcess(Env env, std::string binary)
    : env_(std::move(env)), binary_(resolve_binary(binary)), dir_(make_temp_dir("starcoach-serve")),
      log_path_(dir_ + "/server.log") {
  env_.try_emplace("STARCOACH_HOST", "127.0.0.1");
  env_.try_emplace("STARCOACH_DB", dir_ + "/starcoach.db");
  if (!env_.count("STARCOACH_PORT")) env_["STARCOACH_PORT"] = std::to_string(free_port());
  try {
    port_ = std::stoi(env_["STARCOACH_PORT"]);
  } catch (...) {
    port_ = 0;  // a deliberately bad port: start() will fail, as the test expects
  }
}

ServerProcess::~ServerProcess() { kill(); }

bool ServerProcess::tls() const { return env_.count("STARCOACH_TLS_CERT") && !env_.at("STARCOACH_TLS_CERT").empty(); }

std::string ServerProcess::url() const {
  return std::string(tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::unique_ptr<httplib::ClientImpl> ServerProcess::client(std::chrono::milliseconds timeout) const {
  std::unique_ptr<httplib::ClientImpl> c;
  if (tls()) {
    auto ssl = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
    ssl->enable_server_certificate_verification(false);
    c = std::move(ssl);
  } else {
    c = std::make_unique<httplib::ClientImpl>("127.0.0.1", port_);
  }
  c->set_connection_timeout(timeout);
  c->set_read_timeout(timeout);
  c->set_write_timeout(timeout);
  return c;
}

bool ServerProcess::spawn() {
  if (pid_ > 0 && running()) return true;
  exit_code_ = -1;
  pid_ = spawn_process(binary_, {"serve"}, env_, dir_, "", log_path_, log_path_, true);
  return true;
}

bool ServerProcess::start(std::chrono::milliseconds healthy_within) {
  spawn();
  return wait_healthy(healthy_within);
}

bool ServerProcess::wait_healthy(std::chrono::milliseconds within) {
  auto deadline = Clock::now() + within;
  auto c = client(std::chrono::milliseconds(500));
  while (Clock::now() < deadline) {
    if (!running()) return false;
    if (auto r = c->Get("/healthz"); r && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool ServerProcess::reap(bool block) {
  if (pid_ <= 0) return true;
  int status = 0;
  pid_t w;
  do {
    w = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (w < 0 && errno == EINTR);
  if (w == pid_ || w < 0) {
    exit_code_ = w == pid_ ? decode_status(status) : -1;
    pid_ = -1;
    return true;
  }
  return false;
}

bool ServerProcess::running() { return pid_ > 0 && !reap(false); }

bool ServerProcess::wait_exit(std::chrono::milliseconds within) {
  auto deadline = Clock::now() + within;
  while (running()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

int ServerProcess::terminate(std::chrono::milliseconds grace) {
  if (!running()) return exit_code_;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(grace)) kill();
  return exit_code_;
}

void ServerProcess::kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

std::string ServerProcess::log() const { return read_file(log_path_); }

}  // namespace starcoach::test
