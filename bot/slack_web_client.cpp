#include "bot/slack_web_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <thread>

#include "bot/log.h"
#include "bot/metrics.h"

namespace starcoach::bot {
namespace {

using handlers::ApiResult;
using Clock = std::chrono::steady_clock;

bool valid_method_name(const std::string& m) {
  if (m.empty() || m.size() > 64) return false;
  return std::all_of(m.begin(), m.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
  });
}

// A transport failure in words a log reader (and ApiResult::error) can act on.
std::string transport_error(httplib::Error e, Clock::duration elapsed, std::chrono::milliseconds timeout) {
  switch (e) {
    case httplib::Error::Connection: return "connection_refused";
    case httplib::Error::ConnectionTimeout: return "timeout";
    // httplib reports a read timeout as Read; a read that ended early is a closed connection.
    case httplib::Error::Read: return elapsed >= timeout * 9 / 10 ? "timeout" : "connection_closed";
    case httplib::Error::Write: return "connection_closed";
    case httplib::Error::SSLConnection: return "tls_handshake_failed";
    case httplib::Error::SSLServerVerification: return "tls_certificate_invalid";
    case httplib::Error::SSLLoadingCerts: return "tls_ca_bundle_unreadable";
    default: return "network_error";
  }
}

std::chrono::milliseconds full_jitter(std::chrono::milliseconds cap) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  if (cap.count() <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<long long> dist(0, cap.count());
  return std::chrono::milliseconds(dist(rng));
}

std::optional<int> parse_retry_after(const std::string& v) {
  if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoi(v);
}

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kForm = "application/x-www-form-urlencoded";

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

bool method_wants_form(const std::string& method) {
  static constexpr std::string_view kReadFamilies[] = {"users.", "conversations.", "auth.", "team.", "bots."};
  for (auto f : kReadFamilies)
    if (method.rfind(f, 0) == 0) return true;
  return false;
}

std::string form_encode(const nlohmann::json& args) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto encode = [](std::string& out, const std::string& s) {
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
  };
  std::string out;
  if (!args.is_object()) return out;
  for (const auto& [key, value] : args.items()) {
    if (value.is_null()) continue;
    if (!out.empty()) out += '&';
    encode(out, key);
    out += '=';
    encode(out, value.is_string() ? value.get<std::string>() : dump(value));
  }
  return out;
}

std::optional<ParsedUrl> parse_url(std::string_view url) {
  ParsedUrl out;
  if (url.rfind("https://", 0) == 0) {
    out.https = true;
    url.remove_prefix(8);
  } else if (url.rfind("http://", 0) == 0) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view port_text;
  if (authority.front() == '[') {  // [v6]:port
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port_text = rest.substr(1);
    }
  } else {
    size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return std::nullopt;
  out.port = out.https ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    out.port = std::stoi(std::string(port_text));
    if (out.port < 1 || out.port > 65535) return std::nullopt;
  }
  for (char c : path)
    if (static_cast<unsigned char>(c) <= ' ') return std::nullopt;
  out.path = std::string(path);
  return out;
}

SlackWebClient::SlackWebClient(std::string base_url, std::string token, WebClientOptions options,
                               Metrics* metrics)
    : base_url_(std::move(base_url)), token_(std::move(token)), options_(std::move(options)), metrics_(metrics) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  if (!options_.sleep) options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  log::add_secret(token_);
}

ApiResult SlackWebClient::call(const std::string& method, const nlohmann::json& args) {
  if (!valid_method_name(method)) {
    ApiResult r;
    r.error = "invalid_method";
    return r;
  }
  if (method_wants_form(method)) return with_retries(method, base_url_ + "/" + method, form_encode(args), true, kForm);
  return with_retries(method, base_url_ + "/" + method, dump(args), true, kJson);
}

ApiResult SlackWebClient::respond(const std::string& response_url, const nlohmann::json& message) {
  return with_retries("response_url", response_url, dump(message), false, kJson);
}

