#include "nodes/proto/tls/certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "nodes/proto/tls/constants.h"
#include "nodes/proto/tls/openssl_error.h"

namespace imssim::tls {
namespace {

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

bool add_extension(X509* x509, int nid, const std::string& value) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x509, x509, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str());
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(x509, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

}  // namespace

Result<std::shared_ptr<const Certificate>> Certificate::self_signed(LibraryContext& context,
                                                                    Rng& rng,
                                                                    std::string_view host_name) {
  if (host_name.empty() || host_name.size() > 255)
    return fail("certificate: host name must be 1..255 characters, got " +
                std::to_string(host_name.size()));
  ERR_clear_error();
  LibraryContext::RngScope scope(context, rng);
  OSSL_LIB_CTX* libctx = context.get();
  std::string host(host_name);

  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      EVP_PKEY_Q_keygen(libctx, nullptr, "EC", "P-256"));
  if (!key) return fail(openssl_failure("certificate: P-256 key generation failed"));
  std::unique_ptr<X509, X509Deleter> x509(X509_new_ex(libctx, nullptr));
  if (!x509) return fail(openssl_failure("certificate: X509_new_ex failed"));

  // A positive 63-bit serial number from the stream (RFC 5280 §4.1.2.2: positive, <= 20 B).
  std::uint64_t serial = rng.next_u64() >> 1;
  if (serial == 0) serial = 1;
  BIGNUM* serial_bn = BN_new();
  bool ok = serial_bn != nullptr && BN_set_word(serial_bn, serial) == 1 &&
            BN_to_ASN1_INTEGER(serial_bn, X509_get_serialNumber(x509.get())) != nullptr;
  BN_free(serial_bn);

  X509_NAME* name = X509_get_subject_name(x509.get());
  ok = ok && X509_set_version(x509.get(), X509_VERSION_3) == 1 &&
       ASN1_TIME_set(X509_getm_notBefore(x509.get()), time_t(kCertificateNotBeforeUnix)) &&
       ASN1_TIME_set(X509_getm_notAfter(x509.get()),
                     time_t(kCertificateNotBeforeUnix + kCertificateValiditySeconds)) &&
       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                  reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1,
                                  0) == 1 &&
       X509_set_issuer_name(x509.get(), name) == 1 && X509_set_pubkey(x509.get(), key.get()) &&
       add_extension(x509.get(), NID_subject_alt_name, "DNS:" + host) &&
       add_extension(x509.get(), NID_basic_constraints, "critical,CA:TRUE") &&
       add_extension(x509.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
  if (!ok) return fail(openssl_failure("certificate: building the TBSCertificate failed"));

  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestSignInit_ex(md.get(), nullptr, "SHA256", libctx, nullptr, key.get(),
                                   nullptr) != 1 ||
      X509_sign_ctx(x509.get(), md.get()) <= 0)
    return fail(openssl_failure("certificate: ECDSA-SHA256 signing failed"));
  return std::shared_ptr<const Certificate>(
      new Certificate(x509.release(), key.release(), std::move(host)));
}

Certificate::~Certificate() {
  X509_free(x509_);
  EVP_PKEY_free(key_);
}

Bytes Certificate::der() const {
  unsigned char* buffer = nullptr;
  int length = i2d_X509(x509_, &buffer);
  if (length <= 0) return {};
  Bytes out(buffer, buffer + length);
  OPENSSL_free(buffer);
  return out;
}

std::string Certificate::pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return {};
  std::string out;
  if (PEM_write_bio_X509(bio, x509_) == 1) {
    char* data = nullptr;
    long length = BIO_get_mem_data(bio, &data);
    if (length > 0) out.assign(data, std::size_t(length));
  }
  BIO_free(bio);
  return out;
}

}  // namespace imssim::tls
