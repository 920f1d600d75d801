#include "nodes/kms/ticket_seal.h"

#include <openssl/evp.h>

#include <memory>

#include "nodes/keymgmt/constants.h"

namespace imssim::kms {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

void put_u16(Bytes& out, std::size_t v) {
  out.push_back(std::uint8_t(v >> 8));
  out.push_back(std::uint8_t(v));
}

void put_string(Bytes& out, std::string_view s) {
  put_u16(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

// Reads the sealed plaintext back; every read checks the bytes are there.
class Reader {
 public:
  explicit Reader(ByteView b) : b_(b) {}
  bool take(std::size_t n, Bytes& out) {
    if (b_.size() - pos_ < n) return false;
    out.assign(b_.begin() + std::ptrdiff_t(pos_), b_.begin() + std::ptrdiff_t(pos_ + n));
    pos_ += n;
    return true;
  }
  bool u16(std::size_t& v) {
    Bytes two;
    if (!take(2, two)) return false;
    v = std::size_t(two[0]) << 8 | two[1];
    return true;
  }
  bool string(std::string& s) {
    std::size_t n = 0;
    Bytes raw;
    if (!u16(n) || !take(n, raw)) return false;
    s.assign(raw.begin(), raw.end());
    return true;
  }
  bool done() const { return pos_ == b_.size(); }

 private:
  ByteView b_;
  std::size_t pos_ = 0;
};

constexpr std::size_t kSecretBytes = 16;  // TGK and MPK (kms.h kTgkBytes, kMpkBytes)

}  // namespace

Result<Bytes> seal_ticket(ByteView ticket_key, ByteView nonce, const IssuedKey& key) {
  if (ticket_key.size() != kTicketKeyBytes || nonce.size() != kTicketNonceBytes)
    return fail("sealing a ticket: wrong key or nonce size");
  if (key.tgk.size() != kSecretBytes || key.mpk.size() != kSecretBytes)
    return fail("sealing a ticket: TGK and MPK must be 16 bytes");
  Bytes plain;
  plain.insert(plain.end(), key.tgk.begin(), key.tgk.end());
  plain.insert(plain.end(), key.mpk.begin(), key.mpk.end());
  auto ms = std::uint64_t(key.expires.ns() / 1'000'000);
  for (int shift = 56; shift >= 0; shift -= 8) plain.push_back(std::uint8_t(ms >> shift));
  put_string(plain, key.initiator);
  put_u16(plain, key.receivers.size());
  for (const auto& r : key.receivers) put_string(plain, r);

  Bytes out(key.key_id.begin(), key.key_id.end());
  out.insert(out.end(), nonce.begin(), nonce.end());
  std::size_t header = out.size();
  out.resize(header + plain.size() + kTicketTagBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, tail = 0;
  bool ok =
      ctx &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, ticket_key.data(), nonce.data()) ==
          1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, key.key_id.data(), int(key.key_id.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), out.data() + header, &len, plain.data(), int(plain.size())) ==
          1 &&
      EVP_EncryptFinal_ex(ctx.get(), out.data() + header + len, &tail) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTicketTagBytes),
                          out.data() + header + plain.size()) == 1;
  if (!ok) return fail("sealing a ticket: OpenSSL AES-GCM failed");
  return out;
}

Result<TicketContents> open_ticket(ByteView ticket_key, ByteView ticket) {
  constexpr std::size_t kKeyId = keymgmt::kKeyIdBytes;
  if (ticket_key.size() != kTicketKeyBytes) return fail("opening a ticket: wrong key size");
  if (ticket.size() < kKeyId + kTicketNonceBytes + kTicketTagBytes)
    return fail("ticket of " + std::to_string(ticket.size()) + " bytes is too short");
  ByteView key_id = ticket.subspan(0, kKeyId);
  ByteView nonce = ticket.subspan(kKeyId, kTicketNonceBytes);
  std::size_t sealed_len = ticket.size() - kKeyId - kTicketNonceBytes - kTicketTagBytes;
  ByteView sealed = ticket.subspan(kKeyId + kTicketNonceBytes, sealed_len);
  Bytes tag(ticket.end() - std::ptrdiff_t(kTicketTagBytes), ticket.end());
  Bytes plain(sealed.size());
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, tail = 0;
  bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, ticket_key.data(), nonce.data()) ==
          1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, key_id.data(), int(key_id.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), plain.data(), &len, sealed.data(), int(sealed.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTicketTagBytes), tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), plain.data() + len, &tail) == 1;
  if (!ok) return fail("the ticket does not authenticate (not issued by this KMS, or altered)");

  TicketContents c;
  c.key_id.assign(key_id.begin(), key_id.end());
  Reader r(plain);
  Bytes ms;
  std::size_t count = 0;
  if (!r.take(kSecretBytes, c.tgk) || !r.take(kSecretBytes, c.mpk) || !r.take(8, ms) ||
      !r.string(c.initiator) || !r.u16(count))
    return fail("the ticket's contents are cut short");
  std::uint64_t v = 0;
  for (auto b : ms) v = v << 8 | b;
  c.expires = Time::ms(std::int64_t(v));
  for (std::size_t i = 0; i < count; ++i) {
    std::string s;
    if (!r.string(s)) return fail("the ticket's receiver list is cut short");
    c.receivers.push_back(std::move(s));
  }
  if (!r.done()) return fail("the ticket has bytes after its receiver list");
  return c;
}

}  // namespace imssim::kms
