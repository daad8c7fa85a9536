// HTTPS with a certificate and key: a real TLS handshake with a self-signed pair.
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
