// Parsing, strict validation, building and serialising SIP messages.
#include "nodes/proto/sip/message.h"

#include <gtest/gtest.h>

#include "common/rng.h"
#include "nodes/proto/sip/build.h"
#include "tests/sip/test_util.h"

namespace imssim::sip {
namespace {

using testing::crlf;

std::string invite_text(std::string_view cseq = "314159 INVITE",
                        std::string_view content_length = "4", std::string_view body = "v=0\n") {
  return crlf({"INVITE sip:bob@ims.test SIP/2.0",
               "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds", "Max-Forwards: 70",
               "To: Bob <sip:bob@ims.test>", "From: Alice <sip:alice@ims.test>;tag=1928301774",
               "Call-ID: a84b4c76e66710@pc33.ims.test", std::string("CSeq: ") + std::string(cseq),
               "Contact: <sip:alice@10.0.0.1>", "Content-Type: application/sdp",
               std::string("Content-Length: ") + std::string(content_length)},
              body);
}

TEST(Parse, AcceptsAWellFormedInviteAndExposesItsFields) {
  auto m = Message::parse(invite_text());
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_TRUE(m->is_request());
  EXPECT_EQ(m->method(), "INVITE");
  EXPECT_EQ(m->request_uri(), "sip:bob@ims.test");
  EXPECT_EQ(m->call_id(), "a84b4c76e66710@pc33.ims.test");
  EXPECT_EQ(m->cseq(), 314159u);
  EXPECT_EQ(m->cseq_method(), "INVITE");
  EXPECT_EQ(m->from_uri(), "sip:alice@ims.test");
  EXPECT_EQ(m->from_tag(), "1928301774");
  EXPECT_EQ(m->to_uri(), "sip:bob@ims.test");
  EXPECT_EQ(m->to_tag(), "");
  EXPECT_EQ(m->max_forwards(), 70);
  EXPECT_EQ(m->top_via_branch(), "z9hG4bK776asdhds");
  EXPECT_EQ(m->top_via_sent_by(), "10.0.0.1:5060");
  EXPECT_EQ(m->top_via_transport(), "UDP");
  EXPECT_EQ(m->body(), "v=0\n");
  EXPECT_EQ(m->content_type(), "application/sdp");
  EXPECT_EQ(m->status(), 0);
}

struct BadCase {
  const char* name;
  std::string text;
  int status;
  const char* needle;  // must appear in the error message
};

TEST(Parse, RejectsWithStatusAndAReasonNamingTheField) {
  std::vector<BadCase> cases = {
      {"empty", "", kBadRequest, "empty"},
      {"garbage", "hello world\r\n\r\n", kBadRequest, "request line"},
      {"bad cseq", invite_text("abc INVITE"), kBadRequest, "CSeq"},
      {"cseq method mismatch", invite_text("1 BYE"), kBadRequest, "does not match"},
      {"content-length larger", invite_text("1 INVITE", "40"), kBadRequest, "Content-Length: 40"},
      {"content-length not a number", invite_text("1 INVITE", "x"), kBadRequest, "Content-Length"},
      {"no blank line", "INVITE sip:bob@ims.test SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n",
       kBadRequest, "empty line"},
      {"version",
       crlf({"OPTIONS sip:bob@ims.test SIP/3.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
             "To: <sip:bob@ims.test>", "From: <sip:a@ims.test>;tag=1", "Call-ID: c1",
             "CSeq: 1 OPTIONS", "Content-Length: 0"}),
       kVersionNotSupported, "SIP/3.0"},
      {"missing call-id",
       crlf({"OPTIONS sip:bob@ims.test SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
             "To: <sip:bob@ims.test>", "From: <sip:a@ims.test>;tag=1", "CSeq: 1 OPTIONS",
             "Content-Length: 0"}),
       kBadRequest, "Call-ID: missing"},
      {"two call-ids",
       crlf({"OPTIONS sip:bob@ims.test SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
             "To: <sip:bob@ims.test>", "From: <sip:a@ims.test>;tag=1", "Call-ID: c1", "Call-ID: c2",
             "CSeq: 1 OPTIONS", "Content-Length: 0"}),
       kBadRequest, "repeated"},
      {"response with bad cseq",
       crlf({"SIP/2.0 200 OK", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:bob@ims.test>;tag=2",
             "From: <sip:a@ims.test>;tag=1", "Call-ID: c1", "CSeq: x OPTIONS",
             "Content-Length: 0"}),
       kDrop, "CSeq"},
      // fuzzer find: no LWS between sent-protocol and sent-by; sofia folds the host into the
      // protocol and would re-encode an unparseable Via
      {"via without lws",
       crlf({"REGISTER sip:[2001:db8::10] SIP/2.0", "To: <sip:u@x>", "From: <sip:u@x>;tag=1",
             "Via: SIP/2.0/UDP![2001:db8::9:1];branch=z9hG4bKas3", "Call-ID: c", "CSeq: 1 REGISTER",
             "Content-Length: 0"}),
       kBadRequest, "sent-protocol"},
      {"status 700",
       crlf({"SIP/2.0 700 Odd", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
             "To: <sip:bob@ims.test>;tag=2", "From: <sip:a@ims.test>;tag=1", "Call-ID: c1",
             "CSeq: 1 OPTIONS", "Content-Length: 0"}),
       kDrop, "700"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Message::parse(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, c.status) << r.error().message;
    EXPECT_NE(r.error().message.find(c.needle), std::string::npos) << r.error().message;
  }
}

TEST(Parse, ShorterContentLengthDiscardsOnDatagramAndFailsOnStream) {
  std::string text = invite_text("1 INVITE", "2", "v=0\n");
  auto d = Message::parse(text);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->body(), "v=");
  EXPECT_EQ(d->discarded_octets(), 2u);
  auto s = Message::parse(text, {.transport = Transport::kStream});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("Content-Length: 2 but 4"), std::string::npos);
}

TEST(Parse, EveryPrefixOfAMessageIsRejectedOrAcceptedWithoutCrash) {
  std::string text = invite_text();
  int accepted = 0;
  for (std::size_t n = 0; n < text.size(); ++n) {
    auto r = Message::parse(std::string_view(text).substr(0, n));
    if (r.ok()) ++accepted;
  }
  EXPECT_EQ(accepted, 0);  // a cut message never has its full body
}

TEST(Serialize, RoundTripsAndAlwaysCarriesContentLength) {
  auto m = Message::parse(invite_text());
  ASSERT_TRUE(m.ok());
  std::string wire = m->serialize();
  EXPECT_EQ(wire.rfind("INVITE sip:bob@ims.test SIP/2.0\r\n", 0), 0u);
  EXPECT_NE(wire.find("Content-Length: 4\r\n"), std::string::npos);
  auto again = Message::parse(wire);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->serialize(), wire);
  // A clone may order headers of different names differently (RFC 3261 §7.3.1: not
  // significant); it carries the same message.
  auto copy = m->clone();
  std::string copied = copy.serialize();
  EXPECT_EQ(copied.size(), wire.size());
  auto reparsed = Message::parse(copied);
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->from_tag(), "1928301774");
  EXPECT_EQ(reparsed->body(), "v=0\n");
  EXPECT_EQ(reparsed->cseq(), 314159u);
}

