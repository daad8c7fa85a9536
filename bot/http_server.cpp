#include "bot/http_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include "bot/connection_pool.h"
#include "bot/log.h"
#include "bot/metrics.h"
#include "bot/verify.h"

namespace starcoach::bot {
namespace {

constexpr const char* kText = "text/plain; charset=utf-8";

// Tuning (see README "Performance"): httplib gives each connection a pool thread for as long
// as it stays open, so keep-alive is bounded by time, not by request count.
constexpr size_t kKeepAliveMaxCount = 10000;
constexpr time_t kKeepAliveTimeoutSeconds = 5;
constexpr time_t kReadWriteTimeoutSeconds = 5;

// httplib 0.11 listens with a backlog of 5: a burst of new connections overflows it, the
// kernel drops SYNs and those clients retry only after a second. Listening again on the bound
// socket widens the queue (svr_sock_ is protected, hence the subclass).
constexpr int kListenBacklog = 1024;
template <class Base>
class WideBacklog : public Base {
 public:
  using Base::Base;
  void widen_backlog() {
    auto sock = this->svr_sock_.load();
    if (sock != INVALID_SOCKET) ::listen(sock, kListenBacklog);
  }
};

bool is_slack_path(const std::string& p) {
  return p == "/slack/events" || p == "/slack/commands" || p == "/slack/interactions";
}

// Per-request scratch passed from the routing thread to the access logger. httplib runs a
// request start to finish on one pool thread, so a thread_local is exact and lock-free.
struct RequestScratch {
  std::chrono::steady_clock::time_point start{};
  bool started = false;
  std::string team, user, note;
  bool counted = false;
};
thread_local RequestScratch t_scratch;

// Slack's certificate probe is an unsigned form post carrying ssl_check=1. Only the form
// key at the top level counts (a slash command's text is percent-encoded, so it cannot fake it).
bool is_ssl_check(const std::string& body) {
  if (body.empty() || body.front() == '{') return false;
  size_t start = 0;
  while (start <= body.size()) {
    size_t amp = body.find('&', start);
    if (amp == std::string::npos) amp = body.size();
    if (std::string_view(body).substr(start, amp - start) == "ssl_check=1") return true;
    start = amp + 1;
  }
  return false;
}

int parse_retry_num(const std::string& v) {
  if (v.empty() || v.size() > 4) return 0;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

void plain(httplib::Response& res, int status, const char* body) {
  res.status = status;
  res.set_content(body, kText);
}

const char* reason_body(int status) {
  switch (status) {
    case 400: return "bad request";
    case 401: return "invalid request signature";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 408: return "request timeout";
    case 413: return "request body too large (limit 256 KiB)";
    case 500: return "internal error";
    case 503: return "unavailable";
    default: return status >= 500 ? "server error" : "request error";
  }
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  Metrics& metrics;
  SlackHandler on_slack;
  std::function<bool()> healthy;
  std::unique_ptr<httplib::Server> server;
  std::function<void()> widen_backlog;
  int bound_port = 0;
  std::atomic<bool> serving{false}, finished{false}, stop_requested{false};

  Impl(HttpServerOptions o, Metrics& m, SlackHandler h, std::function<bool()> hl)
      : options(std::move(o)), metrics(m), on_slack(std::move(h)), healthy(std::move(hl)) {}

  void handle_slack_post(const httplib::Request& req, httplib::Response& res, std::string body) {
    // (a) Slack's unsigned certificate probe: acknowledge, read nothing else.
    if (is_ssl_check(body)) {
      res.status = 200;
      res.set_content("", kText);
      t_scratch.note = "ssl_check";
      return;
    }
    // (b) Verify before anything else is read.
    auto verdict = verify_slack_request(options.signing_secret,
                                        req.get_header_value("X-Slack-Request-Timestamp"),
                                        req.get_header_value("X-Slack-Signature"), body,
                                        static_cast<int64_t>(std::time(nullptr)));
    if (verdict != Verdict::Ok) {
      metrics.count_signature_rejection();
      t_scratch.note = describe(verdict);
      plain(res, 401, "invalid request signature");
      return;
    }
    // (c) Hand the verified request over; the handler owns all Slack semantics.
    SlackHttpRequest sreq;
    sreq.path = req.path;
    sreq.content_type = req.get_header_value("Content-Type");
    sreq.body = std::move(body);
    sreq.retry_num = parse_retry_num(req.get_header_value("X-Slack-Retry-Num"));
    sreq.retry_reason = req.get_header_value("X-Slack-Retry-Reason").substr(0, 64);
    HttpReply reply;
    try {
      reply = on_slack(sreq);
    } catch (const std::exception& e) {
      log::error("handler failed", {{"path", req.path}, {"error", e.what()}});
      plain(res, 500, "internal error");
      return;
    } catch (...) {
      log::error("handler failed", {{"path", req.path}, {"error", "unknown exception"}});
      plain(res, 500, "internal error");
      return;
    }
    t_scratch.team = std::move(reply.log_team);
    t_scratch.user = std::move(reply.log_user);
    res.status = reply.status;
    res.set_content(std::move(reply.body), reply.content_type.empty() ? kText : reply.content_type);
  }

  // POST with a body: read it through the content reader so the cap also holds for chunked
  // bodies (httplib 0.11 only enforces set_payload_max_length against Content-Length).
  void post_streamed(const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
    if (!is_slack_path(req.path)) return not_found_or_405(req, res);
    std::string body;
    bool too_large = false;
    bool ok = reader([&](const char* data, size_t n) {
      if (too_large || body.size() + n > options.max_body_bytes) {
        too_large = true;  // keep draining so the connection stays usable
        body.clear();
        return true;
      }
      body.append(data, n);
      return true;
    });
    if (too_large || res.status == 413) return plain(res, 413, reason_body(413));
    if (!ok) return plain(res, 400, reason_body(400));
    handle_slack_post(req, res, std::move(body));
  }

  void not_found_or_405(const httplib::Request& req, httplib::Response& res) {
    if (is_slack_path(req.path)) {
      res.set_header("Allow", "POST");
      return plain(res, 405, reason_body(405));
    }
    if (req.path == "/healthz" || req.path == "/metrics") {
      res.set_header("Allow", "GET, HEAD");
      return plain(res, 405, reason_body(405));
    }
    plain(res, 404, reason_body(404));
  }

  void get(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/healthz") {
      bool ok = false;
      try {
        ok = !healthy || healthy();
      } catch (const std::exception& e) {
        log::warn("health check failed", {{"error", e.what()}});
      } catch (...) {
        log::warn("health check failed", {{"error", "unknown exception"}});
      }
      return ok ? plain(res, 200, "ok") : plain(res, 503, "unavailable");
    }
    if (req.path == "/metrics") {
      res.status = 200;
      res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
      return;
    }
    not_found_or_405(req, res);
  }

  // Counted before the response is written, so a client that reads /metrics right after its
  // reply sees its own request. Called from the post-routing and error handlers; once each.
  void count(const httplib::Request& req, const httplib::Response& res) {
    if (t_scratch.counted) return;
    t_scratch.counted = true;
    metrics.count_request(req.path, res.status);
  }

  void access_log(const httplib::Request& req, const httplib::Response& res) {
    double ms = 0;
    if (t_scratch.started)
      ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_scratch.start).count();
    std::string route = req.path.size() > 100 ? req.path.substr(0, 100) : req.path;
    count(req, res);  // no-op unless neither handler ran
    log::write(res.status >= 500 ? log::Level::Error : log::Level::Info, "http",
               {{"method", req.method},
                {"route", route},
                {"status", res.status},
                {"ms", ms},
                {"team", t_scratch.team},
                {"user", t_scratch.user},
                {"note", t_scratch.note}});
    t_scratch = RequestScratch{};
  }

