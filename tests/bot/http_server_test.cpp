// HttpServer on a real port with a stub Slack handler: routing, verification, limits, TLS.
#include "bot/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "bot/log.h"
#include "bot/metrics.h"
#include "tests/support/process.h"
#include "tests/support/signing.h"

namespace starcoach::bot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr const char* kSecret = "http-test-signing-secret";
const std::string kEvent = R"({"type":"url_verification","challenge":"c-123"})";

// Starts an HttpServer on 127.0.0.1:<any> in a thread; records what the handler saw.
class Harness {
 public:
  explicit Harness(HttpServerOptions o = {}) {
    o.host = "127.0.0.1";
    o.port = 0;
    if (o.signing_secret.empty()) o.signing_secret = kSecret;
    if (o.threads == 64) o.threads = 8;
    server_ = std::make_unique<HttpServer>(
        o, metrics,
        [this](const SlackHttpRequest& r) {
          std::lock_guard lock(mutex_);
          seen_.push_back(r);
          if (throw_) throw std::runtime_error("handler exploded");
          if (handler_delay_.count()) std::this_thread::sleep_for(handler_delay_);
          HttpReply reply;
          reply.body = R"({"echo":)" + std::to_string(r.body.size()) + "}";
          reply.log_team = "T1";
          reply.log_user = "U1";
          return reply;
        },
        [this] { return healthy.load(); });
    bound_ = server_->bind(bind_error);
    if (bound_) thread_ = std::thread([this] { server_->serve(); });
  }
  ~Harness() {
    if (bound_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  bool bound() const { return bound_; }
  int port() const { return server_->port(); }
  HttpServer& server() { return *server_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(5s);
    c.set_tcp_nodelay(true);  // else Nagle + delayed ACK stall each header/body write pair
    return c;
  }
  httplib::Result post_signed(const std::string& path, const std::string& body, int64_t ts = -1,
                              const std::string& secret = kSecret) {
    return client().Post(path, test::slack_headers(secret, body, ts), body, test::kJsonType);
  }
  std::vector<SlackHttpRequest> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  void throw_from_handler(bool on) { throw_ = on; }
  void delay_handler(std::chrono::milliseconds d) { handler_delay_ = d; }

  Metrics metrics;
  std::atomic<bool> healthy{true};
  std::string bind_error;

 private:
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  bool bound_ = false;
  std::mutex mutex_;
  std::vector<SlackHttpRequest> seen_;
  std::atomic<bool> throw_{false};
  std::chrono::milliseconds handler_delay_{0};
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_sink([this](const std::string& l) {
      std::lock_guard lock(log_mutex);
      log_lines.push_back(l);
    });
    ASSERT_TRUE(h.bound()) << h.bind_error;
  }
  void TearDown() override { log::set_sink(nullptr); }
  std::string all_logs() {
    std::lock_guard lock(log_mutex);
    std::string s;
    for (auto& l : log_lines) s += l + "\n";
    return s;
  }
  std::mutex log_mutex;
  std::vector<std::string> log_lines;
  Harness h;
};

TEST_F(HttpServerTest, SignedRequestReachesTheHandlerOnEveryAlias) {
  for (const char* path : {"/slack/events", "/slack/commands", "/slack/interactions"}) {
    auto r = h.post_signed(path, kEvent);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body, R"({"echo":)" + std::to_string(kEvent.size()) + "}");
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  }
  auto seen = h.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].path, "/slack/events");
  EXPECT_EQ(seen[2].path, "/slack/interactions");
  EXPECT_EQ(seen[0].body, kEvent);
  EXPECT_EQ(seen[0].content_type, "application/json");
  EXPECT_EQ(seen[0].retry_num, 0);
}

TEST_F(HttpServerTest, RetryHeadersArePassedOn) {
  auto headers = test::slack_headers(kSecret, kEvent);
  headers.emplace("X-Slack-Retry-Num", "2");
  headers.emplace("X-Slack-Retry-Reason", "http_timeout");
  auto r = h.client().Post("/slack/events", headers, kEvent, test::kJsonType);
  ASSERT_TRUE(r);
  ASSERT_EQ(h.seen().size(), 1u);
  EXPECT_EQ(h.seen()[0].retry_num, 2);
  EXPECT_EQ(h.seen()[0].retry_reason, "http_timeout");
}

