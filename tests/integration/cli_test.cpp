// The command line: exit codes and one-line errors, as an operator or cron sees them.
#include "answers.h"
#include "bot_fixture.h"

using namespace starcoach::test;

namespace {

CliResult run(const std::vector<std::string>& args, Env env = {}, const std::string& in = "") {
  RunOptions o;
  o.env = std::move(env);
  o.stdin_data = in;
  return run_cli(args, o);
}

Env serve_env(const std::string& dir) {
  return {{"SLACK_SIGNING_SECRET", kSecret}, {"SLACK_BOT_TOKEN", kToken},
          {"SLACK_API_URL", "http://127.0.0.1:9/api"}, {"STARCOACH_DB", dir + "/cli.db"},
          {"STARCOACH_HOST", "127.0.0.1"}, {"STARCOACH_PORT", std::to_string(free_port())}};
}

void expect_usage_error(const CliResult& r, const std::string& mention, const std::string& what) {
  EXPECT_EQ(r.exit_code, 2) << what << ": " << r.describe();
  ASSERT_EQ(r.err_lines().size(), 1u) << what << ": " << r.err;
  if (!mention.empty()) {
    EXPECT_NE(r.err.find(mention), std::string::npos) << what << ": " << r.err;
  }
  EXPECT_EQ(r.err.find(kSecret), std::string::npos);
  EXPECT_EQ(r.out.find(kSecret), std::string::npos);
}

}  // namespace

TEST(Cli, HelpAndVersion) {
  auto h = run({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* w : {"serve", "score", "questions", "post-daily"}) EXPECT_NE(h.out.find(w), std::string::npos);
  auto v = run({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("starcoach 0."), std::string::npos);
}

TEST(Cli, BadConfigurationIsOneLineNamingTheVariable) {
  const std::string dir = make_temp_dir();
  struct Case {
    const char* what;
    const char* var;
    const char* value;  // nullptr = unset
    const char* mention;
  } cases[] = {
      {"bad port", "STARCOACH_PORT", "abc", "STARCOACH_PORT"},
      {"bad time", "STARCOACH_POST_AT", "25:99", "STARCOACH_POST_AT"},
      {"unknown zone", "STARCOACH_TZ", "Mars/Olympus_Mons", "STARCOACH_TZ"},
      {"bad days", "STARCOACH_DAYS", "sometimes", "STARCOACH_DAYS"},
      {"cert without key", "STARCOACH_TLS_CERT", "/etc/hostname", "STARCOACH_TLS"},
      {"no signing secret", "SLACK_SIGNING_SECRET", nullptr, "SLACK_SIGNING_SECRET"},
      {"no token", "SLACK_BOT_TOKEN", nullptr, "SLACK_BOT_TOKEN"},
  };
  for (const auto& c : cases) {
    Env env = serve_env(dir);
    if (c.value) env[c.var] = c.value;
    else env.erase(c.var);
    expect_usage_error(run({"serve"}, env), c.mention, c.what);
  }
  Env tls = serve_env(dir);
  tls["STARCOACH_TLS_CERT"] = "/nonexistent/cert.pem";
  tls["STARCOACH_TLS_KEY"] = "/nonexistent/key.pem";
  expect_usage_error(run({"serve"}, tls), "STARCOACH_TLS", "unreadable cert");
}

TEST(Cli, BadUsage) {
  expect_usage_error(run({"frobnicate"}), "", "unknown subcommand");
  expect_usage_error(run({"score", "--no-such-flag"}, {}, "x"), "", "unknown option");
  expect_usage_error(run({"score"}, {}, ""), "", "empty stdin");
  expect_usage_error(run({"score", "--json"}, {}, "  \n\t \n"), "", "whitespace stdin");
  expect_usage_error(run({"score", "--question", "no-such-id"}, {}, good_answer()), "no-such-id", "unknown question");
  expect_usage_error(run({"score", "/nonexistent/answer.txt"}), "/nonexistent/answer.txt", "missing file");
  expect_usage_error(run({"score"}, {}, std::string(1024 * 1024 + 1, 'a')), "1 MiB", "oversized input");
}

TEST(Cli, ScoreJsonIsDeterministicAcrossStdinFileAndDash) {
  const std::string dir = make_temp_dir();
  const std::string path = dir + "/answer.txt";
  {
    std::ofstream f(path);
    f << good_answer();
  }
  auto a = run({"score", "--json"}, {}, good_answer());
  auto b = run({"score", "--json", path});
  auto c = run({"score", "--json", "-"}, {}, good_answer());
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out, c.out);
  const auto j = nlohmann::json::parse(a.out);
  for (const char* key : {"overall", "band", "words", "speaking_seconds", "question", "star", "dimensions",
                          "flags", "strengths", "suggestions"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["question"].is_null());
}

TEST(Cli, InvalidUtf8AndNulBytesAreRepairedAndScored) {
  std::string text = good_answer();
  text[40] = '\0';
  text += "\xC3\x28\xFF";
  auto r = run({"score", "--json"}, {}, text);
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(nlohmann::json::accept(r.out));
}

TEST(Cli, QuestionsListsTheFixedIds) {
  auto r = run({"questions", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto j = nlohmann::json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& q : j) ids.insert(q.value("id", ""));
  for (const char* id : {"pipeline-broke", "bad-data-downstream", "late-arriving-data", "dbt-migration",
                         "disagreed-definition", "reduced-cost", "upstream-schema-change", "missed-sla",
                         "undocumented-codebase", "realtime-vs-batch", "mentored-engineer", "post-mortem",
                         "pushed-back-leadership", "tight-deadline", "ai-tools", "cost-vs-velocity",
                         "velocity-over-cleanliness"})
    EXPECT_TRUE(ids.count(id)) << id;
  EXPECT_GE(ids.size(), 30u);
}
