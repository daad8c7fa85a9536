#include "bot/metrics.h"

#include <charconv>
#include <cmath>

namespace starcoach::bot {
namespace {

// Routes are a closed set: anything else is "other", so scanners probing random paths
// cannot grow the label space without bound.
std::string normalise_route(const std::string& route) {
  static const char* const kKnown[] = {"/slack/events", "/slack/commands", "/slack/interactions",
                                       "/healthz", "/metrics"};
  for (const char* k : kKnown)
    if (route == k) return route;
  return "other";
}

// Prometheus label value escaping: backslash, double quote and newline.
std::string escape_label(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

void Metrics::count_request(const std::string& route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{normalise_route(route), status}];
}

void Metrics::count_signature_rejection() { signature_rejections_.fetch_add(1, std::memory_order_relaxed); }

void Metrics::count_duplicate_event() { duplicates_.fetch_add(1, std::memory_order_relaxed); }

void Metrics::count_slack_call(const std::string& method, const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++slack_calls_[{method, outcome}];
}

void Metrics::observe_scoring_seconds(double seconds) {
  if (!(seconds >= 0)) return;  // also drops NaN
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < bucket_bounds_.size(); ++i)
    if (seconds <= bucket_bounds_[i]) ++buckets_[i];  // stored cumulatively
  ++scoring_count_;
  scoring_sum_ += seconds;
}

void Metrics::set_queue_depth_source(std::function<double()> source) {
  std::lock_guard lock(mutex_);
  queue_depth_ = std::move(source);
}

std::string Metrics::render() {
  std::function<double()> depth_source;
  std::string out;
  out.reserve(4096);
  {
    std::lock_guard lock(mutex_);
    header(out, "starcoach_http_requests_total", "counter", "HTTP requests by route and status.");
    for (const auto& [key, n] : requests_)
      out += "starcoach_http_requests_total{route=\"" + escape_label(key.first) + "\",status=\"" +
             std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";

    header(out, "starcoach_signature_rejections_total", "counter",
           "Requests refused because the Slack signature or timestamp was missing or wrong.");
    out += "starcoach_signature_rejections_total " + std::to_string(signature_rejections_.load()) + "\n";

    header(out, "starcoach_events_duplicate_total", "counter",
           "Slack events dropped as duplicates (retries or redeliveries).");
    out += "starcoach_events_duplicate_total " + std::to_string(duplicates_.load()) + "\n";

    header(out, "starcoach_slack_api_calls_total", "counter",
           "Slack Web API call attempts by method and outcome.");
    for (const auto& [key, n] : slack_calls_)
      out += "starcoach_slack_api_calls_total{method=\"" + escape_label(key.first) +
             "\",outcome=\"" + escape_label(key.second) + "\"} " + std::to_string(n) + "\n";

    header(out, "starcoach_scoring_seconds", "histogram", "Time spent scoring one answer.");
    for (size_t i = 0; i < bucket_bounds_.size(); ++i)
      out += "starcoach_scoring_seconds_bucket{le=\"" + number(bucket_bounds_[i]) + "\"} " +
             std::to_string(buckets_[i]) + "\n";
    out += "starcoach_scoring_seconds_bucket{le=\"+Inf\"} " + std::to_string(scoring_count_) + "\n";
    out += "starcoach_scoring_seconds_sum " + number(scoring_sum_) + "\n";
    out += "starcoach_scoring_seconds_count " + std::to_string(scoring_count_) + "\n";
    depth_source = queue_depth_;
  }
  // The source may query the database: call it outside the lock.
  double depth = 0;
  if (depth_source) {
    try {
      depth = depth_source();
    } catch (...) {
      depth = NAN;  // unknown is more honest than a stale or zero depth
    }
  }
  header(out, "starcoach_queue_depth", "gauge", "Pending inbox and outbox work items.");
  out += "starcoach_queue_depth " + number(depth) + "\n";
  return out;
}

}  // namespace starcoach::bot
