// The incremental HTTP/1.1 parser: partial input, pipelining, chunked bodies, limits and strict
// errors that name the line and the reason.
#include "nodes/proto/http/parser.h"

#include <gtest/gtest.h>

namespace imssim::http {
namespace {

const std::string kGet =
    "GET /bsf HTTP/1.1\r\nHost: bsf.ims.example.com\r\nUser-Agent: ue 3gpp-gba-tmpi\r\n\r\n";
const std::string kPost =
    "POST /kms HTTP/1.1\r\nHost: kms.ims.example.com\r\nContent-Type: application/mikey\r\n"
    "Content-Length: 11\r\n\r\nhello world";
const std::string kChunked =
    "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\n\r\n";

std::vector<Request> parse_all(RequestParser& p) {
  std::vector<Request> out;
  while (true) {
    auto r = p.next();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok() || !*r) return out;
    out.push_back(std::move(**r));
  }
}

TEST(RequestParser, SimpleGet) {
  RequestParser p;
  p.feed(as_bytes(kGet));
  auto r = p.next();
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  const Request& q = **r;
  EXPECT_EQ(q.method, "GET");
  EXPECT_EQ(q.target, "/bsf");
  EXPECT_EQ(q.minor_version, 1);
  EXPECT_EQ(*q.headers.find("host"), "bsf.ims.example.com");
  EXPECT_EQ(*q.headers.find("User-Agent"), "ue 3gpp-gba-tmpi");
  EXPECT_TRUE(q.body.empty());
  EXPECT_EQ(p.buffered(), 0u);
  auto again = p.next();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
}

TEST(RequestParser, ByteByByteNeedsMoreUntilTheLastByte) {
  for (const std::string& msg : {kGet, kPost, kChunked}) {
    RequestParser p;
    for (std::size_t i = 0; i + 1 < msg.size(); ++i) {
      p.feed(as_bytes(std::string_view(msg).substr(i, 1)));
      auto r = p.next();
      ASSERT_TRUE(r.ok()) << "byte " << i << ": " << r.error().message;
      ASSERT_FALSE(r->has_value()) << "complete too early at byte " << i;
    }
    p.feed(as_bytes(std::string_view(msg).substr(msg.size() - 1)));
    auto r = p.next();
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->has_value());
  }
}

TEST(RequestParser, PipelinedMessagesSplitCorrectlyAtEveryOffset) {
  const std::string stream = kPost + kGet + kChunked + kPost;
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    RequestParser p;
    p.feed(as_bytes(std::string_view(stream).substr(0, cut)));
    auto first = parse_all(p);
    p.feed(as_bytes(std::string_view(stream).substr(cut)));
    auto rest = parse_all(p);
    first.insert(first.end(), rest.begin(), rest.end());
    ASSERT_EQ(first.size(), 4u) << "cut at " << cut;
    EXPECT_EQ(as_chars(first[0].body), "hello world");
    EXPECT_EQ(first[1].method, "GET");
    EXPECT_EQ(as_chars(first[2].body), "hello 0123456789");
    EXPECT_EQ(first[3].target, "/kms");
    EXPECT_EQ(p.buffered(), 0u);
  }
}

TEST(RequestParser, ChunkedBodyIsDecodedWithTrailers) {
  RequestParser p;
  p.feed(as_bytes(kChunked));
  auto r = p.next();
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ(as_chars((*r)->body), "hello 0123456789");
  ASSERT_EQ((*r)->trailers.size(), 1u);
  EXPECT_EQ((*r)->trailers[0].name, "X-Checksum");
  EXPECT_EQ((*r)->trailers[0].value, "abc");
}

TEST(RequestParser, IgnoresEmptyLinesBeforeTheRequestLine) {
  RequestParser p;
  p.feed(as_bytes("\r\n\r\n" + kGet));
  auto all = parse_all(p);
  ASSERT_EQ(all.size(), 1u);
}

TEST(RequestParser, Http10WithoutHost) {
  RequestParser p;
  p.feed(as_bytes("GET / HTTP/1.0\r\n\r\n"));
  auto r = p.next();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->minor_version, 0);
}

struct BadCase {
  std::string input;
  int status;
  std::string why;
};

