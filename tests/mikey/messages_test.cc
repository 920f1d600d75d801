// Builders and parsers of every message: round trips, and the errors a receiver must raise.
#include <gtest/gtest.h>

#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/psk_messages.h"
#include "nodes/proto/mikey/ticket_messages.h"
#include "tests/mikey/test_util.h"

namespace imssim::mikey {
namespace {

using testing::hex;
using namespace time_literals;
using K = MikeyError::Kind;

const Bytes kPsk = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const Bytes kOtherPsk(32, 0x55);
const Bytes kMpk = hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

Timestamp ts_at(Time t) { return *make_timestamp(TsType::kNtpUtc, t, default_epoch()); }

Freshness fresh_at(Time now, ReplayCache* cache = nullptr) {
  Freshness f;
  f.now = now;
  f.max_skew = 2_s;
  f.replay = cache;
  return f;
}

SpPayload srtp_policy() {
  return SpPayload{0, 0, {{0, {1}}, {1, {16}}, {2, {1}}, {3, {20}}, {4, {14}}, {11, {10}}}};
}

PskInit psk_init() {
  PskInit m;
  m.csb_id = 0x11223344;
  m.want_verify = true;
  m.sessions = {{0, 0xDEADBEEF, 0}};
  m.t = ts_at(100_s);
  m.rand = Bytes(16, 0x5A);
  m.idi = IdPayload{1, to_bytes("sip:alice@ims.example")};
  m.idr = IdPayload{1, to_bytes("sip:bob@ims.example")};
  m.policies = {srtp_policy()};
  m.keys = {KeyData{KeyDataType::kTgk, KvType::kSpi, Bytes(16, 0x77), {}, hex("00000001"), {}, {}}};
  return m;
}

TEST(MikeyPsk, InitVerifyRoundTripWithAesCm) {
  PskInit init = psk_init();
  auto wire = build_psk_init(init, kPsk);
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  // KEMAC key data is encrypted: the TGK bytes do not appear on the wire.
  Bytes tgk(16, 0x77);
  EXPECT_EQ(std::search(wire->begin(), wire->end(), tgk.begin(), tgk.end()), wire->end());
  ReplayCache cache(100, 10_s);
  auto parsed = parse_psk_init(*wire, kPsk, fresh_at(100_s, &cache));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->message, init);

  PskVerify v{ts_at(100_s + 10_ms), IdPayload{1, to_bytes("sip:bob@ims.example")}};
  auto vwire = build_psk_verify(v, parsed->binding);
  ASSERT_TRUE(vwire.ok()) << vwire.error().message;
  auto mine = psk_init_binding(init, kPsk);
  ASSERT_TRUE(mine.ok());
  auto back = parse_psk_verify(*vwire, *mine, fresh_at(100_s + 20_ms));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, v);
  // The R_MESSAGE MAC covers T_i: a binding with another initiator timestamp rejects it.
  PskInit other = init;
  other.t = ts_at(101_s);
  auto wrong = parse_psk_verify(*vwire, *psk_init_binding(other, kPsk), fresh_at(100_s));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, K::kBadMac);
}

TEST(MikeyPsk, TrafficKeysFromTheTransportedTgk) {
  PskInit init = psk_init();
  auto parsed = parse_psk_init(*build_psk_init(init, kPsk), kPsk, fresh_at(100_s));
  ASSERT_TRUE(parsed.ok());
  auto keys = derive_traffic_keys(parsed->message.prf, parsed->message.keys[0].key, 1,
                                  parsed->message.csb_id, parsed->message.rand);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->tek.size(), 16u);
  EXPECT_EQ(keys->salt.size(), 14u);
}

TEST(MikeyPsk, NullEncryptionAndSha256Prf) {
  PskInit init = psk_init();
  init.encr = EncrAlg::kNull;
  init.prf = PrfFunc::kHmacSha256;
  auto wire = build_psk_init(init, kPsk);
  ASSERT_TRUE(wire.ok());
  auto parsed = parse_psk_init(*wire, kPsk, fresh_at(100_s));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->message, init);
}

TEST(MikeyPsk, ReceiverErrors) {
  Bytes wire = *build_psk_init(psk_init(), kPsk);
  {  // wrong key
    auto r = parse_psk_init(wire, kOtherPsk, fresh_at(100_s));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, K::kBadMac);
    EXPECT_EQ(r.error().offset, wire.size() - 20);
  }
  {  // tampered byte in the RAND
    Bytes t = wire;
    t[35] ^= 1;
    EXPECT_EQ(parse_psk_init(t, kPsk, fresh_at(100_s)).error().kind, K::kBadMac);
  }
  {  // expired timestamp
    auto r = parse_psk_init(wire, kPsk, fresh_at(103_s));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, K::kStaleTimestamp);
    EXPECT_EQ(r.error().offset, 19u);  // the T payload after a 1-entry SRTP-ID header
  }
  {  // replay
    ReplayCache cache(10, 10_s);
    EXPECT_TRUE(parse_psk_init(wire, kPsk, fresh_at(100_s, &cache)).ok());
    auto r = parse_psk_init(wire, kPsk, fresh_at(101_s, &cache));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, K::kReplay);
  }
  {  // a real I_MESSAGE without MAC is refused by the verifying parser
    Bytes v = testing::read_file(testing::vector_path("mikey/tsitle_rtsp_sdp_psk_init_mki.bin"));
    auto r = parse_psk_init(v, kPsk, fresh_at(100_s));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, K::kBadMac);
    EXPECT_NE(r.error().message.find("not authenticated"), std::string::npos);
  }
  {  // an R_MESSAGE given to the I_MESSAGE parser
    auto b = psk_init_binding(psk_init(), kPsk);
    Bytes r = *build_psk_verify(PskVerify{ts_at(100_s), {}}, *b);
    EXPECT_EQ(parse_psk_init(r, kPsk, fresh_at(100_s)).error().kind, K::kWrongMessage);
  }
}

