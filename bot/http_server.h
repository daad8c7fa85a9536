// The HTTP(S) transport: routes, body cap, signature check, access log. No Slack logic:
// verified Slack requests are handed to one callback that returns the reply.
#pragma once
#include <functional>
#include <memory>
#include <string>

namespace starcoach::bot {

class Metrics;

struct SlackHttpRequest {
  std::string path;          // /slack/events, /slack/commands or /slack/interactions
  std::string content_type;
  std::string body;          // raw, already verified
  int retry_num = 0;         // X-Slack-Retry-Num, 0 when absent
  std::string retry_reason;  // X-Slack-Retry-Reason
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string log_team, log_user;  // for the access log line, when known
};

struct HttpServerOptions {
  std::string host = "0.0.0.0";
  int port = 3000;
  std::string tls_cert, tls_key;  // both set: HTTPS
  std::string signing_secret;
  int threads = 64;               // worker threads; each keep-alive connection holds one
  size_t max_body_bytes = 256 * 1024;
};

class HttpServer {
 public:
  using SlackHandler = std::function<HttpReply(const SlackHttpRequest&)>;
  HttpServer(HttpServerOptions options, Metrics& metrics, SlackHandler on_slack,
             std::function<bool()> healthy);
  ~HttpServer();
  // Binds the port; returns false with `error` set (port in use, bad cert...).
  bool bind(std::string& error);
  // Serves until stop(); call from its own thread.
  void serve();
  void stop();
  int port() const;
  // Re-reads the TLS certificate and key files (after a renewal) for new handshakes; open
  // connections are not dropped. False with `error` set when the new pair does not load, in
  // which case the old pair stays in use. No-op for plain HTTP.
  bool reload_tls(std::string& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace starcoach::bot
