#include "bot/app.h"

#include <malloc.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "bot/background.h"
#include "bot/http_server.h"
#include "bot/log.h"
#include "bot/metrics.h"
#include "bot/slack_web_client.h"
#include "bot/worker_pool.h"
#include "handlers/daily.h"
#include "handlers/dispatch.h"
#include "storage/backup.h"

namespace starcoach::bot {
namespace {

int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

handlers::Schedule schedule_from(const Config& c) {
  handlers::Schedule s;
  s.channel = c.channel;
  s.hour = c.post_hour;
  s.minute = c.post_minute;
  s.tz = c.tz;
  s.weekdays_only = c.weekdays_only;
  return s;
}

// Opening the database is part of start-up configuration: a bad path is exit 2.
std::unique_ptr<storage::Store> open_store(const Config& config) {
  try {
    return std::make_unique<storage::Store>(config.db_path);
  } catch (const std::exception& e) {
    throw ConfigError("STARCOACH_DB: cannot open the database at " + config.db_path + " (" +
                      e.what() + "); point STARCOACH_DB at a writable file path");
  }
}

// The bot's own user id, so it never scores or counts its own posts and reactions.
class BotIdentity {
 public:
  std::string user_id() {
    std::lock_guard lock(mutex_);
    return user_id_;
  }
  void set(std::string id) {
    std::lock_guard lock(mutex_);
    user_id_ = std::move(id);
  }

