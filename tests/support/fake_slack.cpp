#include "tests/support/fake_slack.h"

#include <sys/socket.h>

#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace starcoach::test {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Form fields as a JSON object; values that hold JSON (blocks, attachments) are parsed.
nlohmann::json parse_form(const std::string& body) {
  nlohmann::json args = nlohmann::json::object();
  size_t start = 0;
  while (start < body.size()) {
    size_t amp = body.find('&', start);
    if (amp == std::string::npos) amp = body.size();
    std::string_view pair = std::string_view(body).substr(start, amp - start);
    size_t eq = pair.find('=');
    std::string key = form_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : form_decode(pair.substr(eq + 1));
    if (!key.empty()) {
      if (!value.empty() && (value.front() == '[' || value.front() == '{')) {
        auto j = nlohmann::json::parse(value, nullptr, false);
        args[key] = j.is_discarded() ? nlohmann::json(value) : j;
      } else {
        args[key] = value;
      }
    }
    start = amp + 1;
  }
  return args;
}

std::string str_arg(const nlohmann::json& args, const char* key, const std::string& fallback = "") {
  if (args.is_object() && args.contains(key) && args[key].is_string()) return args[key].get<std::string>();
  return fallback;
}

}  // namespace

void FakeSlack::Server::widen_backlog() {
  auto sock = svr_sock_.load();
  if (sock != INVALID_SOCKET) ::listen(sock, 1024);
}

std::string RecordedCall::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return v;
  return "";
}

std::string RecordedCall::bearer() const {
  auto h = header("Authorization");
  return h.rfind("Bearer ", 0) == 0 ? h.substr(7) : "";
}

FakeSlack::FakeSlack() {
  next_ts_ = static_cast<long long>(std::time(nullptr)) * 1000000;
  server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_.set_tcp_nodelay(true);
  auto h = [this](const httplib::Request& q, httplib::Response& r) { handle(q, r); };
  server_.Post(".*", h);
  server_.Get(".*", h);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("FakeSlack: cannot bind 127.0.0.1");
  server_.widen_backlog();
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeSlack::~FakeSlack() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeSlack::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string FakeSlack::api_url() const { return base_url() + "/api"; }
std::string FakeSlack::response_url(const std::string& tag) const { return base_url() + "/commands/" + tag; }

void FakeSlack::add_fault(const std::string& method, Fault f) {
  std::lock_guard lock(mutex_);
  faults_[method].push_back(std::move(f));
}

void FakeSlack::rate_limit(const std::string& method, int retry_after_seconds, int times) {
  add_fault(method, {Fault::RateLimit, retry_after_seconds, "", times});
}
void FakeSlack::rate_limit_without_header(const std::string& method, int times) {
  add_fault(method, {Fault::RateLimitNoHeader, 0, "", times});
}
void FakeSlack::http_error(const std::string& method, int status, int times) {
  add_fault(method, {Fault::Http, status, "", times});
}
void FakeSlack::slack_error(const std::string& method, const std::string& error, int times) {
  add_fault(method, {Fault::SlackError, 0, error, times});
}
void FakeSlack::hang(const std::string& method, std::chrono::milliseconds duration, int times) {
  add_fault(method, {Fault::Hang, static_cast<int>(duration.count()), "", times});
}
void FakeSlack::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}
void FakeSlack::set_reply(const std::string& method, nlohmann::json reply) {
  std::lock_guard lock(mutex_);
  replies_[method] = std::move(reply);
}
void FakeSlack::set_user(const std::string& user_id, nlohmann::json user) {
  std::lock_guard lock(mutex_);
  users_[user_id] = std::move(user);
}
void FakeSlack::require_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  token_ = token;
}

bool FakeSlack::take_fault(const std::string& method, Fault& out) {
  auto it = faults_.find(method);
  if (it == faults_.end() || it->second.empty()) return false;
  auto& f = it->second.front();
  out = f;
  if (f.times > 0 && --f.times == 0) it->second.pop_front();
  return true;
}

