// The RFC 6733 header and AVP codec: exact bytes, padding, grouped values, strict decoding.
#include "nodes/proto/diameter/message.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/hex.h"

namespace imssim::diameter {
namespace {

Message sample() {
  Message m{
      kFlagRequest | kFlagProxiable, kCmdBootstrappingInfo, kAppZn, 0x11223344, 0x55667788, {}};
  m.avps.push_back(make_string(kSessionId, 0, true, "naf;1;2"));  // 7 octets + 1 pad
  m.avps.push_back(make_octets(kNafId, kVendor3gpp, true, Bytes{1, 2, 3, 4, 5, 6}));  // 6 + 2
  m.avps.push_back(make_grouped(
      kVendorSpecificApplicationId, 0, true,
      {make_u32(kVendorId, 0, true, kVendor3gpp), make_u32(kAuthApplicationId, 0, true, kAppZn)}));
  m.avps.push_back(make_octets(999, 0, false, Bytes{0xAA}));  // 1 + 3
  return m;
}

TEST(DiameterCodec, ExactBytesOfHeaderAndAvps) {
  Message m{kFlagRequest, 0x010203, 7, 1, 2, {make_string(kSessionId, 0, true, "a")}};
  EXPECT_EQ(to_hex(encode(m)),
            "01000020"  // version 1, length 32
            "80010203"  // R, command 0x010203
            "00000007"  // application
            "00000001"
            "00000002"  // hop-by-hop, end-to-end
            "00000107"
            "40000009"
            "61000000");  // Session-Id, M, length 9, "a", 3 padding octets
  Message v{0, 1, 0, 0, 0, {make_octets(401, kVendor3gpp, true, Bytes{0xBB, 0xCC})}};
  EXPECT_EQ(to_hex(encode(v)).substr(40),
            "00000191"
            "c000000e"
            "000028af"
            "bbcc0000");
}

TEST(DiameterCodec, RoundTripWithPaddingAndGroups) {
  const Message m = sample();
  const Bytes wire = encode(m);
  EXPECT_EQ(wire.size() % 4, 0u);
  auto d = decode(wire);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->flags, m.flags);
  EXPECT_EQ(d->command_code, m.command_code);
  EXPECT_EQ(d->application_id, m.application_id);
  EXPECT_EQ(d->hop_by_hop, 0x11223344u);
  EXPECT_EQ(d->end_to_end, 0x55667788u);
  ASSERT_EQ(d->avps.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(d->avps[i].code, m.avps[i].code);
    EXPECT_EQ(d->avps[i].vendor_id, m.avps[i].vendor_id);
    EXPECT_EQ(d->avps[i].mandatory, m.avps[i].mandatory);
    EXPECT_EQ(d->avps[i].data, m.avps[i].data);
  }
  auto inner = decode_avps(d->avps[2].data, "VSAI: ");
  ASSERT_TRUE(inner.ok());
  ASSERT_EQ(inner->size(), 2u);
  EXPECT_EQ(*as_u32((*inner)[0], "Vendor-Id"), kVendor3gpp);
  EXPECT_EQ(encode(*d), wire);
  auto len = peek_length(wire);
  ASSERT_TRUE(len.ok() && len->has_value());
  EXPECT_EQ(**len, wire.size());
  EXPECT_FALSE(peek_length(ByteView(wire).first(3))->has_value());
}

TEST(DiameterCodec, StrictDecodingNamesOffsetAndReason) {
  const Bytes good = encode(sample());
  auto with = [&](std::size_t at, std::uint8_t v) {
    Bytes b = good;
    b[at] = v;
    return b;
  };
  // Offsets: header 0-19; Session-Id AVP 20-35 (flags 24, length 25-27, value 28-34, pad 35);
  // NAF-Id AVP 36-55 (flags 40, Vendor-ID 44-47) ...
  const std::pair<Bytes, const char*> cases[] = {
      {Bytes(good.begin(), good.begin() + 19), "19 octet(s), a header has 20"},
      {with(0, 2), "version 2, expected 1"},
      {with(3, std::uint8_t(good[3] + 4)), "but "},
      {with(3, std::uint8_t(good[3] + 1)), "not a multiple of 4"},
      {with(4, 0xC1), "reserved command flag bits"},
      {with(4, 0xA0), "E bit set in a request"},
      {with(4, 0x10), "T bit set in an answer"},
      {with(24, 0x41), "AVP at offset 20: code 263: reserved flag bits"},
      {with(24, 0x60), "AVP at offset 20: code 263: P bit set"},
      {with(27, 7), "AVP at offset 20: code 263: length 7 is smaller than its 8-octet header"},
      {with(27, 200), "runs"},
      {with(35, 1), "AVP at offset 20: code 263: non-zero padding octet"},
      {with(42, 0x20), "AVP at offset 36: code 402: length 8210 runs"},
  };
  for (const auto& [wire, why] : cases) {
    auto r = decode(wire);
    ASSERT_FALSE(r.ok()) << why;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
  }
  Bytes vendor0 = with(46, 0);
  vendor0[47] = 0;
  EXPECT_EQ(decode(vendor0).error().message,
            "AVP at offset 36: code 402: V bit set with Vendor-ID 0");
}

TEST(DiameterCodec, EveryTruncationIsAnError) {
  const Message m = sample();
  const Bytes good = encode(m);
  // Where a shorter but complete message could end: after the header or after a whole AVP.
  std::vector<std::size_t> boundaries{kHeaderBytes};
  for (const auto& a : m.avps) boundaries.push_back(boundaries.back() + encode_avps({a}).size());
  for (std::size_t n = 0; n < good.size(); ++n) {
    Bytes cut(good.begin(), good.begin() + std::ptrdiff_t(n));
    EXPECT_FALSE(decode(cut).ok()) << n;
    // With the header's length fixed up to the cut, only cuts at AVP boundaries stay valid.
    if (n >= kHeaderBytes) {
      cut[1] = std::uint8_t(n >> 16);
      cut[2] = std::uint8_t(n >> 8);
      cut[3] = std::uint8_t(n);
      const bool boundary = std::find(boundaries.begin(), boundaries.end(), n) != boundaries.end();
      EXPECT_EQ(decode(cut).ok(), boundary) << "fixed-up length " << n;
    }
  }
}

TEST(DiameterCodec, PeekLengthRejectsGarbageEarly) {
  EXPECT_NE(peek_length(Bytes{2, 0, 0, 20}).error().message.find("version 2"), std::string::npos);
  EXPECT_NE(peek_length(Bytes{1, 0, 0, 16}).error().message.find("below 20"), std::string::npos);
  EXPECT_NE(peek_length(Bytes{1, 0, 0, 22}).error().message.find("multiple of 4"),
            std::string::npos);
}

TEST(DiameterValues, TimeUsesNtpSecondsWithTheRfc4330Era) {
  const std::int64_t t2026 = 1798765432;  // 2027-01-01
  Avp a = make_time(kKeyExpiryTime, kVendor3gpp, true, t2026);
  EXPECT_EQ(to_hex(a.data), "eee179f8");  // 1798765432 + 2208988800 = 0xeee179f8
  EXPECT_EQ(*as_time(a, "t"), t2026);
  const std::int64_t t2040 = 2208988800 + 100;  // after the 2036 wrap: MSB 0
  Avp b = make_time(kKeyExpiryTime, kVendor3gpp, true, t2040);
  EXPECT_LT(b.data[0], 0x80);
  EXPECT_EQ(*as_time(b, "t"), t2040);
  EXPECT_FALSE(as_time(make_octets(1, 0, true, Bytes(3)), "t").ok());
}

TEST(DiameterValues, Utf8IsValidated) {
  EXPECT_EQ(*as_utf8(make_string(1, 0, true, "user@ims.example.com"), "User-Name"),
            "user@ims.example.com");
  EXPECT_EQ(*as_utf8(make_octets(1, 0, true, Bytes{0xC3, 0xA9}), "x"), "\xC3\xA9");
  for (Bytes bad : {Bytes{0xC3}, Bytes{0xC0, 0x80}, Bytes{0xED, 0xA0, 0x80},
                    Bytes{0xF5, 0x80, 0x80, 0x80}, Bytes{0x80}, Bytes{0xE2, 0x28, 0xA1}})
    EXPECT_FALSE(as_utf8(make_octets(1, 0, true, bad), "x").ok()) << to_hex(bad);
}

TEST(DiameterValues, SessionIdForm) {
  EXPECT_EQ(make_session_id("kms.ims", 1, 42), "kms.ims;1;42");
}

}  // namespace
}  // namespace imssim::diameter
