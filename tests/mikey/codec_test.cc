// The codec against real messages from other implementations (tests/vectors/mikey) and
// hand-made edge cases.
#include "nodes/proto/mikey/codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "nodes/proto/mikey/describe.h"
#include "tests/mikey/test_util.h"

namespace imssim::mikey {
namespace {

using testing::hex;
using testing::read_file;
using testing::vector_path;
using K = MikeyError::Kind;

nlohmann::json vectors() {
  std::ifstream in(vector_path("mikey/mikey_messages.json"));
  return nlohmann::json::parse(in);
}

std::string hex32(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

TEST(MikeyVectors, DecodeCheckEveryFieldAndReencodeByteIdentical) {
  auto j = vectors();
  ASSERT_EQ(j["messages"].size(), 4u);
  for (const auto& v : j["messages"]) {
    SCOPED_TRACE(v["file"].get<std::string>());
    Bytes wire = read_file(vector_path(v["file"].get<std::string>()));
    ASSERT_EQ(wire.size(), v["length"].get<std::size_t>());
    EXPECT_EQ(to_hex(wire), v["hex"].get<std::string>());
    auto m = decode(wire);
    ASSERT_TRUE(m.ok()) << m.error().message;
    const auto& e = v["expected"];
    EXPECT_EQ(int(m->header.data_type), e["data_type"].get<int>());
    EXPECT_EQ(hex32(m->header.csb_id), e["csb_id"].get<std::string>());
    EXPECT_EQ(m->header.n_cs, e["n_cs"].get<int>());
    EXPECT_EQ(m->header.map_type, CsIdMapType::kSrtpId);
    EXPECT_EQ(m->header.version, 1);
    EXPECT_FALSE(m->header.v_flag);
    EXPECT_EQ(m->header.prf, PrfFunc::kMikey1);
    ASSERT_EQ(m->header.srtp_map.size(), 1u);
    EXPECT_EQ(hex32(m->header.srtp_map[0].ssrc), e["ssrc"].get<std::string>());
    EXPECT_EQ(hex32(m->header.srtp_map[0].roc), e["roc"].get<std::string>());
    if (e.contains("policy_no")) {
      EXPECT_EQ(m->header.srtp_map[0].policy_no, e["policy_no"].get<int>());
    }

    // Payload chain T, RAND, SP, KEMAC (the reference decode's order).
    ASSERT_EQ(m->payloads.size(), 4u);
    const auto* t = std::get_if<TPayload>(&m->payloads[0]);
    const auto* rand = std::get_if<RandPayload>(&m->payloads[1]);
    const auto* sp = std::get_if<SpPayload>(&m->payloads[2]);
    const auto* kemac = std::get_if<KemacPayload>(&m->payloads[3]);
    ASSERT_TRUE(t && rand && sp && kemac);
    EXPECT_EQ(t->ts.type, TsType::kNtpUtc);
    EXPECT_EQ(rand->rand.size(), 16u);
    EXPECT_EQ(sp->prot_type, 0);
    EXPECT_EQ(kemac->encr_alg, 0);
    EXPECT_EQ(kemac->mac_alg, MacAlg::kNull);
    // Cross-check against the reference decode lines ("T type=0 ts=...", "RAND len=16 ...").
    const auto& ref = v["reference_decode"];
    EXPECT_EQ(ref[2].get<std::string>(), "T type=0 ts=" + to_hex(wire).substr(2 * 21, 16));
    EXPECT_EQ(ref[3].get<std::string>(), "RAND len=16 " + to_hex(rand->rand));

    auto keys = decode_key_data(kemac->encr_data);
    ASSERT_TRUE(keys.ok()) << keys.error().message;
    ASSERT_EQ(keys->size(), 1u);
    const KeyData& k = (*keys)[0];
    EXPECT_EQ(k.type, KeyDataType::kTek);
    // Vendor practice: master key || master salt in one 30-byte TEK field.
    ASSERT_EQ(k.key.size(), 30u);
    EXPECT_EQ(to_hex(ByteView(k.key).first(16)), e["master_key"].get<std::string>());
    EXPECT_EQ(to_hex(ByteView(k.key).subspan(16)), e["master_salt"].get<std::string>());
    std::string mki = e.contains("mki") ? e["mki"].get<std::string>() : "absent";
    if (mki == "absent") {
      EXPECT_EQ(k.kv, KvType::kNull);
    } else {
      EXPECT_EQ(k.kv, KvType::kSpi);
      EXPECT_EQ(to_hex(k.spi), mki);
    }
    if (e.contains("sp_params")) {
      // "0 enc alg": "01 AES-CM" -> parameter 0 with value 01
      for (const auto& [name, val] : e["sp_params"].items()) {
        int type = std::stoi(name);
        std::string value_hex = val.get<std::string>().substr(0, 2);
        bool found = false;
        for (const auto& p : sp->params)
          if (p.type == type) {
            found = true;
            EXPECT_EQ(to_hex(p.value), value_hex) << name;
          }
        EXPECT_TRUE(found) << name;
      }
      EXPECT_EQ(sp->params.size(), e["sp_params"].size());
    }
    if (e.contains("sp_param3_auth_key_len_octets")) {
      // Accepted as well-formed: the codec does not judge SRTP policy values (README).
      for (const auto& p : sp->params) {
        if (p.type == 3) {
          EXPECT_EQ(p.value, Bytes{std::uint8_t(e["sp_param3_auth_key_len_octets"].get<int>())});
        }
      }
    }
    if (e.contains("kdr") && e["kdr"] == "absent") {
      for (const auto& p : sp->params) EXPECT_NE(p.type, 6);
    }

    auto again = encode(*m);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again, wire);
  }
}

TEST(MikeyVectors, GstreamerHeaderEncodings) {
  auto g = vectors()["gstreamer_header_encodings"];
  Message m;
  m.header.csb_id = 0x12345678;
  auto wire = encode(m);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(to_hex(*wire), g["common_header_no_cs"]["hex"].get<std::string>());
  m.header.n_cs = 2;
  m.header.srtp_map = {{1, 0x12345678, 0}, {2, 0x23456789, 1}};
  wire = encode(m);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire->size(), 28u);
  EXPECT_EQ(to_hex(ByteView(*wire).subspan(10)), g["cs_id_map_two_entries_after_header"]["hex_bytes_10_to_27"].get<std::string>());
  auto back = decode(*wire);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, m);
}