TEST(HeaderFields, ReadEveryInstanceByFullOrCompactNameAsSerialised) {
  auto m = Message::parse(crlf(
      {"INVITE sip:bob@ims.test SIP/2.0", "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK7",
       "Max-Forwards: 70", "To: <sip:bob@ims.test>", "From: <sip:alice@ims.test>;tag=1",
       "Call-ID: c1", "CSeq: 1 INVITE", "m:   <sip:alice@10.0.0.1>;expires=60",
       "Record-Route: <sip:p1.ims.test;lr>, <sip:p2.ims.test;lr>",
       "Record-Route: <sip:p3.ims.test;lr>", "P-Asserted-Identity: <sip:alice@ims.test>",
       "X-Odd:  spaced value", "x-odd: second", "Content-Length: 0"},
      ""));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->header_fields("Contact"),
            std::vector<std::string>{"<sip:alice@10.0.0.1>;expires=60"});
  EXPECT_EQ(m->header_fields("m"), m->header_fields("contact"));
  EXPECT_EQ(m->header_fields("Record-Route"),
            (std::vector<std::string>{"<sip:p1.ims.test;lr>", "<sip:p2.ims.test;lr>",
                                      "<sip:p3.ims.test;lr>"}));
  EXPECT_EQ(m->header_fields("p-asserted-identity"),
            std::vector<std::string>{"<sip:alice@ims.test>"});
  EXPECT_EQ(m->header_fields("X-Odd"), (std::vector<std::string>{"spaced value", "second"}));
  EXPECT_TRUE(m->header_fields("Expires").empty());
  EXPECT_TRUE(m->header_fields("").empty());
  EXPECT_TRUE(m->header_fields("Bad Name").empty());
  // The same text serialize() writes for each of them.
  std::string wire = m->serialize();
  for (const auto& f : m->header_fields("Record-Route"))
    EXPECT_NE(wire.find("Record-Route: " + f + "\r\n"), std::string::npos) << f;
  EXPECT_NE(wire.find("Contact: " + m->header_fields("Contact")[0] + "\r\n"), std::string::npos);
}