TEST(RequestParser, MalformedRequestsNameLineAndReason) {
  const std::string host = "Host: h\r\n";
  const BadCase cases[] = {
      {"GET / HTTP/1.1\nHost: h\n\n", 400, "line 1: bare LF line ending"},
      {"GET / HTTP/1.1\r\nHost: h\n\r\n", 400, "line 2: bare LF"},
      {"GET  / HTTP/1.1\r\n" + host + "\r\n", 400, "line 1: empty request-target"},
      {"GET /\x01 HTTP/1.1\r\n" + host + "\r\n", 400, "line 1: request-target contains 0x01"},
      {"G(T / HTTP/1.1\r\n" + host + "\r\n", 400, "line 1: method \"G(T\" is not a token"},
      {"GET / HTTP/1.1 x\r\n" + host + "\r\n", 400,
       "line 1: \"HTTP/1.1 x\" is not an HTTP version"},
      {"GET /\r\n" + host + "\r\n", 400, "line 1: request line needs method, target and version"},
      {"GET / HTTP/2.0\r\n" + host + "\r\n", 505, "line 1: version HTTP/2.0 is not supported"},
      {"GET / HTTP/1.1\r\n\r\n", 400,
       "header section: an HTTP/1.1 request needs exactly one Host header, found 0"},
      {"GET / HTTP/1.1\r\n" + host + host + "\r\n", 400, "found 2"},
      {"GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400,
       "line 2: whitespace between the field name and ':'"},
      {"GET / HTTP/1.1\r\n" + host + "X: a\r\n b\r\n\r\n", 400, "line 4: obsolete line folding"},
      {"GET / HTTP/1.1\r\n" + host + "NoColon\r\n\r\n", 400, "line 3: header line without ':'"},
      {"GET / HTTP/1.1\r\n" + host + ": v\r\n\r\n", 400, "line 3: empty field name"},
      {"GET / HTTP/1.1\r\n" + host + "X[1]: v\r\n\r\n", 400, "field name \"X[1]\" is not a token"},
      {"GET / HTTP/1.1\r\n" + host + "X: a\x01z\r\n\r\n", 400, "line 3: value of X contains 0x01"},
      {"GET / HTTP/1.1\r\n" + host + "X: a\rz\r\n\r\n", 400, "value of X contains 0x0d"},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 1x\r\n\r\n", 400,
       "Content-Length \"1x\" is not a decimal"},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400, "is not a decimal"},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400,
       "more than one Content-Length"},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999999\r\n\r\n", 413,
       "too large"},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 2000000\r\n\r\n", 413,
       "exceeds the limit of 1048576"},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
       400, "both Transfer-Encoding and Content-Length"},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501,
       "Transfer-Encoding \"gzip\" is not supported (only chunked)"},
      {"POST / HTTP/1.1\r\n" + host +
           "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
       400, "chunked more than once"},
      {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
       "Transfer-Encoding in an HTTP/1.0 message"},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
       "line 5: chunk size is not a hex number"},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3 x\r\n", 400,
       "line 5: unexpected 'x' after the chunk size"},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 400,
       "chunk data is not followed by CRLF"},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n",
       413, "chunk size overflows"},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n200000\r\n", 413,
       "chunked body exceeds the limit"},
      {"GET /" + std::string(9000, 'a'), 414, "line 1: request line longer than 8192 bytes"},
      {"GET / HTTP/1.1\r\nX: " + std::string(9000, 'a'), 431,
       "line 2: header line longer than 8192"},
  };
  for (const auto& c : cases) {
    RequestParser p;
    p.feed(as_bytes(c.input));
    auto r = p.next();
    ASSERT_FALSE(r.ok()) << c.input;
    EXPECT_EQ(r.error().status, c.status) << c.input << " -> " << r.error().message;
    EXPECT_NE(r.error().message.find(c.why), std::string::npos)
        << c.input << " -> " << r.error().message;
  }
}

TEST(RequestParser, HeaderCountAndSizeLimits) {
  Limits limits;
  limits.max_headers = 3;
  RequestParser p(limits);
  p.feed(as_bytes("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"));
  auto r = p.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 431);
  EXPECT_EQ(r.error().message, "line 5: more than 3 header fields");
  Limits small;
  small.max_header_bytes = 20;
  RequestParser q(small);
  q.feed(as_bytes("GET / HTTP/1.1\r\nHost: h\r\nA: 0123456789\r\n\r\n"));
  auto s = q.next();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "line 3: header section larger than 20 bytes");
}

TEST(RequestParser, ErrorsAreSticky) {
  RequestParser p;
  p.feed(as_bytes("BAD\r\n"));
  auto r = p.next();
  ASSERT_FALSE(r.ok());
  p.feed(as_bytes(kGet));
  auto again = p.next();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, r.error().message);
}

