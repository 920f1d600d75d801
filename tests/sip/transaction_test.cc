// RFC 3261 §17 transaction state machines (with RFC 6026) on a fake clock, and dialogs.
#include "nodes/proto/sip/transaction.h"

#include <gtest/gtest.h>

#include <vector>

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/dialog.h"
#include "tests/sip/fake_clock.h"

namespace imssim::sip {
namespace {

using namespace time_literals;
using testing::FakeClock;

RequestSpec spec(const char* method) {
  RequestSpec s;
  s.method = method;
  s.request_uri = "sip:bob@ims.test";
  s.from = "<sip:alice@ims.test>";
  s.from_tag = "a1";
  s.to = "<sip:bob@ims.test>";
  s.call_id = "call@ims.test";
  s.cseq = 1;
  s.via_sent_by = "10.0.0.1:5060";
  s.branch = "z9hG4bKt1";
  s.contact = "<sip:alice@10.0.0.1>";
  return s;
}

Message req(const char* method) {
  auto m = build_request(spec(method));
  EXPECT_TRUE(m.ok()) << m.error().message;
  if (!m.ok()) std::abort();
  return std::move(m).value();
}

Message resp(const Message& request, int status) {
  ResponseSpec r;
  r.status = status;
  r.to_tag = "b1";
  r.contact = "<sip:bob@10.0.0.2>";
  auto m = build_response(request, r);
  EXPECT_TRUE(m.ok()) << m.error().message;
  if (!m.ok()) std::abort();
  return std::move(m).value();
}

// Records what a transaction did, with the time it did it.
struct Log {
  explicit Log(FakeClock* c) : clock(c) {}
  FakeClock* clock;
  std::vector<double> send_times;
  std::vector<std::string> sent;
  std::vector<int> to_tu;
  int failure = 0;
  bool terminated = false;
  int acks_to_tu = 0;