Message ticket_message_with_everything() {
  Message m;
  m.header.data_type = DataType::kRequestResp;
  m.header.prf = PrfFunc::kHmacSha256;
  m.header.csb_id = 0xCAFEBABE;
  m.header.map_type = CsIdMapType::kGenericId;
  m.header.n_cs = 1;
  m.header.generic_map = {GenericIdEntry{1, 0, true, {0, 1}, hex("0102030400000000"), hex("aa")}};
  m.payloads.push_back(TPayload{{TsType::kNtpUtc32, 0xE1234567}});
  m.payloads.push_back(TrPayload{std::uint8_t(TsRole::kValidityEnd), {TsType::kNtpUtc, 0x1122334455667788}});
  m.payloads.push_back(RandrPayload{std::uint8_t(RandRole::kKms), Bytes(16, 0x42)});
  m.payloads.push_back(IdrPayload{std::uint8_t(IdRole::kKms), std::uint8_t(IdType::kUri), to_bytes("sip:kms.example")});
  m.payloads.push_back(TicketPayload{TicketPolicy{1, 2, 3, 1, 0x0801, hex("beef"), 0x15}, hex("00112233"), hex("0102")});
  KeyData tgk{KeyDataType::kTgkSalt, KvType::kInterval, Bytes(16, 1), Bytes(14, 2), {}, hex("01"), hex("0203")};
  KeyData mpk{KeyDataType::kMpk, KvType::kSpi, Bytes(20, 3), {}, hex("00000007"), {}, {}};
  Bytes chain;
  EXPECT_TRUE(encode_key_data({tgk, mpk}, chain).ok());
  m.payloads.push_back(KemacPayload{std::uint8_t(EncrAlg::kNull), chain, MacAlg::kNull, {}});
  m.payloads.push_back(ErrPayload{12, 0});
  m.payloads.push_back(GeneralExtPayload{0, to_bytes("imssim")});
  m.payloads.push_back(VPayload{MacAlg::kHmacSha1_160, Bytes(20, 9)});
  return m;
}

TEST(MikeyCodec, TicketPayloadsRoundTrip) {
  Message m = ticket_message_with_everything();
  auto wire = encode(m);
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  auto back = decode(*wire);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, m);
  auto again = encode(*back);
  EXPECT_EQ(*again, *wire);
  auto keys = decode_key_data(std::get<KemacPayload>(back->payloads[5]).encr_data);
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].salt, Bytes(14, 2));
  EXPECT_EQ((*keys)[0].valid_to, hex("0203"));
  EXPECT_EQ((*keys)[1].type, KeyDataType::kMpk);
  EXPECT_EQ((*keys)[1].spi, hex("00000007"));
}

// RFC 6043 §6.10: PRF Func (7 bits) and D share a byte; E..O fill the next 11 bits, then 5
// reserved bits; the TICKET adds Ticket Data and Initiator Data, each with a 16-bit length.
TEST(MikeyCodec, TicketPolicyAndTicketFollowTheRfc6043Layout) {
  Message m;
  m.header.data_type = DataType::kRequestResp;
  TicketPolicy tp{0x0001, 0x01, 0x01, 1, ticket_flag::kD | ticket_flag::kE | ticket_flag::kO,
                  hex("aabb"), 0};
  m.payloads.push_back(TpPayload{tp});
  m.payloads.push_back(TicketPayload{tp, hex("c0ffee"), hex("11")});
  auto wire = encode(m);
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  Bytes tail(wire->begin() + 10, wire->end());  // after the 10-byte HDR with no CS entries
  EXPECT_EQ(to_hex(tail),
            "11" "0001" "01" "01" "03" "8020" "0002" "aabb"                   // TP
            "00" "0001" "01" "01" "03" "8020" "0002" "aabb" "0003" "c0ffee" "0001" "11");
  EXPECT_EQ(*decode(*wire), m);
  tp.prf_func = 0x80;  // does not fit 7 bits
  m.payloads = {TpPayload{tp}};
  EXPECT_FALSE(encode(m).ok());
}