 private:
  std::mutex mutex_;
  std::string user_id_;
};

void learn_identity(handlers::AppContext& ctx, BotIdentity& identity) {
  const auto r = ctx.api.call("auth.test", nlohmann::json::object());
  if (!r.ok) {
    log::warn("auth.test failed; check SLACK_BOT_TOKEN", {{"error", r.error}});
    return;
  }
  const std::string user = r.body.value("user_id", "");
  const std::string team = r.body.value("team_id", "");
  identity.set(user);
  try {
    if (!user.empty()) ctx.store.set_setting("bot_user_id", user);
    if (!team.empty() && !ctx.store.setting("team_id")) ctx.store.set_setting("team_id", team);
  } catch (const storage::StorageError&) {
  }
  log::info("connected to Slack", {{"bot_user", user}, {"team", team}});
}

void describe_post(const handlers::PostResult& r) {
  using handlers::PostOutcome;
  switch (r.outcome) {
    case PostOutcome::Posted:
      log::info("daily question posted", {{"channel", r.channel}, {"date", r.local_date},
                                          {"question", r.question_id}, {"ts", r.ts}});
      break;
    case PostOutcome::Failed:
      log::error("daily question not posted", {{"channel", r.channel}, {"error", r.error}});
      break;
    default:
      break;
  }
}

}  // namespace

int run_serve(const Config& config) {
  // glibc gives each busy thread its own malloc arena; with a 64-thread request pool that lets
  // resident memory creep up for a long time after warm-up. Two arenas keep it flat. The
  // alternatives were measured with scripts/soak.py (200 requests/s, still with httplib's
  // rotating thread pool): jemalloc and mimalloc spend less CPU on locks, but started 5-7 MB
  // higher and grew 0.6-1.2 MB a minute; jemalloc also cannot start under libfaketime.
  mallopt(M_ARENA_MAX, 2);
  // Block the signals before any thread exists, so every thread inherits the mask and only
  // the sigwait below takes them (a SIGTERM during start-up must not kill the process).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  log::add_secret(config.signing_secret);
  log::add_secret(config.bot_token);
  auto store = open_store(config);
  Metrics metrics;
  SlackWebClient api(config.api_url, config.bot_token, {}, &metrics);
  WorkerPool deferred(4, 1000);
  BotIdentity identity;
  if (auto cached = store->setting("bot_user_id")) identity.set(*cached);

  handlers::AppContext ctx(*store, api);
  ctx.defaults = schedule_from(config);
  ctx.admins = config.admins;
  ctx.now = unix_now;
  ctx.defer = [&deferred](std::function<void()> task) {
    if (!deferred.submit(std::move(task))) log::warn("deferred work dropped: queue full");
  };
  ctx.bot_user_id = [&identity] { return identity.user_id(); };
  ctx.observe_scoring = [&metrics](double s) { metrics.observe_scoring_seconds(s); };
  ctx.count_duplicate = [&metrics] { metrics.count_duplicate_event(); };
  metrics.set_queue_depth_source([&store] {
    // A scrape must not hang on a locked database: after a second the gauge reads NaN
    // (Metrics turns the StorageError into "unknown").
    storage::WaitLimit limit(std::chrono::milliseconds(1000));
    return static_cast<double>(store->inbox_pending_count() + store->outbox_pending_count());
  });

  // The outbox reschedules failed calls itself (honouring Retry-After), so its client tries
  // once: retrying inline would hold every other queued reply behind one failing call.
  WebClientOptions single_attempt;
  single_attempt.max_attempts = 1;
  SlackWebClient outbox_api(config.api_url, config.bot_token, single_attempt, &metrics);
  handlers::AppContext outbox_ctx(*store, outbox_api);
  outbox_ctx.now = unix_now;

  std::atomic<bool> stopping{false};
  Loop outbox("outbox", std::chrono::milliseconds(500), [&] { drain_outbox(outbox_ctx, stopping); });
  Loop inbox("inbox", std::chrono::milliseconds(1000), [&] { drain_inbox(ctx, stopping); });
  int64_t retry_post_after = 0;
  Loop scheduler("scheduler", std::chrono::milliseconds(2000), [&] {
    if (unix_now() < retry_post_after) return;
    const auto r = handlers::post_daily(ctx, /*force=*/false);
    describe_post(r);
    // A refused post (not_in_channel...) is retried every five minutes, not every tick.
    if (r.outcome == handlers::PostOutcome::Failed) retry_post_after = unix_now() + 300;
  });
  ctx.outbox_wakeup = [&outbox] { outbox.wake(); };
  ctx.inbox_wakeup = [&inbox] { inbox.wake(); };

  HttpServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.tls_cert = config.tls_cert;
  options.tls_key = config.tls_key;
  options.signing_secret = config.signing_secret;
  HttpServer server(
      options, metrics,
      [&ctx](const SlackHttpRequest& req) {
        HttpReply reply;
        try {
          const auto r = handlers::dispatch_slack_request(ctx, req.body, req.retry_num);
          reply.status = r.status;
          reply.content_type = r.content_type;
          reply.body = r.body;
          reply.log_team = r.team;
          reply.log_user = r.user;
        } catch (const storage::StorageError& e) {
          // Not acknowledged: Slack retries, and nothing is lost.
          log::error("storage unavailable", {{"error", e.what()}});
          reply.status = 503;
          reply.content_type = "text/plain; charset=utf-8";
          reply.body = "storage unavailable\n";
        }
        return reply;
      },
      [&store] { return store->healthy(); });

  std::string error;
  if (!server.bind(error)) {
    std::cerr << "starcoach: cannot listen on " << config.host << ":" << config.port << ": "
              << error << "\n";
    return 1;
  }
  log::info("listening", {{"host", config.host}, {"port", server.port()},
                          {"scheme", config.tls() ? "https" : "http"}});
  if (!config.tls())
    log::info("serving plain HTTP: put a TLS-terminating proxy in front, or set STARCOACH_TLS_CERT and STARCOACH_TLS_KEY");

  std::thread http([&server] { server.serve(); });
  inbox.start();
  outbox.start();
  scheduler.start();  // catches up on a post missed earlier today right away
  deferred.submit([&ctx, &identity] { learn_identity(ctx, identity); });

  // Signals are taken here, so shutdown and reloads run in ordinary code.
  int sig = 0;
  for (;;) {
    sigwait(&signals, &sig);
    if (sig != SIGHUP) break;
    std::string reload_error;
    if (!config.tls()) log::info("SIGHUP: nothing to reload (plain HTTP)");
    else if (server.reload_tls(reload_error)) log::info("SIGHUP: TLS certificate and key reloaded");
    else log::error("SIGHUP: TLS reload failed", {{"error", reload_error}});
  }
  log::info("shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.stop();  // stop accepting; in-flight requests finish
  http.join();
  stopping = true;
  scheduler.stop();
  deferred.shutdown();  // deferred replies already promised are still sent
  inbox.stop();
  outbox.stop();
  log::info("stopped");
  return 0;
}

int run_post_daily(const Config& config, bool force) {
  log::add_secret(config.bot_token);
  auto store = open_store(config);
  SlackWebClient api(config.api_url, config.bot_token);
  handlers::AppContext ctx(*store, api);
  ctx.defaults = schedule_from(config);
  ctx.admins = config.admins;
  ctx.now = unix_now;
  const auto r = handlers::post_daily(ctx, force);
  using handlers::PostOutcome;
  switch (r.outcome) {
    case PostOutcome::Posted:
      std::cout << "Posted today's question (" << r.question_id << ") to " << r.channel
                << " for " << r.local_date << ".\n";
      return 0;
    case PostOutcome::AlreadyPosted:
      std::cout << "Already posted: today's question (" << r.local_date << ") is out in "
                << r.channel << "; nothing to do.\n";
      return 0;
    case PostOutcome::NotDue:
      std::cout << "Not due: today's question (" << r.local_date
                << ") is not scheduled yet, or today is not a posting day; nothing posted.\n";
      return 0;
    case PostOutcome::Paused:
      std::cout << "Paused from Slack (/practice resume to restart); nothing posted.\n";
      return 0;
    case PostOutcome::NoChannel:
      std::cerr << "starcoach: no channel for the daily question: set STARCOACH_CHANNEL or run "
                   "/practice channel here in Slack\n";
      return 2;
    case PostOutcome::Failed:
      std::cerr << "starcoach: Slack refused the daily question: " << r.error << "\n";
      return 1;
  }
  return 1;
}

}  // namespace starcoach::bot

namespace starcoach::bot {

int run_backup(const Config& config, const std::string& path) {
  auto store = open_store(config);
  try {
    storage::backup_database(*store, path);
  } catch (const storage::StorageError& e) {
    std::cerr << "starcoach: " << e.what() << "\n";
    return 1;
  }
  std::cout << "Backed up " << config.db_path << " to " << path << ".\n";
  return 0;
}

}  // namespace starcoach::bot