  ClientCallbacks client() {
    return {[this](const std::string& w) { record(w); },
            [this](const Message& r) { to_tu.push_back(r.status()); },
            [this](int status, std::string_view) { failure = status; },
            [this] { terminated = true; }};
  }
  ServerCallbacks server() {
    return {[this](const std::string& w) { record(w); }, [this](const Message&) { ++acks_to_tu; },
            [this](int status, std::string_view) { failure = status; },
            [this] { terminated = true; }};
  }
  void record(const std::string& w) {
    send_times.push_back(clock->now().to_sec());
    sent.push_back(w);
  }
};

TEST(InviteClient, TimerADoublesUntilTimerBTimesOut) {
  FakeClock clock;
  Log log(&clock);
  ClientTransaction t(clock, req("INVITE"), Reliability::kUnreliable, log.client());
  t.start();
  EXPECT_EQ(t.state(), TransactionState::kCalling);
  clock.advance(40_s);
  EXPECT_EQ(log.send_times, (std::vector<double>{0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5}));
  EXPECT_EQ(log.failure, kRequestTimeout);
  EXPECT_TRUE(log.terminated);
  EXPECT_EQ(t.state(), TransactionState::kTerminated);
  EXPECT_EQ(clock.pending(), 0u);
}

TEST(InviteClient, ReliableTransportNeverRetransmits) {
  FakeClock clock;
  Log log(&clock);
  ClientTransaction t(clock, req("INVITE"), Reliability::kReliable, log.client());
  t.start();
  clock.advance(31_s);
  EXPECT_EQ(log.sent.size(), 1u);
  clock.advance(1_s);
  EXPECT_EQ(log.failure, kRequestTimeout);  // Timer B still applies
}

TEST(InviteClient, FailureIsAckedAndReAckedUntilTimerD) {
  FakeClock clock;
  Log log(&clock);
  Message invite = req("INVITE");
  Message busy = resp(invite, 486);
  ClientTransaction t(clock, invite.clone(), Reliability::kUnreliable, log.client());
  t.start();
  clock.advance(200_ms);
  t.receive(resp(invite, 180));
  EXPECT_EQ(t.state(), TransactionState::kProceeding);
  clock.advance(10_s);
  EXPECT_EQ(log.sent.size(), 1u);  // no retransmission in Proceeding
  t.receive(busy);
  EXPECT_EQ(t.state(), TransactionState::kCompleted);
  ASSERT_EQ(log.sent.size(), 2u);
  auto ack = Message::parse(log.sent[1]);
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->method(), "ACK");
  EXPECT_EQ(ack->top_via_branch(), "z9hG4bKt1");
  t.receive(busy);  // retransmitted final: ACK again, not to the TU
  EXPECT_EQ(log.sent.size(), 3u);
  EXPECT_EQ(log.to_tu, (std::vector<int>{180, 486}));
  clock.advance(31_s);
  EXPECT_FALSE(log.terminated);
  clock.advance(1_s);
  EXPECT_TRUE(log.terminated);  // Timer D = 32 s
  EXPECT_EQ(log.failure, 0);
}

TEST(InviteClient, TwoHundredEntersAcceptedAndPassesRetransmissions) {
  FakeClock clock;
  Log log(&clock);
  Message invite = req("INVITE");
  ClientTransaction t(clock, invite.clone(), Reliability::kUnreliable, log.client());
  t.start();
  t.receive(resp(invite, 200));
  EXPECT_EQ(t.state(), TransactionState::kAccepted);
  t.receive(resp(invite, 200));
  EXPECT_EQ(log.to_tu, (std::vector<int>{200, 200}));
  EXPECT_EQ(log.sent.size(), 1u);  // the 2xx ACK is the TU's job
  clock.advance(32_s);
  EXPECT_TRUE(log.terminated);  // Timer M = 64*T1
  EXPECT_EQ(log.failure, 0);
}

TEST(NonInviteClient, TimerECapsAtT2AndTimerFTimesOut) {
  FakeClock clock;
  Log log(&clock);
  ClientTransaction t(clock, req("MESSAGE"), Reliability::kUnreliable, log.client());
  t.start();
  EXPECT_EQ(t.state(), TransactionState::kTryingState);
  clock.advance(33_s);
  EXPECT_EQ(log.send_times,
            (std::vector<double>{0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5}));
  EXPECT_EQ(log.failure, kRequestTimeout);
}

TEST(NonInviteClient, ProceedingRetransmitsEveryT2ThenFinalAndTimerK) {
  FakeClock clock;
  Log log(&clock);
  Message bye = req("BYE");
  ClientTransaction t(clock, bye.clone(), Reliability::kUnreliable, log.client());
  t.start();
  clock.advance(100_ms);
  t.receive(resp(bye, 100));
  EXPECT_EQ(t.state(), TransactionState::kProceeding);
  clock.advance(9_s);  // to 9.1 s
  EXPECT_EQ(log.send_times, (std::vector<double>{0, 0.5, 4.5, 8.5}));
  t.receive(resp(bye, 200));
  EXPECT_EQ(t.state(), TransactionState::kCompleted);
  t.receive(resp(bye, 200));  // absorbed
  EXPECT_EQ(log.to_tu, (std::vector<int>{100, 200}));
  clock.advance(5_s);  // Timer K = T4
  EXPECT_TRUE(log.terminated);
}

TEST(NonInviteClient, ReliableFinalTerminatesAtOnce) {
  FakeClock clock;
  Log log(&clock);
  Message reg = req("REGISTER");
  ClientTransaction t(clock, reg.clone(), Reliability::kReliable, log.client());
  t.start();
  t.receive(resp(reg, 200));
  EXPECT_TRUE(log.terminated);
  EXPECT_EQ(clock.pending(), 0u);
}

TEST(Client, TransportErrorIs503) {
  FakeClock clock;
  Log log(&clock);
  ClientTransaction t(clock, req("INVITE"), Reliability::kUnreliable, log.client());
  t.start();
  t.transport_error();
  EXPECT_EQ(log.failure, kServiceUnavailable);
  EXPECT_EQ(t.state(), TransactionState::kTerminated);
  EXPECT_EQ(clock.pending(), 0u);
}

TEST(InviteServer, TryingThenFailureRetransmittedOnTimerGUntilAck) {
  FakeClock clock;
  Log log(&clock);
  Message invite = req("INVITE");
  ServerTransaction t(clock, invite, Reliability::kUnreliable, log.server());
  ASSERT_EQ(log.sent.size(), 1u);
  EXPECT_EQ(Message::parse(log.sent[0])->status(), 100);
  t.receive(invite);  // retransmission: 100 again
  EXPECT_EQ(log.sent.size(), 2u);
  Message busy = resp(invite, 486);
  ASSERT_TRUE(t.respond(busy));
  EXPECT_EQ(t.state(), TransactionState::kCompleted);
  clock.advance(12_s);
  EXPECT_EQ(log.send_times, (std::vector<double>{0, 0, 0, 0.5, 1.5, 3.5, 7.5, 11.5}));
  auto ack = build_ack_for_failure(invite, busy);
  ASSERT_TRUE(ack.ok());
  ASSERT_EQ(server_key(*ack), t.key());
  t.receive(*ack);
  EXPECT_EQ(t.state(), TransactionState::kConfirmed);
  t.receive(*ack);  // absorbed
  EXPECT_EQ(log.acks_to_tu, 0);
  clock.advance(5_s);  // Timer I = T4
  EXPECT_TRUE(log.terminated);
  EXPECT_EQ(log.failure, 0);
  EXPECT_EQ(log.sent.size(), 8u);
}

TEST(InviteServer, NoAckMeansTimerH) {
  FakeClock clock;
  Log log(&clock);
  Message invite = req("INVITE");
  ServerTransaction t(clock, invite, Reliability::kUnreliable, log.server(), {}, false);
  EXPECT_TRUE(log.sent.empty());
  ASSERT_TRUE(t.respond(resp(invite, 603)));
  clock.advance(32_s);
  EXPECT_EQ(log.failure, kRequestTimeout);
  EXPECT_TRUE(log.terminated);
}

TEST(InviteServer, TwoHundredEntersAcceptedTimerL) {
  FakeClock clock;
  Log log(&clock);
  Message invite = req("INVITE");
  ServerTransaction t(clock, invite, Reliability::kUnreliable, log.server());
  ASSERT_TRUE(t.respond(resp(invite, 180)));
  ASSERT_TRUE(t.respond(resp(invite, 200)));
  EXPECT_EQ(t.state(), TransactionState::kAccepted);
  std::size_t sent = log.sent.size();
  t.receive(invite);  // retransmitted INVITE absorbed in Accepted
  EXPECT_EQ(log.sent.size(), sent);
  EXPECT_FALSE(t.respond(resp(invite, 486)));
  EXPECT_TRUE(t.respond(resp(invite, 200)));  // TU's 2xx retransmission passes
  RequestSpec ack = spec("ACK");
  ack.branch = "z9hG4bKack2xx";
  ack.to_tag = "b1";
  auto a = build_request(ack);
  ASSERT_TRUE(a.ok());
  t.receive(*a);
  EXPECT_EQ(log.acks_to_tu, 1);
  clock.advance(32_s);
  EXPECT_TRUE(log.terminated);
}

TEST(NonInviteServer, AbsorbsInTryingResendsFinalAndTimerJ) {
  FakeClock clock;
  Log log(&clock);
  Message msg = req("MESSAGE");
  ServerTransaction t(clock, msg, Reliability::kUnreliable, log.server());
  EXPECT_EQ(t.state(), TransactionState::kTryingState);
  t.receive(msg);
  EXPECT_TRUE(log.sent.empty());
  ASSERT_TRUE(t.respond(resp(msg, 200)));
  t.receive(msg);
  ASSERT_EQ(log.sent.size(), 2u);
  EXPECT_EQ(log.sent[0], log.sent[1]);
  EXPECT_FALSE(t.respond(resp(msg, 500)));
  clock.advance(31_s);
  EXPECT_FALSE(log.terminated);
  clock.advance(1_s);
  EXPECT_TRUE(log.terminated);
}

TEST(NonInviteServer, ReliableCompletesImmediately) {
  FakeClock clock;
  Log log(&clock);
  Message msg = req("BYE");
  ServerTransaction t(clock, msg, Reliability::kReliable, log.server());
  ASSERT_TRUE(t.respond(resp(msg, 200)));
  EXPECT_TRUE(log.terminated);
}

TEST(Matching, BranchAndMethodSelectTheTransaction) {
  Message invite = req("INVITE");
  Message ok = resp(invite, 200);
  EXPECT_EQ(client_key(invite), client_key(ok));
  auto cancel = build_cancel(invite);
  ASSERT_TRUE(cancel.ok());
  EXPECT_NE(client_key(*cancel), client_key(invite));  // same branch, other method
  EXPECT_NE(server_key(*cancel), server_key(invite));
  RequestSpec other = spec("INVITE");
  other.branch = "z9hG4bKt2";
  EXPECT_NE(server_key(*build_request(other)), server_key(invite));
  auto old = Message::parse(
      "OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=1234\r\nTo: <sip:b@x>\r\n"
      "From: <sip:a@x>;tag=1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(server_key(*old).has_value());  // RFC 2543 branch: not matched
}

TEST(DialogState, UacAndUasAgreeAndBuildInDialogRequests) {
  RequestSpec s = spec("INVITE");
  s.headers = {{"Record-Route", "<sip:p2.ims.test;lr>"}, {"Record-Route", "<sip:p1.ims.test;lr>"}};
  auto invite = build_request(s);
  ASSERT_TRUE(invite.ok()) << invite.error().message;
  Message ok = resp(*invite, 200);
  auto uac = Dialog::from_uac(*invite, ok);
  ASSERT_TRUE(uac.ok()) << uac.error().message;
  EXPECT_EQ(uac->remote_target, "sip:bob@10.0.0.2");
  EXPECT_EQ(uac->route_set,
            (std::vector<std::string>{"<sip:p1.ims.test;lr>", "<sip:p2.ims.test;lr>"}));
  auto uas = Dialog::from_uas(*invite, "b1");
  ASSERT_TRUE(uas.ok());
  EXPECT_EQ(uas->route_set,
            (std::vector<std::string>{"<sip:p2.ims.test;lr>", "<sip:p1.ims.test;lr>"}));
  EXPECT_EQ(uas->remote_tag, uac->local_tag);
  EXPECT_EQ(uas->local_tag, uac->remote_tag);

  auto bye = build_request(uac->next_request("BYE", "10.0.0.1:5060", "z9hG4bKbye"));
  ASSERT_TRUE(bye.ok()) << bye.error().message;
  EXPECT_EQ(bye->cseq(), 2u);
  EXPECT_EQ(bye->request_uri(), "sip:bob@10.0.0.2");
  EXPECT_EQ(bye->to_tag(), "b1");
  EXPECT_EQ(bye->top_route_uri(), "sip:p1.ims.test;lr");
  auto ack = build_request(uac->next_request("ACK", "10.0.0.1:5060", "z9hG4bKack", 1));
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->cseq(), 1u);

  EXPECT_TRUE(uas->accept_remote_cseq(*bye).ok());
  auto stale = uas->accept_remote_cseq(*invite);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().status, kServerError);
  EXPECT_FALSE(Dialog::from_uac(*invite, resp(*invite, 486)).ok());
}

}  // namespace
}  // namespace imssim::sip