TEST(MikeyPsk, ErrorMessageSignedAndUnsigned) {
  auto b = psk_init_binding(psk_init(), kPsk);
  ErrorMessage e{b->csb_id, PrfFunc::kMikey1, ts_at(100_s),
                 {std::uint8_t(ErrorNo::kAuthFailure), std::uint8_t(ErrorNo::kInvalidTimestamp)}};
  auto signed_wire = build_error(e, &*b);
  ASSERT_TRUE(signed_wire.ok());
  auto back = parse_error(*signed_wire, &*b, fresh_at(100_s));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, e);
  auto plain = build_error(e, nullptr);
  ASSERT_TRUE(plain.ok());
  auto back2 = parse_error(*plain, nullptr, fresh_at(100_s));
  ASSERT_TRUE(back2.ok()) << back2.error().message;
  EXPECT_EQ(back2->errors, e.errors);
  EXPECT_EQ(parse_error(*plain, &*b, fresh_at(100_s)).error().kind, K::kBadMac);
  EXPECT_EQ(parse_error(*signed_wire, nullptr, fresh_at(100_s)).error().kind, K::kMisplacedPayload);
}

// ------------------------------------------------------------ MIKEY-TICKET and the proposal

RequestInit request_init() {
  RequestInit m;
  m.header.csb_id = 0x0BADCAFE;
  m.t = ts_at(50_s);
  m.rand_i = Bytes(16, 0x31);
  m.initiator = Identity::uri("sip:alice@ims.example");
  m.kms = Identity::uri("kms.ims.example");
  m.responders = {Identity::uri("sip:bob@ims.example"), Identity::uri("sip:carol@ims.example"),
                  Identity::uri("sip:friends@ims.example;group")};
  m.policies = {srtp_policy()};
  m.psk_id = Identity{std::uint8_t(IdType::kByteString), to_bytes("I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example")};
  m.tp = key_id_ticket({}).policy;
  return m;
}

TEST(MikeyTicket, RequestExchangeRoundTrip) {
  RequestInit req = request_init();
  auto wire = build_request_init(req, kPsk);
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  auto peek = peek_request_init(*wire);
  ASSERT_TRUE(peek.ok()) << peek.error().message;
  EXPECT_EQ(*peek, req);
  ReplayCache cache(100, 10_s);
  auto kms = parse_request_init(*wire, kPsk, fresh_at(50_s, &cache));
  ASSERT_TRUE(kms.ok()) << kms.error().message;
  EXPECT_EQ(kms->message, req);
  EXPECT_EQ(kms->message.responders.size(), 3u);

  RequestResp resp;
  resp.header.csb_id = req.header.csb_id;
  resp.t = ts_at(50_s + 1_ms);
  resp.kms = req.kms;
  resp.ticket = key_id_ticket(hex("4b4559494430303031"));
  resp.keys = {KeyData{KeyDataType::kTekSalt, KvType::kSpi, Bytes(16, 0xE1), Bytes(14, 0xE2),
                       hex("00000042"), {}, {}},
               KeyData{KeyDataType::kMpk, KvType::kNull, Bytes(16, 0xE3), {}, {}, {}, {}}};
  auto rwire = build_request_resp(resp, kms->binding);
  ASSERT_TRUE(rwire.ok()) << rwire.error().message;
  auto ue = parse_request_resp(*rwire, *binding_of(req, kPsk), fresh_at(50_s + 2_ms));
  ASSERT_TRUE(ue.ok()) << ue.error().message;
  EXPECT_EQ(*ue, resp);
  // Bound to the request: another request's binding (other RAND) fails.
  RequestInit other = req;
  other.rand_i = Bytes(16, 0x32);
  EXPECT_EQ(parse_request_resp(*rwire, *binding_of(other, kPsk), fresh_at(50_s)).error().kind,
            K::kBadMac);
}