nlohmann::json FakeSlack::canned(const std::string& method, const nlohmann::json& args) {
  using nlohmann::json;
  auto new_ts = [this] {
    long long v = ++next_ts_;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", v / 1000000, v % 1000000);
    return std::string(buf);
  };
  json out = {{"ok", true}};
  if (method == "chat.postMessage") {
    auto ts = new_ts();
    out["channel"] = str_arg(args, "channel");
    out["ts"] = ts;
    out["message"] = {{"type", "message"}, {"user", "UFAKEBOT"}, {"bot_id", "BFAKE"},
                      {"text", str_arg(args, "text")}, {"ts", ts}};
    if (args.contains("thread_ts")) out["message"]["thread_ts"] = args["thread_ts"];
  } else if (method == "chat.postEphemeral") {
    out["message_ts"] = new_ts();
  } else if (method == "chat.update") {
    out["channel"] = str_arg(args, "channel");
    out["ts"] = str_arg(args, "ts");
    out["text"] = str_arg(args, "text");
  } else if (method == "users.info") {
    auto id = str_arg(args, "user", "U0UNKNOWN");
    out["user"] = {{"id", id}, {"team_id", "T0FAKE"}, {"name", "user-" + id}, {"deleted", false},
                   {"is_admin", false}, {"is_owner", false}, {"is_bot", false}, {"tz", "UTC"},
                   {"profile", {{"real_name", "User " + id}, {"display_name", "user-" + id}}}};
    if (auto it = users_.find(id); it != users_.end()) out["user"].merge_patch(it->second);
  } else if (method == "auth.test") {
    out.update({{"url", "https://fake.slack.com/"}, {"team", "Fake"}, {"user", "starcoach"},
                {"team_id", "T0FAKE"}, {"user_id", "UFAKEBOT"}, {"bot_id", "BFAKE"}});
  } else if (method == "conversations.info") {
    auto id = str_arg(args, "channel", "C0FAKE");
    out["channel"] = {{"id", id}, {"name", "practice"}, {"is_channel", true}, {"is_member", true}};
  }
  if (auto it = replies_.find(method); it != replies_.end()) out.merge_patch(it->second);
  return out;
}

void FakeSlack::handle(const httplib::Request& req, httplib::Response& res) {
  RecordedCall call;
  call.path = req.path;
  call.body = req.body;
  call.headers = req.headers;
  call.at = std::chrono::steady_clock::now();
  if (req.path.rfind("/commands/", 0) == 0) {
    call.method = "response_url";
  } else if (req.path.rfind("/api/", 0) == 0) {
    call.method = req.path.substr(5);
  } else {
    call.method = req.path;
  }
  auto ctype = req.get_header_value("Content-Type");
  if (ctype.rfind("application/json", 0) == 0) {
    call.args = nlohmann::json::parse(req.body, nullptr, false);
    if (call.args.is_discarded()) call.args = nullptr;
  } else if (!req.body.empty()) {
    call.args = parse_form(req.body);
  } else {
    call.args = nlohmann::json::object();
    for (const auto& [k, v] : req.params) call.args[k] = v;
  }

  std::unique_lock lock(mutex_);
  Fault fault{};
  bool faulted = take_fault(call.method, fault);
  bool recorded = false;
  if (faulted && fault.kind == Fault::Hang) {
    // Recorded on arrival (status 0) so a test sees the call while the client times out.
    call.fault = "hang";
    calls_.push_back(call);
    recorded = true;
    cv_.notify_all();
    cv_.wait_for(lock, std::chrono::milliseconds(fault.number), [this] { return stopping_; });
    faulted = false;  // after the hang, answer normally (the client has usually gone)
  }
  nlohmann::json reply;
  int status = 200;
  if (faulted) {
    switch (fault.kind) {
      case Fault::RateLimit:
        status = 429;
        res.set_header("Retry-After", std::to_string(fault.number));
        call.fault = "ratelimited";
        reply = {{"ok", false}, {"error", "ratelimited"}};
        break;
      case Fault::RateLimitNoHeader:
        status = 429;
        call.fault = "ratelimited";
        reply = {{"ok", false}, {"error", "ratelimited"}};
        break;
      case Fault::Http:
        status = fault.number;
        call.fault = "http_" + std::to_string(status);
        break;
      case Fault::SlackError:
        call.fault = "slack_error:" + fault.error;
        reply = {{"ok", false}, {"error", fault.error}};
        break;
      case Fault::Hang: break;
    }
  } else if (!token_.empty() && call.bearer() != token_ && call.method != "response_url") {
    reply = {{"ok", false}, {"error", call.bearer().empty() ? "not_authed" : "invalid_auth"}};
  } else if (call.args.is_null()) {
    reply = {{"ok", false}, {"error", "invalid_json"}};
  } else {
    reply = call.method == "response_url" ? nlohmann::json{{"ok", true}} : canned(call.method, call.args);
  }
  res.status = status;
  if (reply.is_null()) res.set_content("<html><body>server error</body></html>", "text/html");
  else res.set_content(reply.dump(), "application/json; charset=utf-8");
  call.status = status;
  call.reply = reply;
  if (!recorded) calls_.push_back(std::move(call));
  cv_.notify_all();
}

std::vector<RecordedCall> FakeSlack::calls(const std::string& method) const {
  std::lock_guard lock(mutex_);
  if (method.empty()) return calls_;
  std::vector<RecordedCall> out;
  for (const auto& c : calls_)
    if (c.method == method) out.push_back(c);
  return out;
}

size_t FakeSlack::count(const std::string& method) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& c : calls_)
    if (method.empty() || c.method == method) ++n;
  return n;
}

bool FakeSlack::wait_for(const std::string& method, size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] {
    size_t k = 0;
    for (const auto& c : calls_)
      if (method.empty() || c.method == method) ++k;
    return k >= n;
  });
}

void FakeSlack::clear_calls() {
  std::lock_guard lock(mutex_);
  calls_.clear();
}

}  // namespace starcoach::test