ApiResult SlackWebClient::post_once(const std::string& url, const std::string& body, bool with_token,
                                    const std::string& content_type) {
  ApiResult r;
  auto parsed = parse_url(url);
  if (!parsed) {
    r.error = "invalid_url";
    return r;
  }
  // A fresh client per attempt: httplib clients are not safe to share across threads, and a
  // new connection never replays a POST on a half-closed keep-alive socket.
  std::unique_ptr<httplib::ClientImpl> cli;
  if (parsed->https) {
    auto ssl = std::make_unique<httplib::SSLClient>(parsed->host, parsed->port);
    ssl->set_ca_cert_path(kSystemCaBundle);
    ssl->enable_server_certificate_verification(true);
    cli = std::move(ssl);
  } else {
    cli = std::make_unique<httplib::ClientImpl>(parsed->host, parsed->port);
  }
  auto t = options_.timeout;
  cli->set_connection_timeout(t);
  cli->set_read_timeout(t);
  cli->set_write_timeout(t);
  cli->set_keep_alive(false);
  cli->set_tcp_nodelay(true);  // headers and body go out as two writes: avoid a Nagle stall
  cli->set_follow_location(false);

  httplib::Headers headers{{"User-Agent", "starcoach/" STARCOACH_VERSION}, {"Accept", "application/json"}};
  if (with_token) headers.emplace("Authorization", "Bearer " + token_);

  auto started = Clock::now();
  auto res = cli->Post(parsed->path.empty() ? "/" : parsed->path, headers, body, content_type);
  if (!res) {
    r.error = transport_error(res.error(), Clock::now() - started, t);
    r.retryable = true;
    return r;
  }
  r.http_status = res->status;
  if (!res->body.empty()) {
    r.body = nlohmann::json::parse(res->body, nullptr, false);
    if (r.body.is_discarded()) r.body = nullptr;
  }
  if (res->status == 429) {
    r.error = "ratelimited";
    r.retryable = true;
    r.retry_after = parse_retry_after(res->get_header_value("Retry-After")).value_or(1);
    return r;
  }
  if (res->status >= 500) {
    r.error = "http_" + std::to_string(res->status);
    r.retryable = true;
    return r;
  }
  if (res->status != 200) {
    r.error = "http_" + std::to_string(res->status);
    return r;
  }
  if (r.body.is_object() && r.body.contains("ok")) {
    r.ok = r.body["ok"].is_boolean() && r.body["ok"].get<bool>();
    if (!r.ok) {
      auto e = r.body.value("error", std::string());
      r.error = e.empty() ? "unknown_error" : e;
    }
    return r;
  }
  // response_url answers a plain "ok"; a Web API method must answer JSON.
  r.ok = !with_token;
  if (!r.ok) r.error = "invalid_response";
  return r;
}

ApiResult SlackWebClient::with_retries(const std::string& label, const std::string& url,
                                       const std::string& body, bool with_token,
                                       const std::string& content_type) {
  ApiResult r;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    r = post_once(url, body, with_token, content_type);
    std::string outcome = r.ok ? "ok"
                          : r.http_status == 429 ? "ratelimited"
                          : r.http_status == 0 ? "network_error"
                          : r.http_status == 200 ? "error"
                                                 : "http_error";
    if (metrics_) metrics_->count_slack_call(label, outcome);
    if (r.ok) return r;
    if (!r.retryable) {
      log::warn("slack call failed", {{"method", label}, {"error", r.error}, {"status", r.http_status}});
      return r;
    }
    if (r.retry_after && *r.retry_after > options_.max_retry_after_seconds) {
      log::warn("slack call rate limited beyond the wait limit; giving up",
                {{"method", label}, {"retry_after", *r.retry_after}});
      return r;
    }
    if (attempt == options_.max_attempts) break;
    std::chrono::milliseconds wait =
        r.retry_after ? std::chrono::milliseconds(*r.retry_after * 1000LL)
                      : full_jitter(std::min(options_.max_backoff,
                                             options_.base_backoff * (std::chrono::milliseconds::rep{1} << std::min(attempt - 1, 20))));
    log::info("slack call will be retried", {{"method", label}, {"error", r.error}, {"attempt", attempt},
                                             {"wait_ms", static_cast<long long>(wait.count())}});
    options_.sleep(wait);
  }
  log::warn("slack call failed after retries",
            {{"method", label}, {"error", r.error}, {"status", r.http_status}, {"attempts", options_.max_attempts}});
  return r;
}

}  // namespace starcoach::bot
