// libsrtp through our wrapper against external vectors: the libsrtp packet vectors (exact
// bytes both ways), the SRTCP packet that came with a real MIKEY message, and what of RFC 3711
// Appendix B and the ACVP KDF vectors can be reached through the protect output.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>

#include "common/hex.h"
#include "nodes/proto/srtp/session.h"

namespace imssim::srtp {
namespace {

nlohmann::json load(const std::string& name) {
  std::ifstream in(std::string(IMSSIM_VECTORS_DIR) + "/" + name);
  EXPECT_TRUE(in.good()) << name;
  return nlohmann::json::parse(in);
}

Bytes hex(const nlohmann::json& v) { return from_hex(v.get<std::string>()).value(); }

std::unique_ptr<Session> session(Profile profile, Direction direction, Bytes key, Bytes salt,
                                 Bytes mki = {}) {
  SessionConfig c;
  c.profile = profile;
  c.direction = direction;
  c.master_key = std::move(key);
  c.master_salt = std::move(salt);
  c.mki = std::move(mki);
  auto s = Session::create(c);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(*s) : nullptr;
}

Profile profile_of(const std::string& name) {
  if (name.rfind("AES_CM_128_HMAC_SHA1_80", 0) == 0) return Profile::kAesCm128HmacSha1_80;
  if (name.rfind("NULL cipher", 0) == 0) return Profile::kNullHmacSha1_80;
  if (name.rfind("AES_CM_256_HMAC_SHA1_80", 0) == 0) return Profile::kAesCm256HmacSha1_80;
  ADD_FAILURE() << "unknown vector " << name;
  return Profile::kAesCm128HmacSha1_80;
}

TEST(SrtpVectors, LibsrtpPacketVectorsGiveIdenticalBytesAndUnprotectBack) {
  auto doc = load("srtp_libsrtp_packet_vectors.json");
  int cases = 0;
  for (const auto& c : doc["cases"]) {
    std::string name = c["name"];
    SCOPED_TRACE(name);
    Profile profile = profile_of(name);
    Bytes key = hex(c["master_key"]), salt = hex(c["master_salt"]);
    auto out = session(profile, Direction::kOutbound, key, salt);
    auto in = session(profile, Direction::kInbound, key, salt);
    ASSERT_TRUE(out && in);

    Bytes rtp = hex(c["rtp_plain"]);
    ASSERT_TRUE(out->protect_rtp(rtp).ok());
    EXPECT_EQ(to_hex(rtp), c["srtp_protected"].get<std::string>());
    Bytes back = hex(c["srtp_protected"]);
    ASSERT_TRUE(in->unprotect_rtp(back).ok());
    EXPECT_EQ(to_hex(back), c["rtp_plain"].get<std::string>());
    ++cases;

    if (c.contains("rtcp_plain")) {
      Bytes rtcp = hex(c["rtcp_plain"]);
      // libsrtp numbers SRTCP packets from 1 (the vectors' index 1 is the first packet).
      ASSERT_TRUE(out->protect_rtcp(rtcp).ok());
      EXPECT_EQ(to_hex(rtcp), c["srtcp_protected"].get<std::string>());
      Bytes rtcp_back = hex(c["srtcp_protected"]);
      ASSERT_TRUE(in->unprotect_rtcp(rtcp_back).ok());
      EXPECT_EQ(to_hex(rtcp_back), c["rtcp_plain"].get<std::string>());
      ++cases;
    }
  }
  EXPECT_EQ(cases, 5);  // 3 RTP + 2 RTCP
}

// tsitle/ts_rtsp_server's known SRTCP packet: key, salt and MKI as listed with its MIKEY
// message (the MIKEY decoder will supply them once wired).
TEST(SrtpVectors, MikeySampleSrtcpAuthenticatesAndDecrypts) {
  auto doc = load("mikey/mikey_messages.json");
  const nlohmann::json* sample = nullptr;
  for (const auto& m : doc["messages"])
    if (m["expected"].contains("end_to_end_srtcp")) sample = &m;
  ASSERT_NE(sample, nullptr);
  const auto& e = (*sample)["expected"];
  auto in = session(Profile::kAesCm128HmacSha1_80, Direction::kInbound, hex(e["master_key"]),
                    hex(e["master_salt"]), hex(e["mki"]));
  ASSERT_TRUE(in);
  Bytes packet = hex(e["end_to_end_srtcp"]["srtcp_packet_hex"]);
  Bytes original = packet;
  auto ok = in->unprotect_rtcp(packet);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(to_hex(packet), e["end_to_end_srtcp"]["expected_rtcp_plain_hex"].get<std::string>());
  std::string text(as_chars(packet));
  EXPECT_NE(text.find("some-cname-DEADBEEF"), std::string::npos);
  // The same packet again is a replay; one flipped bit fails authentication.
  Bytes replay = original;
  auto again = in->unprotect_rtcp(replay);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kReplay);
  auto fresh = session(Profile::kAesCm128HmacSha1_80, Direction::kInbound, hex(e["master_key"]),
                       hex(e["master_salt"]), hex(e["mki"]));
  Bytes tampered = original;
  tampered[10] ^= 0x01;
  auto bad = fresh->unprotect_rtcp(tampered);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kAuthFailure);
  EXPECT_EQ(tampered[10], original[10] ^ 0x01);  // left as it was
  // A wrong MKI is named as such.
  auto other_mki = session(Profile::kAesCm128HmacSha1_80, Direction::kInbound,
                           hex(e["master_key"]), hex(e["master_salt"]), Bytes{0, 0, 0, 2});
  Bytes p2 = original;
  auto mki_error = other_mki->unprotect_rtcp(p2);
  ASSERT_FALSE(mki_error.ok());
  EXPECT_EQ(mki_error.error().kind, ErrorKind::kBadMki) << mki_error.error().message;
}