ResponseSpec resp(int status, std::string to_tag = {}) {
  ResponseSpec r;
  r.status = status;
  r.to_tag = std::move(to_tag);
  return r;
}

RequestSpec alice_invite() {
  RequestSpec s;
  s.method = "INVITE";
  s.request_uri = "sip:bob@ims.test";
  s.from = "<sip:alice@ims.test>";
  s.from_tag = "a1";
  s.to = "<sip:bob@ims.test>";
  s.call_id = "call-1@ims.test";
  s.cseq = 7;
  s.via_sent_by = "10.0.0.1:5060";
  s.branch = "z9hG4bKabc";
  s.contact = "<sip:alice@10.0.0.1:5060>";
  s.content_type = "application/sdp";
  s.body = "v=0\r\n";
  return s;
}

TEST(Build, RequestsOfEveryMethodParseBack) {
  for (const char* method : {"INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "MESSAGE", "NOTIFY"}) {
    SCOPED_TRACE(method);
    RequestSpec s = alice_invite();
    s.method = method;
    if (s.method == "NOTIFY") s.headers = {{"Event", "reg"}, {"Subscription-State", "active"}};
    if (s.method == "REGISTER") s.request_uri = "sip:ims.test";
    auto m = build_request(s);
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto p = Message::parse(m->serialize());
    ASSERT_TRUE(p.ok()) << p.error().message << "\n" << m->serialize();
    EXPECT_EQ(p->method(), method);
    EXPECT_EQ(p->cseq(), 7u);
    EXPECT_EQ(p->cseq_method(), method);
    EXPECT_EQ(p->top_via_branch(), "z9hG4bKabc");
    EXPECT_EQ(p->from_tag(), "a1");
    EXPECT_EQ(p->max_forwards(), 70);
    EXPECT_EQ(p->body(), "v=0\r\n");
  }
}

TEST(Build, RefusesWhatWouldBeMalformed) {
  auto bad = [](auto change, const char* needle) {
    RequestSpec s = alice_invite();
    change(s);
    auto m = build_request(s);
    ASSERT_FALSE(m.ok()) << needle;
    EXPECT_NE(m.error().message.find(needle), std::string::npos) << m.error().message;
  };
  bad([](RequestSpec& s) { s.branch = "abc"; }, "magic cookie");
  bad([](RequestSpec& s) { s.branch = "z9hG4bK"; }, "magic cookie");
  bad([](RequestSpec& s) { s.call_id = "x\r\nVia: evil"; }, "Call-ID");
  bad([](RequestSpec& s) { s.from_tag = ""; }, "From: tag");
  bad([](RequestSpec& s) { s.request_uri = "not a uri"; }, "request line");
  bad([](RequestSpec& s) { s.content_type = ""; }, "Content-Type");
  bad([](RequestSpec& s) { s.method = "NOTIFY"; }, "Subscription-State");
  bad([](RequestSpec& s) { s.max_forwards = 256; }, "Max-Forwards");
}

TEST(Build, ResponsesCopyTheRequestIdentityAndAddAToTag) {
  auto req = build_request(alice_invite());
  ASSERT_TRUE(req.ok());
  for (int status : {100, 180, 183, 200, 302, 404, 486, 500, 503, 603}) {
    SCOPED_TRACE(status);
    auto r = build_response(*req, resp(status, "b2"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto p = Message::parse(r->serialize());
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->status(), status);
    EXPECT_EQ(p->reason(), reason_phrase(status));
    EXPECT_EQ(p->call_id(), "call-1@ims.test");
    EXPECT_EQ(p->cseq(), 7u);
    EXPECT_EQ(p->cseq_method(), "INVITE");
    EXPECT_EQ(p->from_tag(), "a1");
    EXPECT_EQ(p->to_tag(), status == 100 ? "" : "b2");
    EXPECT_EQ(p->top_via_branch(), "z9hG4bKabc");
  }
  EXPECT_FALSE(build_response(*req, resp(200)).ok());  // no to-tag
  EXPECT_FALSE(build_response(*req, resp(99, "b")).ok());
}

TEST(Build, ResponseKeepsEveryViaInOrderAndRecordRoute) {
  auto req = Message::parse(
      crlf({"BYE sip:bob@10.0.0.2 SIP/2.0", "Via: SIP/2.0/UDP p1.ims.test;branch=z9hG4bK1",
            "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK2", "Record-Route: <sip:p1.ims.test;lr>",
            "To: <sip:bob@ims.test>;tag=b", "From: <sip:a@ims.test>;tag=a", "Call-ID: c",
            "CSeq: 2 BYE", "Content-Length: 0"}));
  ASSERT_TRUE(req.ok()) << req.error().message;
  auto r = build_response(*req, resp(200));
  ASSERT_TRUE(r.ok()) << r.error().message;  // in-dialog: To already has a tag
  std::string wire = r->serialize();
  auto first = wire.find("p1.ims.test;branch=z9hG4bK1");
  auto second = wire.find("10.0.0.1;branch=z9hG4bK2");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_EQ(r->record_route_count(), 1u);
  EXPECT_EQ(r->to_tag(), "b");
}

TEST(Build, CancelAndFailureAckFollowTheInvite) {
  RequestSpec s = alice_invite();
  s.route = {"sip:p1.ims.test;lr"};
  auto invite = build_request(s);
  ASSERT_TRUE(invite.ok()) << invite.error().message;
  auto cancel = build_cancel(*invite);
  ASSERT_TRUE(cancel.ok()) << cancel.error().message;
  EXPECT_EQ(cancel->method(), "CANCEL");
  EXPECT_EQ(cancel->cseq(), 7u);
  EXPECT_EQ(cancel->cseq_method(), "CANCEL");
  EXPECT_EQ(cancel->top_via_branch(), "z9hG4bKabc");
  EXPECT_EQ(cancel->request_uri(), "sip:bob@ims.test");
  EXPECT_EQ(cancel->route_count(), 1u);
  EXPECT_EQ(cancel->body(), "");

  auto busy = build_response(*invite, resp(486, "b9"));
  ASSERT_TRUE(busy.ok());
  auto ack = build_ack_for_failure(*invite, *busy);
  ASSERT_TRUE(ack.ok()) << ack.error().message;
  EXPECT_EQ(ack->method(), "ACK");
  EXPECT_EQ(ack->cseq(), 7u);
  EXPECT_EQ(ack->to_tag(), "b9");
  EXPECT_EQ(ack->top_via_branch(), "z9hG4bKabc");
  EXPECT_EQ(ack->via_count(), 1u);

  auto ok = build_response(*invite, resp(200, "b9"));
  EXPECT_FALSE(build_ack_for_failure(*invite, *ok).ok());
  EXPECT_FALSE(build_cancel(*ack).ok());
  EXPECT_FALSE(build_response(*ack, resp(200, "x")).ok());
}

TEST(Build, IdentifiersAreDeterministicPerSeed) {
  Rng a(42), b(42);
  std::string branch = new_branch(a);
  EXPECT_EQ(branch, new_branch(b));
  EXPECT_EQ(branch.rfind("z9hG4bK", 0), 0u);
  EXPECT_EQ(branch.size(), 7u + 16u);
  EXPECT_EQ(new_tag(a).size(), 8u);
  EXPECT_NE(new_call_id(a, "ims.test").find("@ims.test"), std::string::npos);
}

}  // namespace
}  // namespace imssim::sip