  void configure() {
    auto& s = *server;
    int threads = options.threads > 0 ? options.threads : 64;
    s.new_task_queue = [threads] { return new ConnectionPool(static_cast<size_t>(threads)); };
    s.set_keep_alive_max_count(kKeepAliveMaxCount);
    s.set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
    s.set_read_timeout(kReadWriteTimeoutSeconds, 0);
    s.set_write_timeout(kReadWriteTimeoutSeconds, 0);
    s.set_tcp_nodelay(true);
    // httplib's default sets SO_REUSEPORT, which lets a second starcoach bind the same port
    // and silently take half the traffic. SO_REUSEADDR alone still allows a quick restart.
    s.set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    s.set_payload_max_length(options.max_body_bytes);

    s.set_pre_routing_handler([this](const httplib::Request& q, httplib::Response& r) {
      t_scratch = RequestScratch{};
      t_scratch.start = std::chrono::steady_clock::now();
      t_scratch.started = true;
      // A POST/PUT/PATCH/DELETE with neither Content-Length nor chunked encoding has no body,
      // but httplib 0.11 would read "until close" and answer 400 after the read timeout.
      // Route it here, before httplib tries to read.
      bool body_method = q.method == "POST" || q.method == "PUT" || q.method == "PATCH" || q.method == "DELETE";
      if (body_method && !q.has_header("Content-Length") && !q.has_header("Transfer-Encoding")) {
        if (q.method == "POST" && is_slack_path(q.path)) handle_slack_post(q, r, std::string());
        else not_found_or_405(q, r);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // One catch-all per method: routing lives in this file, in plain code, so unknown
    // paths are 404 and known paths with the wrong method are 405.
    const std::string any = ".*";
    s.Get(any, [this](const httplib::Request& q, httplib::Response& r) { get(q, r); });
    s.Post(any, [this](const httplib::Request& q, httplib::Response& r, const httplib::ContentReader& c) {
      post_streamed(q, r, c);
    });
    // Bodiless POSTs (Content-Length: 0) skip the content-reader route.
    s.Post(any, [this](const httplib::Request& q, httplib::Response& r) {
      if (!is_slack_path(q.path)) return not_found_or_405(q, r);
      handle_slack_post(q, r, q.body);
    });
    auto other = [this](const httplib::Request& q, httplib::Response& r) { not_found_or_405(q, r); };
    s.Put(any, other);
    s.Patch(any, other);
    s.Delete(any, other);
    s.Options(any, other);

    // Statuses httplib produces itself (413 over Content-Length, 400 unparseable) get a body.
    s.set_post_routing_handler([this](const httplib::Request& q, httplib::Response& r) { count(q, r); });
    s.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          count(req, res);
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          res.set_content(reason_body(res.status), kText);
          return httplib::Server::HandlerResponse::Handled;
        }));
    s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      log::error("request failed", {{"path", req.path}, {"error", what}});
      plain(res, 500, reason_body(500));
    });
    s.set_logger([this](const httplib::Request& q, const httplib::Response& r) { access_log(q, r); });
  }
};

