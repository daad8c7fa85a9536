// Process metrics in Prometheus text format. Lock-light: counters are atomics behind a map
// guarded by a mutex only when a new label set appears.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace starcoach::bot {

class Metrics {
 public:
  void count_request(const std::string& route, int status);
  void count_signature_rejection();
  void count_duplicate_event();
  void count_slack_call(const std::string& method, const std::string& outcome);  // ok | error | ratelimited | http_error | network_error
  void observe_scoring_seconds(double seconds);
  // Gauges read when rendering (queue depth = pending inbox + outbox rows).
  void set_queue_depth_source(std::function<double()> source);

  std::string render();  // text/plain; version=0.0.4

 private:
  std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, uint64_t> slack_calls_;
  std::atomic<uint64_t> signature_rejections_{0};
  std::atomic<uint64_t> duplicates_{0};
  std::vector<double> bucket_bounds_{0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05};
  std::vector<uint64_t> buckets_ = std::vector<uint64_t>(8, 0);
  uint64_t scoring_count_ = 0;
  double scoring_sum_ = 0;
  std::function<double()> queue_depth_;
};

}  // namespace starcoach::bot