namespace imssim::sip {
namespace {

// Inputs the sip_parse fuzzer found: whatever parses must serialise to a message that parses
// again with the same identity and body.
TEST(Serialize, FuzzerRegressionsRoundTrip) {
  for (const char* name :
       {"regression_content_length_roundtrip.sip", "regression_mutated_route.sip",
        "regression_cseq_trailing_text.sip", "regression_request_uri_scheme.sip",
        "regression_folded_first_header.sip", "regression_whitespace_before_start_line.sip"}) {
    std::string text =
        testing::read_text(std::string(IMSSIM_SOURCE_DIR "/tests/fuzz/corpus/sip_parse/") + name);
    auto m = Message::parse(text);
    if (!m) continue;  // rejecting is fine
    auto again = Message::parse(m->serialize());
    ASSERT_TRUE(again) << name << ": " << again.error().message << "\n" << m->serialize();
    EXPECT_EQ(again->body(), m->body()) << name;
  }
}

// sip_parse fuzzer find: the first header line starts with a TAB (RFC 3261 §7.3.1: it would
// continue the start line, which is never folded); sofia drops the TAB and reads "To:".
TEST(Parse, FirstHeaderLineFoldedOntoTheStartLineIsRefused) {
  std::string text = crlf({"OPTIONS sip:bob@ims.test SIP/2.0", "\tTo: <sip:bob@ims.test>",
                           "From: <sip:a@ims.test>;tag=1", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                           "Call-ID: c1", "CSeq: 1 OPTIONS", "Content-Length: 0"});
  auto r = Message::parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, kBadRequest);
  EXPECT_NE(r.error().message.find("continuation of the start line"), std::string::npos)
      << r.error().message;
  text[text.find('\t')] = ' ';  // SP folds the same way (RFC 3261 §7.3.1: SP or HT)
  EXPECT_FALSE(Message::parse(text).ok());
  // A folded line after a real header is still accepted (RFC 3261 §7.3.1).
  auto folded =
      Message::parse(crlf({"OPTIONS sip:bob@ims.test SIP/2.0", "To:", " <sip:bob@ims.test>",
                           "From: <sip:a@ims.test>;tag=1", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                           "Call-ID: c1", "CSeq: 1 OPTIONS", "Content-Length: 0"}));
  ASSERT_TRUE(folded.ok()) << folded.error().message;
  EXPECT_EQ(folded->to_uri(), "sip:bob@ims.test");
}

// The rest of the same fuzzer find, each on an otherwise valid message: URIs sofia-sip accepts
// but does not write back as they came (a path in a SIP URI loses its "/": "sip:2[00/1:db8::10]"
// became the unparseable "sip:2[001:db8::10]"), or that break their grammar (a port that is not
// a number, brackets outside an IP-literal).
TEST(Parse, UrisSofiaAcceptsButCannotWriteBackAreRefused) {
  auto with = [](std::string_view request_uri, std::string_view from) {
    return crlf({std::string("OPTIONS ") + std::string(request_uri) + " SIP/2.0",
                 "To: <sip:bob@ims.test>", std::string("From: ") + std::string(from) + ";tag=1",
                 "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "Call-ID: c1", "CSeq: 1 OPTIONS",
                 "Content-Length: 0"});
  };
  struct Case {
    const char* name;
    std::string text;
    const char* needle;
  };
  std::vector<Case> bad = {
      {"sip uri with a path", with("sip:2[00/1:db8::10]", "<sip:a@ims.test>"), "host"},
      {"sip uri path, good host", with("sip:ims.test/x", "<sip:a@ims.test>"), "no path"},
      {"port not a number (unknown scheme)", with("sip:bob@ims.test", "si::7:1]"), "port"},
      {"sip port wildcard", with("sip:bob@ims.test:*", "<sip:a@ims.test>"), "port"},
      {"underscore in a sip host", with("sip:bob@ims.test", "<sip:a@ho_st.test>"), "host"},
      {"bracket in a non-sip host", with("sip:bob@ims.test", "<foo://h]x/p>"), "IP-literal"},
      {"path without a root", with("sip:bob@ims.test", "<foo:h/p>"), "path"},
  };
  for (const auto& c : bad) {
    SCOPED_TRACE(c.name);
    auto r = Message::parse(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, kBadRequest);
    EXPECT_NE(r.error().message.find(c.needle), std::string::npos) << r.error().message;
  }
  for (auto [uri, from] : {std::pair{"sip:[2001:db8::10]:5070", "<sip:a@[::ffff:192.0.2.1]>"},
                           std::pair{"sips:bob@ims.test;transport=tcp", "<tel:+1-555-0100>"},
                           std::pair{"sip:bob@ims.test", "<http://h.example:80/p/q>"}}) {
    SCOPED_TRACE(uri);
    auto m = Message::parse(with(uri, from));
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto again = Message::parse(m->serialize());
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->request_uri(), m->request_uri());
    EXPECT_EQ(again->from_uri(), m->from_uri());
  }
}