HttpServer::HttpServer(HttpServerOptions options, Metrics& metrics, SlackHandler on_slack,
                       std::function<bool()> healthy)
    : impl_(std::make_unique<Impl>(std::move(options), metrics, std::move(on_slack), std::move(healthy))) {
  log::add_secret(impl_->options.signing_secret);
}

HttpServer::~HttpServer() {
  stop();
  // The server object must outlive listen_after_bind(), which returns once in-flight
  // requests are done; the owner normally joins its serve() thread before this.
  while (impl_->serving && !impl_->finished) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

bool HttpServer::reload_tls(std::string& error) {
  const auto& o = impl_->options;
  if (o.tls_cert.empty() || !impl_->server) return true;
  // Load into a scratch context first, so a half-written renewal never replaces a good pair.
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> probe(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  if (!probe || SSL_CTX_use_certificate_chain_file(probe.get(), o.tls_cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(probe.get(), o.tls_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(probe.get()) != 1) {
    ERR_clear_error();
    error = "STARCOACH_TLS_CERT/STARCOACH_TLS_KEY: the files do not hold a matching certificate "
            "and key; keeping the current pair";
    return false;
  }
  // The live context: each new connection copies the certificate from it at SSL_new, so new
  // handshakes present the new pair while open connections keep theirs.
  SSL_CTX* live = static_cast<httplib::SSLServer*>(impl_->server.get())->ssl_context();
  if (SSL_CTX_use_certificate_chain_file(live, o.tls_cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(live, o.tls_key.c_str(), SSL_FILETYPE_PEM) != 1) {
    ERR_clear_error();
    error = "STARCOACH_TLS_CERT/STARCOACH_TLS_KEY: reload failed";
    return false;
  }
  return true;
}

bool HttpServer::bind(std::string& error) {
  auto& o = impl_->options;
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    error = "STARCOACH_TLS_CERT and STARCOACH_TLS_KEY must be set together";
    return false;
  }
  if (!o.tls_cert.empty()) {
    auto ssl = std::make_unique<WideBacklog<httplib::SSLServer>>(o.tls_cert.c_str(), o.tls_key.c_str());
    if (!ssl->is_valid()) {
      error = "STARCOACH_TLS_CERT/STARCOACH_TLS_KEY: cannot load the certificate and private key "
              "(PEM files that belong together are needed)";
      return false;
    }
    impl_->widen_backlog = [p = ssl.get()] { p->widen_backlog(); };
    impl_->server = std::move(ssl);
  } else {
    auto plain_server = std::make_unique<WideBacklog<httplib::Server>>();
    impl_->widen_backlog = [p = plain_server.get()] { p->widen_backlog(); };
    impl_->server = std::move(plain_server);
  }
  impl_->configure();
  if (o.port == 0) {
    int p = impl_->server->bind_to_any_port(o.host);
    if (p <= 0) {
      error = "no free port on this address (check STARCOACH_HOST)";
      return false;
    }
    impl_->bound_port = p;
  } else {
    if (!impl_->server->bind_to_port(o.host, o.port)) {
      // Callers prefix the address; say why and what to change.
      error = "port in use or address not available; change STARCOACH_PORT or STARCOACH_HOST";
      return false;
    }
    impl_->bound_port = o.port;
  }
  impl_->widen_backlog();
  log::debug(o.tls_cert.empty() ? "bound (plain HTTP)" : "bound (HTTPS)",
            {{"host", o.host}, {"port", impl_->bound_port}, {"threads", o.threads}});
  return true;
}

void HttpServer::serve() {
  auto& i = *impl_;
  if (!i.server) return;
  // serving/stop_requested pair: whichever of serve() and stop() runs second sees the other.
  i.serving = true;
  if (!i.stop_requested) i.server->listen_after_bind();
  i.finished = true;
}

void HttpServer::stop() {
  auto& i = *impl_;
  i.stop_requested = true;
  if (!i.server || !i.serving) return;
  // listen_after_bind() may not have flagged itself running yet; stop() is a no-op before.
  for (int n = 0; n < 500 && !i.server->is_running() && !i.finished; ++n)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  i.server->stop();
}

int HttpServer::port() const { return impl_->bound_port; }

}  // namespace starcoach::bot
