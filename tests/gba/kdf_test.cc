// The TS 33.220 Annex B KDF against the published vectors (tests/vectors/gba_kdf_vectors.json),
// Ks_NAF (the self-computed sample of protocols.md §7.2) and the B-TID.
#include "nodes/proto/gba/kdf.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "nodes/proto/gba/milenage.h"

namespace imssim::gba {
namespace {

nlohmann::json load() {
  std::ifstream in(IMSSIM_VECTORS_DIR "/gba_kdf_vectors.json");
  return nlohmann::json::parse(in);
}

Bytes hex(const nlohmann::json& j) { return *from_hex(j.get<std::string>()); }

// FC = 0x20 (TS 33.402 A.2): CK' || IK' = KDF(CK || IK, 0x20, access network id, SQN xor AK);
// RFC 5448 Appendix C cases 1-4.
TEST(Kdf, CkPrimeIkPrimeCases) {
  const auto cases = load()["kdf_fc20_ck_prime_ik_prime"]["cases"];
  ASSERT_EQ(cases.size(), 4u);
  for (const auto& c : cases) {
    const Bytes p0 = to_bytes(c["access_network_identity_P0"].get<std::string>());
    const Bytes p1 = hex(c["SQN_xor_AK_P1"]);
    Bytes key = hex(c["CK"]);
    append(key, hex(c["IK"]));
    EXPECT_EQ(to_hex(*kdf_input(0x20, {p0, p1})), c["KDF_S_hex"]) << "case " << c["case"];
    auto out = kdf(key, 0x20, {p0, p1});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(to_hex(ByteView(*out).first(16)), c["CK_prime"]) << "case " << c["case"];
    EXPECT_EQ(to_hex(ByteView(*out).last(16)), c["IK_prime"]) << "case " << c["case"];
  }
}

// FC = 0x11 (TS 33.401 A.3): KeNB = KDF(KASME, 0x11, uplink NAS COUNT).
TEST(Kdf, KenbCases) {
  const auto cases = load()["kdf_fc11_kenb"]["cases"];
  ASSERT_EQ(cases.size(), 6u);
  for (const auto& c : cases) {
    const std::uint8_t fc = std::uint8_t(std::stoi(c["FC"].get<std::string>(), nullptr, 16));
    auto out = kdf(hex(c["key_KASME"]), fc, {hex(c["P0_uplink_NAS_COUNT"])});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(to_hex(*out), c["output_KeNB"]);
    EXPECT_EQ(to_hex(*kdf_input(fc, {hex(c["P0_uplink_NAS_COUNT"])})).substr(10),
              c["L0"].get<std::string>());
  }
}

TEST(Kdf, ParameterLongerThan65535OctetsIsAnError) {
  Bytes big(65536, 0);
  auto r = kdf(Bytes(32, 1), 0x01, {Bytes(3), big});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "KDF: P1 is 65536 octets, more than the 65535 a 2-octet length L1 can carry");
  EXPECT_TRUE(kdf(Bytes(32, 1), 0x01, {Bytes(65535, 0)}).ok());
}

// protocols.md §7.2: Milenage set 1 CK, IK, RAND; IMPI user@ims.example.com; NAF_Id =
// kms.ims.example.com || 01 00 00 00 06.
TEST(KsNaf, SelfComputedSampleOfProtocolsMd) {
  const Block ck = *to_array<16>(*from_hex("b40ba9a3c58b2a05bbf0d987b21bf8cb"), "CK");
  const Block ik = *to_array<16>(*from_hex("f769bcd751044604127672711c6d3441"), "IK");
  const Block rand = *to_array<16>(*from_hex("23553cbe9637a89d218ae64dae47bf35"), "RAND");
  const Bytes id = naf_id("kms.ims.example.com", kUaImsUeKms);
  EXPECT_EQ(to_hex(id), to_hex(as_bytes("kms.ims.example.com")) + "0100000006");
  const Key256 ks = make_ks(ck, ik);
  EXPECT_EQ(to_hex(ks), "b40ba9a3c58b2a05bbf0d987b21bf8cbf769bcd751044604127672711c6d3441");
  // S = 01 | "gba-me" 0006 | RAND 0010 | IMPI 0014 | NAF_Id 0018.
  const std::string impi = "user@ims.example.com";
  EXPECT_EQ(to_hex(*kdf_input(kFcNafKey, {as_bytes(kGbaMe), rand, as_bytes(impi), id})),
            "01" + to_hex(as_bytes("gba-me")) + "0006" + to_hex(rand) + "0010" +
                to_hex(as_bytes(impi)) + "0014" + to_hex(id) + "0018");
  auto k = ks_naf(ks, rand, impi, id);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(to_hex(*k), "c900dad47e606029e67ebd667f701a38f9feb03d2bb6f70ac01272898599f75b");
  // Ks_int_NAF differs only by P0 = "gba-u".
  auto k_int = ks_int_naf(ks, rand, impi, id);
  EXPECT_NE(to_hex(*k_int), to_hex(*k));
  EXPECT_EQ(*k_int, *kdf(ks, 0x01, {as_bytes("gba-u"), rand, as_bytes(impi), id}));
  // Another Ua protocol gives another key (the NAF_Id binds the protocol).
  EXPECT_NE(*ks_naf(ks, rand, impi, naf_id("kms.ims.example.com", kUaHttpDigest)), *k);
}

TEST(Btid, SpecFormatAndRoundTrip) {
  const Block rand = *to_array<16>(*from_hex("23553cbe9637a89d218ae64dae47bf35"), "RAND");
  const std::string btid = make_btid(rand, "bsf.ims.example.com");
  EXPECT_EQ(btid, "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com");  // protocols.md §7.2
  auto parsed = parse_btid(btid);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->rand, rand);
  EXPECT_EQ(parsed->bsf_domain, "bsf.ims.example.com");
}

TEST(Btid, MalformedIdsAreRejectedWithReasons) {
  const std::pair<const char*, const char*> cases[] = {
      {"I1U8vpY3qJ0hiuZNrke/NQ==", "no '@'"},
      {"I1U8vpY3qJ0hiuZNrke/NQ==@a@b", "more than one '@'"},
      {"I1U8vpY3qJ0hiuZNrke/NQ=@bsf.example", "RAND part: base64"},
      {"I1U8vpY3qJ0hiuZNrke/@bsf.example", "RAND part: 15 byte(s), expected 16"},
      {"I1U8vpY3qJ0hiuZNrke/NQ==@", "the BSF server name is empty"},
      {"I1U8vpY3qJ0hiuZNrke/NQ==@bsf..example", "must have 1 to 63 characters"},
      {"I1U8vpY3qJ0hiuZNrke/NQ==@bsf_x.example", "character '_' at position 3"},
      {"I1U8vpY3qJ0hiuZNrke/NQ==@-bsf.example", "character '-' at position 0"},
  };
  for (auto [input, why] : cases) {
    auto r = parse_btid(input);
    ASSERT_FALSE(r.ok()) << input;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << input << ": " << r.error().message;
  }
}

}  // namespace
}  // namespace imssim::gba
