// Building HTTP/1.1 messages: framing added, injection and ambiguity refused.
#include "nodes/proto/http/message.h"

#include <gtest/gtest.h>

namespace imssim::http {
namespace {

std::string text(const Result<Bytes>& b) {
  EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().message);
  return b.ok() ? std::string(as_chars(*b)) : "";
}

TEST(Serialize, RequestWithBodyGetsContentLength) {
  Request r;
  r.method = "POST";
  r.target = "/kms/request";
  r.headers.add("Host", "kms.ims.example.com");
  r.headers.add("Content-Type", "application/mikey");
  r.body = to_bytes("abc");
  EXPECT_EQ(text(serialize(r)),
            "POST /kms/request HTTP/1.1\r\nHost: kms.ims.example.com\r\nContent-Type: "
            "application/mikey\r\n"
            "Content-Length: 3\r\n\r\nabc");
  Request get;
  get.method = "GET";
  get.target = "/";
  get.headers.add("Host", "bsf.ims.example.com");
  EXPECT_EQ(text(serialize(get)), "GET / HTTP/1.1\r\nHost: bsf.ims.example.com\r\n\r\n");
  get.method = "POST";
  EXPECT_EQ(text(serialize(get)),
            "POST / HTTP/1.1\r\nHost: bsf.ims.example.com\r\nContent-Length: 0\r\n\r\n");
}

TEST(Serialize, ResponseReasonAndNoBodyStatuses) {
  Response r;
  r.status = 401;
  r.headers.add("WWW-Authenticate", "Digest realm=\"x\", nonce=\"y\"");
  EXPECT_EQ(text(serialize(r)),
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"x\", nonce=\"y\"\r\n"
            "Content-Length: 0\r\n\r\n");
  Response nc;
  nc.status = 204;
  EXPECT_EQ(text(serialize(nc)), "HTTP/1.1 204 No Content\r\n\r\n");
  nc.body = to_bytes("x");
  EXPECT_NE(serialize(nc).error().message.find("must not carry a body"), std::string::npos);
  Response custom;
  custom.status = 299;
  custom.reason = "Custom";
  EXPECT_EQ(text(serialize(custom)), "HTTP/1.1 299 Custom\r\nContent-Length: 0\r\n\r\n");
}

TEST(Serialize, RefusesMalformedOrAmbiguousMessages) {
  Request r;
  r.method = "GET";
  r.target = "/";
  EXPECT_NE(serialize(r).error().message.find("exactly one Host"), std::string::npos);
  r.headers.add("Host", "h");
  r.headers.add("X-Evil", "a\r\nInjected: 1");
  EXPECT_NE(serialize(r).error().message.find("X-Evil: value contains a control character"),
            std::string::npos);
  Request s = r;
  s.headers = Headers{};
  s.headers.add("Host", "h");
  s.headers.add("Bad Name", "v");
  EXPECT_NE(serialize(s).error().message.find("\"Bad Name\" is not a token"), std::string::npos);
  s.headers = Headers{};
  s.headers.add("Host", "h");
  s.headers.add("Content-Length", "5");
  s.body = to_bytes("abc");
  EXPECT_NE(serialize(s).error().message.find("disagrees with the 3-byte body"), std::string::npos);
  s.headers.set("Content-Length", "3");
  EXPECT_TRUE(serialize(s).ok());
  s.headers.add("Transfer-Encoding", "chunked");
  EXPECT_NE(serialize(s).error().message.find("Content-Length only"), std::string::npos);
  Request t;
  t.method = "GE T";
  t.target = "/";
  EXPECT_FALSE(serialize(t).ok());
  t.method = "GET";
  t.target = "/a b";
  EXPECT_FALSE(serialize(t).ok());
  Response bad;
  bad.status = 99;
  EXPECT_FALSE(serialize(bad).ok());
}

TEST(Headers, CaseInsensitiveLookupAndSet) {
  Headers h;
  h.add("content-type", "a");
  h.add("X", "1");
  h.add("CONTENT-TYPE", "b");
  EXPECT_EQ(*h.find("Content-Type"), "a");
  EXPECT_EQ(h.count("content-TYPE"), 2u);
  h.set("Content-Type", "c");
  EXPECT_EQ(h.count("content-type"), 1u);
  EXPECT_EQ(*h.find("content-type"), "c");
  EXPECT_EQ(h.find("missing"), nullptr);
}

}  // namespace
}  // namespace imssim::http
