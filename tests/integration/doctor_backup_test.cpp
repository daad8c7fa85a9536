// `starcoach doctor` and `starcoach backup` as an operator runs them.
#include "answers.h"
#include "bot_fixture.h"

using namespace starcoach::test;

class Operate : public BotTest {};

TEST_F(Operate, DoctorPassesWhenEverythingIsInPlace) {
  slack.set_reply("conversations.info", {{"channel", {{"id", kChannel}, {"name", "practice"}, {"is_member", true}}}});
  auto r = cli({"doctor"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("All checks passed"), std::string::npos);
}

TEST_F(Operate, DoctorReportsMissingChannelMembershipInOneLine) {
  slack.set_reply("conversations.info", {{"channel", {{"id", kChannel}, {"name", "practice"}, {"is_member", false}}}});
  auto r = cli({"doctor"});
  EXPECT_EQ(r.exit_code, 1);
  size_t fix_lines = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("FIX", 0) != 0) continue;
    ++fix_lines;
    EXPECT_NE(line.find("not a member"), std::string::npos) << line;
    EXPECT_NE(line.find("/invite @starcoach"), std::string::npos) << line;
  }
  EXPECT_EQ(fix_lines, 1u) << r.out;
  EXPECT_EQ(r.out.find(kToken), std::string::npos);
}

TEST_F(Operate, DoctorNamesARejectedToken) {
  slack.slack_error("auth.test", "invalid_auth");
  auto r = cli({"doctor"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("invalid_auth"), std::string::npos);
  EXPECT_NE(r.out.find("SLACK_BOT_TOKEN"), std::string::npos);
}

TEST_F(Operate, BackupWhileServingIsConsistent) {
  const std::string thread = post_question();
  start();
  event(answer_event(thread, "UBACKUP", good_answer()), "EvBackup1");
  ASSERT_TRUE(eventually([&] { return slack.count("chat.postEphemeral") >= 1; }));
  const std::string copy = server->dir() + "/copy.db";
  auto r = cli({"backup", copy});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  Env env = server->env();
  env["STARCOACH_DB"] = copy;
  RunOptions o;
  o.env = env;
  // the copy is a working database: today's question is already recorded in it
  auto again = run_cli({"post-daily", "--force"}, o);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("Already posted"), std::string::npos) << again.out;
  auto check = std::system(("sqlite3 " + copy + " 'PRAGMA integrity_check' | grep -qx ok").c_str());
  EXPECT_EQ(check, 0);
}