// sip_parse fuzzer find: sofia-sip skips SP and HT (not only CRLF) before the start line, so a
// "\t" line among the leading empty lines made our end-of-header-section search stop in front of
// the message, and a lone CR that sofia took as the empty line went unchecked. RFC 3261 §7.5
// allows only CRLF there.
TEST(Parse, WhitespaceBeforeTheStartLineIsRefused) {
  std::string options = crlf({"OPTIONS sip:bob@ims.test SIP/2.0", "To: <sip:bob@ims.test>",
                              "From: <sip:a@ims.test>;tag=1", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                              "Call-ID: c1", "CSeq: 1 OPTIONS", "Content-Length: 0"});
  ASSERT_TRUE(Message::parse("\r\n\r\n" + options).ok());  // CRLF may precede (§7.5)
  for (std::string junk : {"\t\n\n", " ", "\r\n \r\n", "\n\t"}) {
    SCOPED_TRACE(junk);
    auto r = Message::parse(junk + options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, kBadRequest);
    EXPECT_NE(r.error().message.find("before the start line"), std::string::npos)
        << r.error().message;
  }
  // A response is recognised behind the whitespace, so it is dropped and never answered.
  auto response = Message::parse(
      "\t\n" + crlf({"SIP/2.0 200 OK", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                      "To: <sip:bob@ims.test>;tag=2", "From: <sip:a@ims.test>;tag=1",
                      "Call-ID: c1", "CSeq: 1 OPTIONS", "Content-Length: 0"}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().status, kDrop);
}

// The raw-text checks (one pass over the header section, header_scan.h), each on an otherwise
// valid OPTIONS: what sofia-sip lets through and what it must not stop.
TEST(Parse, RawHeaderSectionChecks) {
  auto options = [](std::string_view cseq_line, std::string_view extra = "X-A: 1") {
    return crlf({"OPTIONS sip:bob@ims.test SIP/2.0", "To: <sip:bob@ims.test>",
                 "From: <sip:a@ims.test>;tag=1", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                 "Call-ID: c1", cseq_line, extra, "Content-Length: 0"});
  };
  struct Case {
    const char* name;
    std::string text;
    const char* needle;  // nullptr: accepted
  };
  const std::string plain = options("CSeq: 1 OPTIONS");
  std::string lf_only = plain;
  for (auto at = lf_only.find("\r\n"); at != std::string::npos; at = lf_only.find("\r\n", at))
    lf_only.erase(at, 1);
  std::string bare_cr = options("CSeq: 1 OPTIONS", "X-A: 1\r2");
  std::vector<Case> cases = {
      {"plain", plain, nullptr},
      {"text after the method", options("CSeq: 1 OPTIONS x"), "CSeq"},
      {"lower-case name, text after", options("cseq : 1 OPTIONS x"), "CSeq"},
      {"folded CSeq, two words", options("CSeq: 1\r\n OPTIONS"), nullptr},
      {"folded CSeq, three words", options("CSeq: 1\r\n OPTIONS\r\n\tx"), "CSeq"},
      {"another header starting with CSeq", options("CSeq: 1 OPTIONS", "CSeqX: a b c"), nullptr},
      {"LF line ends", lf_only, nullptr},
      {"bare CR in a header", bare_cr, "bare CR"},
      {"no empty line", plain.substr(0, plain.size() - 2), "empty line"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Message::parse(c.text);
    if (!c.needle) {
      EXPECT_TRUE(r.ok()) << r.error().message;
      continue;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(c.needle), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace imssim::sip