TEST(MikeyTicket, ResolveExchangeRoundTrip) {
  ResolveInit req;
  req.header.csb_id = 0x0BADCAFE;
  req.t = ts_at(60_s);
  req.rand_r = Bytes(16, 0x41);
  req.responder = Identity::uri("sip:bob@ims.example");
  req.kms = Identity::uri("kms.ims.example");
  req.psk_id = Identity{2, to_bytes("btid-bob@bsf")};
  req.ticket = key_id_ticket(hex("4b4559494430303031"));
  auto wire = build_resolve_init(req, kOtherPsk);
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  EXPECT_EQ(*peek_resolve_init(*wire), req);
  auto kms = parse_resolve_init(*wire, kOtherPsk, fresh_at(60_s));
  ASSERT_TRUE(kms.ok()) << kms.error().message;
  EXPECT_EQ(kms->message, req);
  EXPECT_EQ(parse_resolve_init(*wire, kPsk, fresh_at(60_s)).error().kind, K::kBadMac);

  ResolveResp resp;
  resp.header.csb_id = req.header.csb_id;
  resp.t = ts_at(60_s);
  resp.kms = req.kms;
  resp.initiator = Identity::uri("sip:alice@ims.example");
  resp.keys = {KeyData{KeyDataType::kTekSalt, KvType::kSpi, Bytes(16, 0xE1), Bytes(14, 0xE2),
                       hex("00000042"), {}, {}}};
  auto rwire = build_resolve_resp(resp, kms->binding);
  ASSERT_TRUE(rwire.ok());
  auto ue = parse_resolve_resp(*rwire, *binding_of(req, kOtherPsk), fresh_at(60_s));
  ASSERT_TRUE(ue.ok()) << ue.error().message;
  EXPECT_EQ(*ue, resp);
}

TEST(MikeyTicket, TransferExchangeRoundTripWithGenericIdMap) {
  TransferInit ti;
  ti.header.csb_id = 0x01020304;
  ti.header.map_type = CsIdMapType::kGenericId;
  ti.header.generic_map = {GenericIdEntry{1, 0, false, {0}, hex("deadbeef00000000"), {}}};
  ti.t = ts_at(70_s);
  ti.rand_i = Bytes(16, 0x51);
  ti.initiator = Identity::uri("sip:alice@ims.example");
  ti.responder = Identity::uri("sip:bob@ims.example");
  ti.policies = {srtp_policy()};
  ti.ticket = TicketPayload{TicketPolicy{1, 0, 1, 0, 0x0003, {}, 0}, Bytes(48, 0x99), {}};
  auto wire = build_transfer_init(ti, kMpk);
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  auto r = parse_transfer_init(*wire, kMpk, fresh_at(70_s));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->message, ti);
  TransferResp tr;
  tr.header = ti.header;
  tr.t = ts_at(70_s + 5_ms);
  tr.responder = ti.responder;
  tr.rand_r = Bytes(16, 0x61);
  auto rwire = build_transfer_resp(tr, r->binding);
  ASSERT_TRUE(rwire.ok()) << rwire.error().message;
  auto back = parse_transfer_resp(*rwire, *binding_of(ti, kMpk), fresh_at(70_s));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, tr);
}

TEST(MikeyTicket, ReceiverErrors) {
  Bytes wire = *build_request_init(request_init(), kPsk);
  EXPECT_EQ(parse_request_init(wire, kOtherPsk, fresh_at(50_s)).error().kind, K::kBadMac);
  EXPECT_EQ(parse_request_init(wire, kPsk, fresh_at(60_s)).error().kind, K::kStaleTimestamp);
  ReplayCache cache(10, 10_s);
  EXPECT_TRUE(parse_request_init(wire, kPsk, fresh_at(50_s, &cache)).ok());
  EXPECT_EQ(parse_request_init(wire, kPsk, fresh_at(50_s, &cache)).error().kind, K::kReplay);
  Bytes tampered = wire;
  tampered[30] ^= 0x80;  // inside the RANDRi value
  auto e = parse_request_init(tampered, kPsk, fresh_at(50_s));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, K::kBadMac);
  EXPECT_EQ(parse_resolve_init(wire, kPsk, fresh_at(50_s)).error().kind, K::kWrongMessage);
}

TEST(MikeyTicket, ShapeErrorsNameThePayload) {
  // A REQUEST_INIT whose TP is missing: hand-built through the codec.
  Message m;
  m.header.data_type = DataType::kRequestInitPsk;
  m.header.map_type = CsIdMapType::kEmpty;
  m.payloads = {TPayload{ts_at(0_s)}, RandrPayload{1, Bytes(16, 1)},
                VPayload{MacAlg::kHmacSha1_160, Bytes(20, 0)}};
  auto e = peek_request_init(*encode(m));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, K::kMissingPayload);
  EXPECT_NE(e.error().message.find("TP payload expected"), std::string::npos) << e.error().message;
  // An IDRkms after the IDRr list is out of order.
  m.payloads = {TPayload{ts_at(0_s)}, RandrPayload{1, Bytes(16, 1)},
                IdrPayload{2, 1, to_bytes("sip:bob")}, IdrPayload{3, 1, to_bytes("kms")},
                TpPayload{}, VPayload{MacAlg::kHmacSha1_160, Bytes(20, 0)}};
  e = peek_request_init(*encode(m));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, K::kMissingPayload);
  EXPECT_NE(e.error().message.find("offset"), std::string::npos);
}

}  // namespace
}  // namespace imssim::mikey