TEST(ResponseParser, LengthChunkedNoBodyAndInterim) {
  ResponseParser p;
  p.feed(
      as_bytes("HTTP/1.1 100 Continue\r\n\r\n"
               "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\n"
               "Content-Length: 0\r\n\r\n"
               "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.3gpp.bsf+xml\r\nContent-Length: "
               "4\r\n\r\n<x/>"
               "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
               "HTTP/1.0 304 Not Modified\r\n\r\n"));
  const int statuses[] = {100, 401, 200, 204, 200, 304};
  const char* bodies[] = {"", "", "<x/>", "", "abc", ""};
  for (int i = 0; i < 6; ++i) {
    auto r = p.next();
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->has_value()) << i;
    EXPECT_EQ((*r)->status, statuses[i]);
    EXPECT_EQ(as_chars((*r)->body), bodies[i]);
  }
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(ResponseParser, HeadResponseHasNoBody) {
  ResponseParser p;
  p.feed(as_bytes(
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  auto r = p.next(/*to_head=*/true);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_TRUE((*r)->body.empty());
  auto s = p.next();
  ASSERT_TRUE(s.ok() && s->has_value());
}

TEST(ResponseParser, CloseDelimitedBodyCompletesAtFinish) {
  ResponseParser p;
  p.feed(as_bytes("HTTP/1.1 200 OK\r\n\r\npart one, "));
  auto r = p.next();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  p.feed(as_bytes("part two"));
  ASSERT_FALSE(p.next()->has_value());
  auto done = p.finish();
  ASSERT_TRUE(done.ok() && done->has_value());
  EXPECT_EQ(as_chars((*done)->body), "part one, part two");
  ResponseParser cut;
  cut.feed(as_bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"));
  ASSERT_FALSE(cut.next()->has_value());
  auto f = cut.finish();
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("the stream ended inside a message"), std::string::npos);
  ResponseParser clean;
  auto nothing = clean.finish();
  ASSERT_TRUE(nothing.ok());
  EXPECT_FALSE(nothing->has_value());
}

TEST(ResponseParser, MalformedStatusLines) {
  const BadCase cases[] = {
      {"HTTP/1.1 20 OK\r\n\r\n", 400, "line 1: status code is not three digits"},
      {"HTTP/1.1 200OK\r\n\r\n", 400, "expected a space after the status code"},
      {"HTTP/1.1 200\r\n\r\n", 400, "expected a space after the status code"},
      {"HTTP/1.1 600 Odd\r\n\r\n", 400, "status code 600 is not in 100-599"},
      {"HTTP/3.0 200 OK\r\n\r\n", 505, "version HTTP/3.0 is not supported"},
      {"HTTP/1.1 200 O\x7fK\r\n\r\n", 400, "reason phrase contains 0x7f"},
      {"\r\nHTTP/1.1 200 OK\r\n\r\n", 400, "empty line instead of a status line"},
      {"ICY 200 OK\r\n\r\n", 400, "\"ICY\" is not an HTTP version"},
  };
  for (const auto& c : cases) {
    ResponseParser p;
    p.feed(as_bytes(c.input));
    auto r = p.next();
    ASSERT_FALSE(r.ok()) << c.input;
    EXPECT_EQ(r.error().status, c.status) << c.input;
    EXPECT_NE(r.error().message.find(c.why), std::string::npos)
        << c.input << " -> " << r.error().message;
  }
}

TEST(RoundTrip, SerializedMessagesParseBackIdentically) {
  Request q;
  q.method = "POST";
  q.target = "/kms/resolve?id=42";
  q.headers.add("Host", "kms.ims.example.com");
  q.headers.add("Authorization", "Digest username=\"u\", realm=\"r\"");
  q.body = Bytes{0x01, 0x00, 0xff, '\r', '\n'};
  auto wire = serialize(q);
  ASSERT_TRUE(wire.ok());
  RequestParser p;
  p.feed(*wire);
  auto r = p.next();
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->method, q.method);
  EXPECT_EQ((*r)->target, q.target);
  EXPECT_EQ((*r)->body, q.body);
  EXPECT_EQ(*(*r)->headers.find("authorization"), "Digest username=\"u\", realm=\"r\"");
  EXPECT_EQ(*serialize(**r), *wire);
}

}  // namespace
}  // namespace imssim::http
