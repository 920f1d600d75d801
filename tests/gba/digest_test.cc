// HTTP Digest (RFC 2617) and Digest AKA (RFC 3310): the RFC 2617 §3.5 vector, strict header
// parsing, and the Ub exchange including re-synchronisation.
#include "nodes/proto/gba/digest.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "nodes/proto/gba/digest_aka.h"

namespace imssim::gba {
namespace {

nlohmann::json rfc2617() {
  std::ifstream in(IMSSIM_VECTORS_DIR "/digest_vectors.json");
  return nlohmann::json::parse(in)["rfc2617_section_3_5"];
}

TEST(Digest, Rfc2617Section35Vector) {
  const auto v = rfc2617();
  const std::string user = v["username"], realm = v["realm"], password = v["password"];
  const std::string method = v["method"], uri = v["uri"];
  EXPECT_EQ(md5_hex(as_bytes(user + ":" + realm + ":" + password)), v["HA1"]);
  EXPECT_EQ(md5_hex(as_bytes(method + ":" + uri)), v["HA2"]);
  DigestCredentials c;
  c.username = user;
  c.realm = realm;
  c.nonce = v["nonce"];
  c.uri = uri;
  c.qop = v["qop"];
  c.nc = v["nc"];
  c.cnonce = v["cnonce"];
  c.opaque = v["opaque"];
  auto response = digest_response(c, method, as_bytes(password), {});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(*response, v["response"]);
  // The same through the header text, as a server receives it.
  c.response = *response;
  auto parsed = parse_credentials(format_credentials(c));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(verify_digest_response(*parsed, method, as_bytes(password), {}).ok());
  EXPECT_FALSE(verify_digest_response(*parsed, method, as_bytes("Circle of Life"), {}).ok());
  EXPECT_FALSE(verify_digest_response(*parsed, "POST", as_bytes(password), {}).ok());
}

// The header exactly as RFC 2617 §3.5 prints it (folded lines joined by the HTTP parser).
TEST(Digest, ParsesTheRfc2617AuthorizationText) {
  auto c = parse_credentials(
      "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, "
      "nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->username, "Mufasa");
  EXPECT_EQ(c->nc, "00000001");
  EXPECT_TRUE(verify_digest_response(*c, "GET", as_bytes("Circle Of Life"), {}).ok());
  auto ch = parse_challenge(
      "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(ch.ok()) << ch.error().message;
  EXPECT_EQ(ch->qop_options, (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_EQ(ch->opaque, "5ccc069c403ebaf9f0171e9517f40e41");
}

TEST(Digest, ChallengeRoundTripWithEscapesAndExtensions) {
  DigestChallenge c;
  c.realm = "bsf.ims.example.com";
  c.nonce = "abc+/=";
  c.opaque = "quote\"and\\backslash";
  c.algorithm = "AKAv1-MD5";
  c.qop_options = {"auth-int"};
  c.stale = true;
  c.extensions = {{"x-ext", "v"}};
  const std::string text = format_challenge(c);
  EXPECT_EQ(text,
            "Digest realm=\"bsf.ims.example.com\", nonce=\"abc+/=\", "
            "opaque=\"quote\\\"and\\\\backslash\", stale=true, algorithm=AKAv1-MD5, "
            "qop=\"auth-int\", x-ext=\"v\"");
  auto p = parse_challenge(text);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->opaque, c.opaque);
  EXPECT_TRUE(p->stale);
  EXPECT_EQ(p->algorithm, "AKAv1-MD5");
  ASSERT_EQ(p->extensions.size(), 1u);
  EXPECT_EQ(p->extensions[0].name, "x-ext");
  // Case-insensitive scheme and names, whitespace around '=' and ',' (BWS/OWS).
  auto q = parse_challenge("DIGEST  REALM = \"r\" ,NONCE=n");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->realm, "r");
  EXPECT_EQ(q->nonce, "n");
}

TEST(Digest, MalformedHeadersGiveClearErrors) {
  const std::pair<const char*, const char*> challenges[] = {
      {"", "column 1: expected the auth-scheme token"},
      {"Basic realm=\"x\"", "auth-scheme \"Basic\" is not Digest"},
      {"Digest,realm=\"x\"", "expected a space after the auth-scheme"},
      {"Digest realm=\"x\", nonce", "expected '=' after parameter name \"nonce\""},
      {"Digest realm=\"x\" nonce=\"y\"", "expected ',' or the end after parameter \"realm\""},
      {"Digest realm=\"x, nonce=\"y\"", "expected ',' or the end after parameter \"realm\""},
      {"Digest realm=\"x\", nonce=\"y", "unterminated quoted string for \"nonce\""},
      {"Digest realm=\"x\", nonce=\"y\",", "trailing ','"},
      {"Digest realm=\"x\", realm=\"y\", nonce=\"n\"", "parameter \"realm\" appears twice"},
      {"Digest realm=\"x\", REALM=\"y\", nonce=\"n\"", "parameter \"REALM\" appears twice"},
      {"Digest nonce=\"n\"", "required parameter \"realm\" is missing"},
      {"Digest realm=\"r\"", "required parameter \"nonce\" is missing"},
      {"Digest realm=, nonce=\"n\"", "parameter \"realm\" has no value"},
      {"Digest realm=\"a\x01\", nonce=\"n\"", "control character 0x01"},
      {"Digest realm=\"r\", nonce=\"n\", stale=maybe", "is neither true nor false"},
      {"Digest realm=\"r\", nonce=\"n\", qop=\"auth,,auth-int\"", "not a comma-separated list"},
  };
  for (auto [text, why] : challenges) {
    auto r = parse_challenge(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().message.find(why), std::string::npos)
        << text << " -> " << r.error().message;
    EXPECT_EQ(r.error().message.rfind("WWW-Authenticate", 0), 0u) << r.error().message;
  }
  const std::string base = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\"";
  const std::pair<std::string, const char*> credentials[] = {
      {"Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\"", "\"response\" is missing"},
      {base + ", response=\"abc\"", "is not 32 lower-case hex digits"},
      {base + ", response=\"6629FAE49393A05397450978507C4EF1\"", "is not 32 lower-case hex"},
      {base + ", response=\"\", qop=auth", "\"cnonce\" is missing (it is required when qop"},
      {base + ", response=\"\", qop=auth, cnonce=\"c\"", "\"nc\" is missing"},
      {base + ", response=\"\", nc=00000001", "not allowed without qop"},
      {base + ", response=\"\", qop=auth-conf, cnonce=\"c\", nc=00000001",
       "neither auth nor auth-int"},
      {base + ", response=\"\", qop=auth, cnonce=\"c\", nc=1", "is not 8 lower-case hex digits"},
      {base + ", response=\"\", auts=\"!!!!\"", "auts\" (column"},
      {base + ", response=\"\", auts=\"AAAA\"", "decodes to 3 octets, AUTS has 14"},
      {base + ", response=\"\", algorithm=\"\"", "empty algorithm"},
  };
  for (const auto& [text, why] : credentials) {
    auto r = parse_credentials(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().message.find(why), std::string::npos)
        << text << " -> " << r.error().message;
  }
  EXPECT_FALSE(parse_auth_info("").ok());
  EXPECT_NE(parse_auth_info("rspauth=\"xyz\"").error().message.find("rspauth"), std::string::npos);
}

TEST(DigestAka, NonceCarriesRandAutnAndServerData) {
  Block rand{};
  Autn autn{};
  for (std::size_t i = 0; i < 16; ++i) rand[i] = std::uint8_t(i), autn[i] = std::uint8_t(0xF0 + i);
  const std::string nonce = make_aka_nonce(rand, autn, as_bytes("srv"));
  auto n = parse_aka_nonce(nonce);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->rand, rand);
  EXPECT_EQ(n->autn, autn);
  EXPECT_EQ(as_chars(n->server_data), "srv");
  EXPECT_NE(parse_aka_nonce(to_base64(Bytes(31))).error().message.find("at least 32"),
            std::string::npos);
  EXPECT_FALSE(parse_aka_nonce("not base64!").ok());
}

// One Ub bootstrapping as TS 24.109 Annex A shows it: challenge, response with RES as the
// password over the request (auth-int), verification at the BSF, and rspauth back.
TEST(DigestAka, UbExchangeWithResAsPassword) {
  const Bytes res = *from_hex("a54211d5e3ba50bf");  // Milenage set 1 RES
  Block rand{};
  Autn autn{};
  rand.fill(0x23);
  autn.fill(0x55);
  DigestChallenge ch;
  ch.realm = "bsf.ims.example.com";
  ch.nonce = make_aka_nonce(rand, autn);
  ch.algorithm = std::string(kAlgorithmAkaV1Md5);
  ch.qop_options = {std::string(kQopAuthInt)};
  ch.opaque = "5ccc069c403ebaf9f0171e9517f40e41";
  auto received = parse_challenge(format_challenge(ch));
  ASSERT_TRUE(received.ok()) << received.error().message;

  DigestCredentials c;
  c.username = "user@ims.example.com";
  c.realm = received->realm;
  c.nonce = received->nonce;
  c.uri = "/";
  c.algorithm = received->algorithm;
  c.qop = std::string(kQopAuthInt);
  c.nc = "00000001";
  c.cnonce = "6629fae4";
  c.opaque = received->opaque;
  c.response = *digest_response(c, "GET", res, {});
  auto at_bsf = parse_credentials(format_credentials(c));
  ASSERT_TRUE(at_bsf.ok()) << at_bsf.error().message;
  EXPECT_TRUE(verify_digest_response(*at_bsf, "GET", res, {}).ok());
  // Wrong RES, another body (auth-int covers it), another uri: all rejected.
  EXPECT_FALSE(verify_digest_response(*at_bsf, "GET", *from_hex("a54211d5e3ba50be"), {}).ok());
  EXPECT_FALSE(verify_digest_response(*at_bsf, "GET", res, as_bytes("x")).ok());
  DigestCredentials moved = *at_bsf;
  moved.uri = "/other";
  auto r = verify_digest_response(moved, "GET", res, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("user \"user@ims.example.com\" does not match"),
            std::string::npos);
  // Authentication-Info: rspauth over the 200 OK body.
  const std::string body = "<BootstrappingInfo/>";
  DigestAuthInfo info;
  info.qop = c.qop;
  info.rspauth = *digest_rspauth(*at_bsf, res, as_bytes(body));
  info.cnonce = c.cnonce;
  info.nc = c.nc;
  auto ai = parse_auth_info(format_auth_info(info));
  ASSERT_TRUE(ai.ok()) << ai.error().message;
  EXPECT_EQ(ai->rspauth, *digest_rspauth(c, res, as_bytes(body)));
  EXPECT_NE(*digest_rspauth(c, res, as_bytes(body)), *digest_rspauth(c, res, as_bytes("other")));
}

// RFC 3310 §3.4: on a synchronisation failure the client sends auts= and computes the response
// with an empty password.
TEST(DigestAka, SyncFailureUsesAnEmptyPassword) {
  DigestCredentials c;
  c.username = "user@ims.example.com";
  c.realm = "bsf.ims.example.com";
  c.nonce = "nonce";
  c.uri = "/";
  c.algorithm = "AKAv1-MD5";
  c.qop = "auth-int";
  c.nc = "00000001";
  c.cnonce = "c";
  c.auts = Bytes(14, 0x5a);
  c.response = *digest_response(c, "GET", {}, {});
  auto at_bsf = parse_credentials(format_credentials(c));
  ASSERT_TRUE(at_bsf.ok()) << at_bsf.error().message;
  EXPECT_EQ(at_bsf->auts, c.auts);
  EXPECT_TRUE(verify_digest_response(*at_bsf, "GET", {}, {}).ok());
  EXPECT_FALSE(verify_digest_response(*at_bsf, "GET", as_bytes("x"), {}).ok());
}

TEST(DigestAka, UnsupportedAlgorithmIsAnError) {
  DigestCredentials c;
  c.algorithm = "AKAv2-MD5";
  auto r = digest_response(c, "GET", {}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "Digest: algorithm \"AKAv2-MD5\" is not supported (only MD5 and AKAv1-MD5)");
}

}  // namespace
}  // namespace imssim::gba
