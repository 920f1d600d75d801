#include "nodes/proto/gba/milenage.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>

namespace imssim::gba {

// AES-128 in ECB mode with the key schedule of K expanded once.
struct Milenage::Cipher {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~Cipher() { EVP_CIPHER_CTX_free(ctx); }

  // Encrypts `blocks` consecutive 16-byte blocks in place (one call, so AES-NI pipelines them).
  void encrypt(std::uint8_t* data, int blocks) const {
    int len = 0;
    // ECB without padding on whole blocks cannot fail once the context is set up.
    if (EVP_EncryptUpdate(ctx, data, &len, data, blocks * 16) != 1 || len != blocks * 16)
      std::abort();
  }
};

namespace {

void xor_into(Block& a, const Block& b) {
  for (std::size_t i = 0; i < a.size(); ++i) a[i] ^= b[i];
}

// Cyclic left rotation of a 128-bit value by r bits; TS 35.206 uses multiples of 8 only.
Block rotate(const Block& x, int r) {
  const std::size_t shift = std::size_t(r / 8);
  Block out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = x[(i + shift) % out.size()];
  return out;
}

}  // namespace

Milenage::Milenage(std::unique_ptr<Cipher> cipher, const Block& opc)
    : cipher_(std::move(cipher)), opc_(opc) {}
Milenage::Milenage(Milenage&&) noexcept = default;
Milenage& Milenage::operator=(Milenage&&) noexcept = default;
Milenage::~Milenage() = default;

Result<Milenage> Milenage::with_opc(ByteView k, ByteView opc) {
  auto key = to_array<kKeyBytes>(k, "K");
  if (!key) return Unexpected{key.error()};
  auto opc_block = to_array<kKeyBytes>(opc, "OPc");
  if (!opc_block) return Unexpected{opc_block.error()};
  auto cipher = std::make_unique<Cipher>();
  cipher->ctx = EVP_CIPHER_CTX_new();
  if (!cipher->ctx ||
      EVP_EncryptInit_ex(cipher->ctx, EVP_aes_128_ecb(), nullptr, key->data(), nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(cipher->ctx, 0) != 1)
    return fail("Milenage: OpenSSL could not set up AES-128");
  return Milenage(std::move(cipher), *opc_block);
}

Result<Milenage> Milenage::with_op(ByteView k, ByteView op) {
  auto op_block = to_array<kKeyBytes>(op, "OP");
  if (!op_block) return Unexpected{op_block.error()};
  auto m = with_opc(k, *op_block);  // temporarily OPc = OP, to reuse the cipher
  if (!m) return m;
  Block opc = *op_block;
  m->cipher_->encrypt(opc.data(), 1);  // E_K(OP)
  xor_into(opc, *op_block);            // OPc = OP xor E_K(OP)
  m->opc_ = opc;
  return m;
}

Block Milenage::temp(const Block& rand) const {
  Block t = rand;
  xor_into(t, opc_);
  cipher_->encrypt(t.data(), 1);  // TEMP = E_K(RAND xor OPc)
  return t;
}

Block Milenage::out1(const Block& temp, const Sqn& sqn, const Amf& amf) const {
  Block in1{};  // IN1 = SQN || AMF || SQN || AMF
  for (std::size_t i = 0; i < 6; ++i) in1[i] = in1[i + 8] = sqn[i];
  for (std::size_t i = 0; i < 2; ++i) in1[6 + i] = in1[14 + i] = amf[i];
  xor_into(in1, opc_);
  Block x = rotate(in1, kMilenageRotations[0]);
  xor_into(x, temp);
  x[15] ^= kMilenageConstants[0];
  cipher_->encrypt(x.data(), 1);
  xor_into(x, opc_);  // OUT1
  return x;
}

void Milenage::out2to5(const Block& temp, Block out[4]) const {
  Block t = temp;
  xor_into(t, opc_);
  alignas(16) std::uint8_t buf[4 * 16];
  for (int k = 0; k < 4; ++k) {
    Block x = rotate(t, kMilenageRotations[std::size_t(k + 1)]);
    x[15] ^= kMilenageConstants[std::size_t(k + 1)];
    std::memcpy(buf + 16 * k, x.data(), 16);
  }
  cipher_->encrypt(buf, 4);
  for (int k = 0; k < 4; ++k) {
    std::memcpy(out[k].data(), buf + 16 * k, 16);
    xor_into(out[k], opc_);
  }
}

Milenage::Keys Milenage::f2345(const Block& rand) const {
  Block out[4];
  out2to5(temp(rand), out);
  Keys k;
  std::memcpy(k.ak.data(), out[0].data(), kAkBytes);        // f5 = OUT2[0..47]
  std::memcpy(k.res.data(), out[0].data() + 8, kResBytes);  // f2 = OUT2[64..127]
  k.ck = out[1];                                            // f3 = OUT3
  k.ik = out[2];                                            // f4 = OUT4
  std::memcpy(k.ak_star.data(), out[3].data(), kAkBytes);   // f5* = OUT5[0..47]
  return k;
}

Milenage::Macs Milenage::f1(const Block& rand, const Sqn& sqn, const Amf& amf) const {
  Block o1 = out1(temp(rand), sqn, amf);
  Macs m;
  std::memcpy(m.mac_a.data(), o1.data(), kMacBytes);      // f1 = OUT1[0..63]
  std::memcpy(m.mac_s.data(), o1.data() + 8, kMacBytes);  // f1* = OUT1[64..127]
  return m;
}

MilenageOutput Milenage::compute(const Block& rand, const Sqn& sqn, const Amf& amf) const {
  Block t = temp(rand);
  Block o1 = out1(t, sqn, amf);
  Block out[4];
  out2to5(t, out);
  MilenageOutput r;
  std::memcpy(r.f1.data(), o1.data(), kMacBytes);
  std::memcpy(r.f1star.data(), o1.data() + 8, kMacBytes);
  std::memcpy(r.f5.data(), out[0].data(), kAkBytes);
  std::memcpy(r.f2.data(), out[0].data() + 8, kResBytes);
  r.f3 = out[1];
  r.f4 = out[2];
  std::memcpy(r.f5star.data(), out[3].data(), kAkBytes);
  return r;
}

}  // namespace imssim::gba
