// Torture: truncation at every byte offset, bit flips and random garbage through the decoder
// and every parser. Every outcome is a value or a typed error with a message, never a crash
// (the test build runs under ASan/UBSan).
#include <gtest/gtest.h>

#include "common/rng.h"
#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/psk_messages.h"
#include "nodes/proto/mikey/ticket_messages.h"
#include "tests/mikey/test_util.h"

namespace imssim::mikey {
namespace {

using namespace time_literals;
using K = MikeyError::Kind;

const Bytes kKey(32, 0x21);

std::vector<Bytes> sample_messages() {
  std::vector<Bytes> out;
  for (const char* f : {"mikey/tsitle_rtsp_sdp_psk_init_mki.bin",
                        "mikey/tsitle_mikeytest_roundtrip1_psk_init_mki.bin",
                        "mikey/tsitle_mikeytest_gstreamer_generated_psk_init.bin",
                        "mikey/tsitle_srtcp_known_packet_psk_init_mki.bin"})
    out.push_back(testing::read_file(testing::vector_path(f)));
  Timestamp t = *make_timestamp(TsType::kNtpUtc, 1_s, default_epoch());
  PskInit pi;
  pi.csb_id = 7;
  pi.sessions = {{0, 1, 0}};
  pi.t = t;
  pi.rand = Bytes(16, 1);
  pi.keys = {KeyData{KeyDataType::kTgk, KvType::kNull, Bytes(16, 2), {}, {}, {}, {}}};
  out.push_back(*build_psk_init(pi, kKey));
  RequestInit ri;
  ri.t = t;
  ri.rand_i = Bytes(16, 3);
  ri.initiator = Identity::uri("sip:a@x");
  ri.responders = {Identity::uri("sip:b@x")};
  out.push_back(*build_request_init(ri, kKey));
  RequestResp rr;
  rr.t = t;
  rr.ticket = key_id_ticket(Bytes(8, 4));
  rr.keys = pi.keys;
  out.push_back(*build_request_resp(rr, *binding_of(ri, kKey)));
  return out;
}

// Runs every parser on `wire`; all must return (value or error with a message).
void exercise(ByteView wire) {
  Freshness f;
  f.now = 1_s;
  auto check = [](const auto& r) {
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
    }
  };
  auto m = decode(wire);
  check(m);
  if (m.ok()) {
    auto again = encode(*m);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(to_hex(*again), to_hex(wire));
  }
  check(parse_psk_init(wire, kKey, f));
  check(peek_request_init(wire));
  check(peek_resolve_init(wire));
  check(peek_transfer_init(wire));
  check(parse_request_init(wire, kKey, f));
  auto b = binding_of(RequestInit{}, kKey);
  ASSERT_TRUE(b.ok());
  check(parse_request_resp(wire, *b, f));
  check(parse_resolve_resp(wire, *b, f));
  check(parse_transfer_resp(wire, *b, f));
  check(parse_psk_verify(wire, *b, f));
  check(parse_error(wire, &*b, f));
  check(parse_error(wire, nullptr, f));
}

TEST(MikeyTorture, TruncationAtEveryOffsetIsATruncatedError) {
  for (const Bytes& msg : sample_messages()) {
    for (std::size_t n = 0; n < msg.size(); ++n) {
      ByteView cut(msg.data(), n);
      auto m = decode(cut);
      ASSERT_FALSE(m.ok()) << "prefix of " << n << " bytes decoded";
      EXPECT_EQ(m.error().kind, K::kTruncated) << n << ": " << m.error().message;
      EXPECT_LE(m.error().offset, n);
      exercise(cut);
    }
  }
}

TEST(MikeyTorture, BitFlipsNeverCrash) {
  Rng rng(42);
  for (const Bytes& msg : sample_messages())
    for (int i = 0; i < 400; ++i) {
      Bytes b = msg;
      b[rng.uniform(b.size())] ^= std::uint8_t(1u << rng.uniform(8));
      exercise(b);
    }
}

TEST(MikeyTorture, RandomGarbageIsRejected) {
  Rng rng(7);
  int decoded = 0;
  for (int i = 0; i < 3000; ++i) {
    Bytes b = rng.bytes(rng.uniform(200));
    if (decode(b).ok()) ++decoded;
    exercise(b);
  }
  EXPECT_LT(decoded, 5);
}

}  // namespace
}  // namespace imssim::mikey