TEST(MikeyCodec, NextPayloadChainIsDerivedFromTheList) {
  Message m = ticket_message_with_everything();
  auto wire = *encode(m);
  EXPECT_EQ(wire[2], std::uint8_t(PayloadType::kT));      // HDR next payload
  EXPECT_EQ(wire[wire.size() - 22], 0);                   // V is last
}

TEST(MikeyCodec, Rfc3830HeaderBits) {
  Message m;
  m.header.v_flag = true;
  m.header.prf = PrfFunc::kHmacSha256;
  auto wire = *encode(m);
  EXPECT_EQ(wire[3], 0x81);
}

MikeyError decode_error(const Bytes& wire) {
  auto m = decode(wire);
  EXPECT_FALSE(m.ok());
  return m.ok() ? MikeyError{} : m.error();
}

TEST(MikeyCodec, StrictErrorsNameKindOffsetAndPayload) {
  Bytes good = read_file(vector_path("mikey/tsitle_rtsp_sdp_psk_init_mki.bin"));
  {  // trailing byte
    Bytes b = good;
    b.push_back(0);
    auto e = decode_error(b);
    EXPECT_EQ(e.kind, K::kTrailingBytes);
    EXPECT_EQ(e.offset, good.size());
  }
  {  // version 2
    Bytes b = good;
    b[0] = 2;
    auto e = decode_error(b);
    EXPECT_EQ(e.kind, K::kBadValue);
    EXPECT_NE(e.message.find("HDR"), std::string::npos);
  }
  {  // HDR says the first payload is 99
    Bytes b = good;
    b[2] = 99;
    auto e = decode_error(b);
    EXPECT_EQ(e.kind, K::kUnknownPayload);
    EXPECT_NE(e.message.find("99"), std::string::npos);
  }
  {  // T says next is V: not allowed in an I_MESSAGE
    Bytes b = good;
    b[19] = std::uint8_t(PayloadType::kV);
    auto e = decode_error(b);
    EXPECT_EQ(e.kind, K::kMisplacedPayload);
    EXPECT_EQ(e.offset, 29u);
    EXPECT_NE(e.message.find("V payload at offset 29"), std::string::npos);
  }
  {  // KEMAC Encr data length larger than what is left
    Bytes b = good;
    b[84] = 0x01;  // 0x0027 -> 0x0127
    auto e = decode_error(b);
    EXPECT_EQ(e.kind, K::kTruncated);
    EXPECT_NE(e.message.find("KEMAC at offset 82"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("Encr data"), std::string::npos) << e.message;
  }
  {  // key data length inside the clear KEMAC larger than the chain
    Bytes b = good;
    b[89] = 0x30;  // key data len 0x001e -> 0x0030
    auto e = decode_error(b);
    EXPECT_NE(e.message.find("Key data"), std::string::npos) << e.message;
  }
  {  // unsupported data type (DH init)
    Bytes b = good;
    b[1] = 4;
    EXPECT_EQ(decode_error(b).kind, K::kUnsupported);
  }
  {  // unknown CS ID map type
    Bytes b = good;
    b[9] = 9;
    EXPECT_EQ(decode_error(b).kind, K::kUnsupported);
  }
}

TEST(MikeyCodec, VMustBeLast) {
  Message m;
  m.header.data_type = DataType::kPskVerify;
  m.payloads.push_back(VPayload{MacAlg::kNull, {}});
  m.payloads.push_back(TPayload{});
  auto wire = encode(m);
  ASSERT_TRUE(wire.ok());
  auto e = decode_error(*wire);
  EXPECT_EQ(e.kind, K::kMisplacedPayload);
  EXPECT_NE(e.message.find("last"), std::string::npos);
}

TEST(MikeyCodec, EncodeRejectsModelsThatDoNotFit) {
  Message m;
  m.header.n_cs = 2;  // but no entries
  EXPECT_FALSE(encode(m).ok());
  Message v;
  v.header.data_type = DataType::kPskVerify;
  v.payloads.push_back(VPayload{MacAlg::kHmacSha1_160, Bytes(19, 0)});
  EXPECT_EQ(encode(v).error().kind, K::kBadLength);
  Message id;
  id.payloads.push_back(IdPayload{1, Bytes(70000, 'a')});
  EXPECT_EQ(encode(id).error().kind, K::kBadLength);
}

}  // namespace
}  // namespace imssim::mikey