struct Rejection {
  const char* name;
  std::function<httplib::Headers(const std::string& body)> headers;
  std::string body_sent = kEvent;
};

TEST_F(HttpServerTest, BadSignaturesAre401AndNothingIsProcessed) {
  auto now = test::unix_now();
  std::vector<Rejection> cases{
      {"tampered body", [](const std::string&) { return test::slack_headers(kSecret, kEvent + " "); }},
      {"wrong secret", [](const std::string& b) { return test::slack_headers("attacker", b); }},
      {"no headers", [](const std::string&) { return httplib::Headers{}; }},
      {"no signature",
       [now](const std::string&) { return httplib::Headers{{"X-Slack-Request-Timestamp", std::to_string(now)}}; }},
      {"no timestamp",
       [](const std::string& b) {
         auto hs = test::slack_headers(kSecret, b);
         hs.erase("X-Slack-Request-Timestamp");
         return hs;
       }},
      {"stale 301 s", [now](const std::string& b) { return test::slack_headers(kSecret, b, now - 301); }},
      {"future 301 s", [now](const std::string& b) { return test::slack_headers(kSecret, b, now + 301); }},
      {"garbage timestamp", [](const std::string& b) { return test::slack_headers_raw(kSecret, b, "yesterday"); }},
  };
  for (const auto& c : cases) {
    auto r = h.client().Post("/slack/events", c.headers(c.body_sent), c.body_sent, test::kJsonType);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, 401) << c.name;
    EXPECT_EQ(r->body, "invalid request signature") << c.name;
  }
  EXPECT_TRUE(h.seen().empty());
  auto text = h.metrics.render();
  EXPECT_THAT(text, HasSubstr("starcoach_signature_rejections_total " + std::to_string(cases.size()) + "\n"));
  EXPECT_THAT(text, HasSubstr(R"(starcoach_http_requests_total{route="/slack/events",status="401"} )" +
                              std::to_string(cases.size())));
}

TEST_F(HttpServerTest, InsideTheWindowIsAccepted) {
  auto now = test::unix_now();
  EXPECT_EQ(h.post_signed("/slack/events", kEvent, now - 200)->status, 200);
  EXPECT_EQ(h.post_signed("/slack/events", kEvent, now + 200)->status, 200);
}

TEST_F(HttpServerTest, OversizedBodyIs413AndTheConnectionStaysUsable) {
  std::string big = R"({"type":"url_verification","padding":")" + std::string(300 * 1024, 'x') + "\"}";
  auto c = h.client();
  c.set_keep_alive(true);
  auto r = c.Post("/slack/events", test::slack_headers(kSecret, big), big, test::kJsonType);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  // Same keep-alive connection: the next request is read cleanly.
  auto r2 = c.Post("/slack/events", test::slack_headers(kSecret, kEvent), kEvent, test::kJsonType);
  ASSERT_TRUE(r2) << httplib::to_string(r2.error());
  EXPECT_EQ(r2->status, 200);
  EXPECT_EQ(h.seen().size(), 1u);
  // Exactly at the limit is fine.
  std::string edge(256 * 1024, 'y');
  EXPECT_EQ(h.post_signed("/slack/events", edge)->status, 200);
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  std::string big(300 * 1024, 'z');
  auto c = h.client();
  auto r = c.Post(
      "/slack/events", test::slack_headers(kSecret, big),
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset < big.size()) {
          sink.write(big.data() + offset, std::min<size_t>(16 * 1024, big.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      test::kJsonType);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(h.seen().empty());
}

TEST_F(HttpServerTest, WrongMethodOnSlackPathsIs405) {
  auto c = h.client();
  for (const char* path : {"/slack/events", "/slack/commands", "/slack/interactions"}) {
    auto g = c.Get(path);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->status, 405) << path;
    EXPECT_EQ(g->get_header_value("Allow"), "POST");
    EXPECT_EQ(c.Put(path, kEvent, test::kJsonType)->status, 405) << path;
    EXPECT_EQ(c.Delete(path)->status, 405) << path;
    EXPECT_EQ(c.Patch(path, kEvent, test::kJsonType)->status, 405) << path;
  }
  EXPECT_EQ(c.Post("/healthz", "", "text/plain")->status, 405);
}

