// HTTPS with a certificate and key: a real TLS handshake with a self-signed pair.
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "bot_fixture.h"

using namespace starcoach::test;

TEST(Tls, ServesHttpsWithTheConfiguredPair) {
  const std::string dir = make_temp_dir("starcoach-tls");
  const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                          " -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl could not make a certificate";
  FakeSlack slack;
  Env env = base_env(slack);
  env["STARCOACH_TLS_CERT"] = cert;
  env["STARCOACH_TLS_KEY"] = key;
  ServerProcess server(env);
  ASSERT_TRUE(server.start()) << server.log();
  auto client = server.client();
  auto h = client->Get("/healthz");
  ASSERT_TRUE(h) << "TLS handshake failed";
  EXPECT_EQ(h->status, 200);
  const std::string body = R"({"type":"url_verification","challenge":"tls-ok"})";
  auto r = client->Post("/slack/events", slack_headers(kSecret, body), body, kJsonType);
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("tls-ok"), std::string::npos);
  httplib::Client plain("127.0.0.1", server.port());
  plain.set_connection_timeout(2);
  plain.set_read_timeout(2);
  auto p = plain.Get("/healthz");
  EXPECT_TRUE(!p || p->status != 200) << "the TLS port must not answer plain HTTP";
}

namespace {

std::string make_pair(const std::string& dir, const std::string& name, const std::string& cn) {
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + dir + "/" + name +
                          ".key -out " + dir + "/" + name + ".pem -days 2 -subj /CN=" + cn +
                          " -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0 ? dir + "/" + name : "";
}

std::string presented_subject(int port) {
  const std::string cmd = "openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                          " </dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  return out;
}

}  // namespace

TEST(Tls, SighupReloadsARenewedCertificateWithoutDroppingConnections) {
  const std::string dir = make_temp_dir("starcoach-tls-reload");
  const std::string old_pair = make_pair(dir, "old", "before-renewal");
  const std::string new_pair = make_pair(dir, "new", "after-renewal");
  ASSERT_FALSE(old_pair.empty());
  ASSERT_FALSE(new_pair.empty());
  ASSERT_EQ(std::system(("cp " + old_pair + ".pem " + dir + "/live.pem && cp " + old_pair + ".key " + dir + "/live.key").c_str()), 0);
  FakeSlack slack;
  Env env = base_env(slack);
  env["STARCOACH_TLS_CERT"] = dir + "/live.pem";
  env["STARCOACH_TLS_KEY"] = dir + "/live.key";
  ServerProcess server(env);
  ASSERT_TRUE(server.start()) << server.log();
  EXPECT_NE(presented_subject(server.port()).find("before-renewal"), std::string::npos);
  auto kept = server.client();  // a keep-alive connection opened before the renewal
  ASSERT_TRUE(kept->Get("/healthz"));

  // a broken renewal (key of another pair) is refused and the old pair stays
  ASSERT_EQ(std::system(("cp " + new_pair + ".pem " + dir + "/live.pem").c_str()), 0);
  ::kill(server.pid(), SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_NE(presented_subject(server.port()).find("before-renewal"), std::string::npos);
  EXPECT_NE(server.log().find("TLS reload failed"), std::string::npos);

  ASSERT_EQ(std::system(("cp " + new_pair + ".key " + dir + "/live.key").c_str()), 0);
  ::kill(server.pid(), SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_NE(presented_subject(server.port()).find("after-renewal"), std::string::npos);
  auto again = kept->Get("/healthz");
  ASSERT_TRUE(again) << "the open connection survived the reload";
  EXPECT_EQ(again->status, 200);
  EXPECT_TRUE(server.running());
}