// --- RFC 3711 Appendix B and the ACVP KDF vectors ---
// libsrtp has no API to run its KDF or AES-CM alone, and no key derivation rate other than
// 0. So: a small reference KDF (AES from OpenSSL) is checked against B.2, B.3 and every ACVP
// case, and libsrtp's protect output is then checked against keys from that reference for
// kdr = 0: the keystream (cipher key and salt, labels 0 and 2) and the tag (auth key, label 1).

Bytes aes128_block(ByteView key, ByteView block) {
  Bytes out(16 + 16);
  int n = 0;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EXPECT_EQ(EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), nullptr, key.data(), nullptr), 1);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  EXPECT_EQ(EVP_EncryptUpdate(ctx, out.data(), &n, block.data(), 16), 1);
  EVP_CIPHER_CTX_free(ctx);
  out.resize(16);
  return out;
}

// AES-CM keystream from a 16-byte initial counter (RFC 3711 §4.1.1), `n` bytes.
Bytes aes_cm(ByteView key, Bytes counter, std::size_t n) {
  Bytes out;
  while (out.size() < n) {
    append(out, aes128_block(key, counter));
    for (int i = 15; i >= 0 && ++counter[std::size_t(i)] == 0; --i) {
    }
  }
  out.resize(n);
  return out;
}

// RFC 3711 §4.3.1: key_id = label || r (r 48 bits for SRTP labels 0-2; for SRTCP labels 3-5
// the 32-bit SRTCP index), x = key_id XOR master_salt (right-aligned), IV = x * 2^16.
Bytes kdf(ByteView master_key, ByteView master_salt, std::uint8_t label, std::uint64_t r,
          std::size_t n) {
  std::size_t r_bytes = label <= 2 ? 6 : 4;
  Bytes iv(16, 0);
  std::copy(master_salt.begin(), master_salt.end(), iv.begin());
  std::size_t end = 14;  // key_id ends where the salt ends
  for (std::size_t i = 0; i < r_bytes; ++i) iv[end - 1 - i] ^= std::uint8_t(r >> (8 * i));
  iv[end - 1 - r_bytes] ^= label;
  return aes_cm(master_key, iv, n);
}

TEST(SrtpVectors, Rfc3711B2KeystreamMatchesTheReferenceAesCm) {
  auto b2 = load("srtp_rfc3711_vectors.json")["B2_aes_cm_keystream"];
  Bytes key = hex(b2["session_key"]);
  for (const auto& block : b2["blocks"])
    EXPECT_EQ(to_hex(aes128_block(key, hex(block["counter"]))),
              to_hex(hex(block["keystream"])));
}