TEST_F(HttpServerTest, UnknownPathsAre404) {
  auto c = h.client();
  EXPECT_EQ(c.Get("/nope")->status, 404);
  EXPECT_EQ(c.Get("/")->status, 404);
  EXPECT_EQ(h.post_signed("/nope", kEvent)->status, 404);
  EXPECT_EQ(h.post_signed("/slack/eventsx", kEvent)->status, 404);
  EXPECT_EQ(h.post_signed("/slack/events/", kEvent)->status, 404);
  EXPECT_TRUE(h.seen().empty());
  EXPECT_THAT(h.metrics.render(), HasSubstr(R"(route="other",status="404"} 5)"));
}

TEST_F(HttpServerTest, UnsignedSslCheckIs200EmptyAndNotHandled) {
  std::string body = "ssl_check=1&token=legacy-verification-token";
  auto r = h.client().Post("/slack/commands", body, test::kFormType);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "");
  EXPECT_TRUE(h.seen().empty());
  // ssl_check only as a field of its own: a form merely containing the text is verified.
  auto r2 = h.client().Post("/slack/commands", "text=ssl_check%3D1&command=%2Fpractice", test::kFormType);
  EXPECT_EQ(r2->status, 401);
}

TEST_F(HttpServerTest, EmptySignedBodyReachesTheHandler) {
  auto r = h.post_signed("/slack/events", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(h.seen().size(), 1u);
  EXPECT_EQ(h.seen()[0].body, "");
}

// Raw HTTP/1.1 over a socket, for requests httplib's client will not send.
std::string raw_exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return "";
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::send(fd, request.data(), request.size(), 0);
  char buf[4096];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ::close(fd);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

TEST_F(HttpServerTest, BodilessRequestsWithoutContentLengthAnswerAtOnce) {
  auto started = std::chrono::steady_clock::now();
  EXPECT_THAT(raw_exchange(h.port(), "PUT /slack/events HTTP/1.1\r\nHost: x\r\n\r\n"), HasSubstr(" 405 "));
  EXPECT_THAT(raw_exchange(h.port(), "POST /nope HTTP/1.1\r\nHost: x\r\n\r\n"), HasSubstr(" 404 "));
  EXPECT_THAT(raw_exchange(h.port(), "POST /slack/events HTTP/1.1\r\nHost: x\r\n\r\n"), HasSubstr(" 401 "));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST_F(HttpServerTest, HealthzFollowsTheHealthCheck) {
  auto r = h.client().Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/plain"));
  h.healthy = false;
  r = h.client().Get("/healthz");
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, "unavailable");
}

TEST_F(HttpServerTest, MetricsEndpointServesPrometheusText) {
  h.post_signed("/slack/events", kEvent);
  auto r = h.client().Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(r->body, HasSubstr(R"(starcoach_http_requests_total{route="/slack/events",status="200"} 1)"));
  EXPECT_THAT(r->body, HasSubstr("# TYPE starcoach_queue_depth gauge"));
  EXPECT_THAT(r->body, Not(HasSubstr(kSecret)));
}

TEST_F(HttpServerTest, HandlerExceptionIs500AndTheServerLivesOn) {
  h.throw_from_handler(true);
  auto r = h.post_signed("/slack/events", kEvent);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "internal error");
  EXPECT_THAT(all_logs(), HasSubstr("handler exploded"));
  h.throw_from_handler(false);
  EXPECT_EQ(h.post_signed("/slack/events", kEvent)->status, 200);
}

TEST_F(HttpServerTest, OneAccessLogLinePerRequestWithoutSecrets) {
  h.post_signed("/slack/events", kEvent);
  h.post_signed("/slack/events", kEvent, -1, "wrong");
  h.client().Get("/healthz");
  // The access line is written after the reply is sent: give the last one a moment.
  auto http_lines = [this] {
    std::lock_guard lock(log_mutex);
    int n = 0;
    for (auto& l : log_lines) n += l.find("msg=http ") != std::string::npos;
    return n;
  };
  for (int i = 0; i < 200 && http_lines() < 3; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(http_lines(), 3);
  auto logs = all_logs();
  EXPECT_THAT(logs, HasSubstr("msg=http method=POST route=/slack/events status=200"));
  EXPECT_THAT(logs, HasSubstr("team=T1 user=U1"));
  EXPECT_THAT(logs, HasSubstr("status=401"));
  EXPECT_THAT(logs, HasSubstr("route=/healthz status=200"));
  EXPECT_THAT(logs, Not(HasSubstr(kSecret)));
}

TEST_F(HttpServerTest, ManyConcurrentKeepAliveClients) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&] {
      auto c = h.client();
      c.set_keep_alive(true);
      for (int i = 0; i < 20; ++i) {
        auto r = c.Post("/slack/events", test::slack_headers(kSecret, kEvent), kEvent, test::kJsonType);
        if (r && r->status == 200) ++ok;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 16 * 20);
}