TEST(SrtpVectors, Rfc3711B3KeyDerivationMatchesTheReferenceKdf) {
  auto b3 = load("srtp_rfc3711_vectors.json")["B3_key_derivation"];
  Bytes mk = hex(b3["master_key"]), ms = hex(b3["master_salt"]);
  EXPECT_EQ(to_hex(kdf(mk, ms, 0, 0, 16)), to_hex(hex(b3["cipher_key_label_00"]["output"])));
  EXPECT_EQ(to_hex(kdf(mk, ms, 2, 0, 14)),
            to_hex(hex(b3["cipher_salt_label_02"]["output_14_octets"])));
  EXPECT_EQ(to_hex(kdf(mk, ms, 1, 0, 94)),
            to_hex(hex(b3["auth_key_label_01"]["output_94_octets"])));
}

TEST(SrtpVectors, AcvpKdfVectorsMatchTheReferenceKdf) {
  auto doc = load("srtp_kdf_acvp_vectors.json");
  int checked = 0;
  for (const auto& c : doc["cases"]) {
    Bytes mk = hex(c["master_key"]), ms = hex(c["master_salt"]);
    std::uint64_t kdr = c["kdr"].get<std::uint64_t>();
    std::uint64_t index = std::stoull(c["srtp_index_48bit"].get<std::string>(), nullptr, 16);
    std::uint64_t rtcp = std::stoull(c["srtcp_index_32bit"].get<std::string>(), nullptr, 16);
    SCOPED_TRACE("kdr " + std::to_string(kdr));
    EXPECT_EQ(to_hex(kdf(mk, ms, 0, index / kdr, 16)), to_hex(hex(c["srtp_encryption_key_label0"])));
    EXPECT_EQ(to_hex(kdf(mk, ms, 1, index / kdr, 20)), to_hex(hex(c["srtp_auth_key_label1"])));
    EXPECT_EQ(to_hex(kdf(mk, ms, 2, index / kdr, 14)), to_hex(hex(c["srtp_salt_label2"])));
    EXPECT_EQ(to_hex(kdf(mk, ms, 3, rtcp / kdr, 16)), to_hex(hex(c["srtcp_encryption_key_label3"])));
    EXPECT_EQ(to_hex(kdf(mk, ms, 4, rtcp / kdr, 20)), to_hex(hex(c["srtcp_auth_key_label4"])));
    EXPECT_EQ(to_hex(kdf(mk, ms, 5, rtcp / kdr, 14)), to_hex(hex(c["srtcp_salt_label5"])));
    ++checked;
  }
  EXPECT_EQ(checked, int(doc["cases"].size()));
  EXPECT_GE(checked, 3);
}

// libsrtp with the B.3 master key: packet index 0 (SSRC 0, seq 0) of zeros reveals the
// keystream AES(k_e, k_s * 2^16 + i); the tag is HMAC-SHA1(k_a, packet || ROC)[0..9].
TEST(SrtpVectors, LibsrtpUsesTheRfc3711B3SessionKeys) {
  auto b3 = load("srtp_rfc3711_vectors.json")["B3_key_derivation"];
  Bytes mk = hex(b3["master_key"]), ms = hex(b3["master_salt"]);
  auto out = session(Profile::kAesCm128HmacSha1_80, Direction::kOutbound, mk, ms);
  ASSERT_TRUE(out);
  Bytes packet(12 + 40, 0);
  packet[0] = 0x80;
  ASSERT_TRUE(out->protect_rtp(packet).ok());
  ASSERT_EQ(packet.size(), 12u + 40 + 10);
  Bytes iv(16, 0);
  Bytes salt = kdf(mk, ms, 2, 0, 14);
  std::copy(salt.begin(), salt.end(), iv.begin());
  EXPECT_EQ(to_hex(Bytes(packet.begin() + 12, packet.begin() + 52)),
            to_hex(aes_cm(kdf(mk, ms, 0, 0, 16), iv, 40)));
  Bytes auth_key = kdf(mk, ms, 1, 0, 20);
  Bytes authenticated(packet.begin(), packet.begin() + 52);
  append(authenticated, Bytes{0, 0, 0, 0});  // ROC
  unsigned char mac[20];
  unsigned mac_length = 0;
  HMAC(EVP_sha1(), auth_key.data(), int(auth_key.size()), authenticated.data(),
       authenticated.size(), mac, &mac_length);
  EXPECT_EQ(to_hex(Bytes(packet.begin() + 52, packet.end())), to_hex(Bytes(mac, mac + 10)));
}

}  // namespace
}  // namespace imssim::srtp