TEST(HttpServer, StopLetsInFlightRequestsFinish) {
  Harness h;
  ASSERT_TRUE(h.bound());
  h.delay_handler(300ms);
  int status = 0;
  std::thread client([&] {
    auto r = h.post_signed("/slack/events", kEvent);
    status = r ? r->status : -1;
  });
  std::this_thread::sleep_for(100ms);
  h.server().stop();
  client.join();
  EXPECT_EQ(status, 200);
}

TEST(HttpServer, StopBeforeServeDoesNotHang) {
  Metrics m;
  HttpServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.signing_secret = kSecret;
  HttpServer s(o, m, [](const SlackHttpRequest&) { return HttpReply{}; }, [] { return true; });
  std::string err;
  ASSERT_TRUE(s.bind(err)) << err;
  s.stop();
  std::thread t([&] { s.serve(); });
  t.join();  // returns at once
}

TEST(HttpServer, BindFailsClearlyWhenThePortIsTaken) {
  Harness first;
  ASSERT_TRUE(first.bound());
  Metrics m;
  HttpServerOptions o;
  o.host = "127.0.0.1";
  o.port = first.port();
  HttpServer second(o, m, [](const SlackHttpRequest&) { return HttpReply{}; }, [] { return true; });
  std::string err;
  EXPECT_FALSE(second.bind(err));
  EXPECT_THAT(err, HasSubstr("STARCOACH_PORT"));
}

// A self-signed pair made with the openssl CLI, once per test run.
struct TlsPair {
  std::string cert, key;
  bool ok = false;
};
const TlsPair& tls_pair() {
  static TlsPair p = [] {
    TlsPair t;
    auto dir = test::make_temp_dir("starcoach-tls");
    t.cert = dir + "/cert.pem";
    t.key = dir + "/key.pem";
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 2 -keyout " + t.key +
                      " -out " + t.cert + " >/dev/null 2>&1";
    t.ok = std::system(cmd.c_str()) == 0;
    return t;
  }();
  return p;
}

TEST(HttpServer, ServesHttpsWithACertificateAndKey) {
  const auto& pair = tls_pair();
  if (!pair.ok) GTEST_SKIP() << "openssl CLI not available";
  HttpServerOptions o;
  o.tls_cert = pair.cert;
  o.tls_key = pair.key;
  Harness h(o);
  ASSERT_TRUE(h.bound()) << h.bind_error;
  httplib::SSLClient c("127.0.0.1", h.port());
  c.enable_server_certificate_verification(false);
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  auto p = c.Post("/slack/events", test::slack_headers(kSecret, kEvent), kEvent, test::kJsonType);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 200);
  // Plain HTTP on the TLS port gets no answer.
  auto plain = h.client().Get("/healthz");
  EXPECT_FALSE(plain && plain->status == 200);
}

TEST(HttpServer, MismatchedOrBrokenTlsFilesFailToBind) {
  const auto& pair = tls_pair();
  if (!pair.ok) GTEST_SKIP() << "openssl CLI not available";
  auto dir = test::make_temp_dir("starcoach-badtls");
  std::ofstream(dir + "/garbage.pem") << "not a certificate";
  for (auto [cert, key] : {std::pair{pair.cert, dir + "/garbage.pem"}, std::pair{dir + "/garbage.pem", pair.key},
                           std::pair{pair.key, pair.cert}}) {
    Metrics m;
    HttpServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.tls_cert = cert;
    o.tls_key = key;
    HttpServer s(o, m, [](const SlackHttpRequest&) { return HttpReply{}; }, [] { return true; });
    std::string err;
    EXPECT_FALSE(s.bind(err)) << cert << " / " << key;
    EXPECT_THAT(err, HasSubstr("STARCOACH_TLS_CERT"));
  }
}

}  // namespace
}  // namespace starcoach::bot
