// A self-signed ECDSA P-256 certificate with its private key, for the TLS 1.3 certificate
// kind. Generated inside a LibraryContext from an Rng, so key, serial number and signature
// are reproducible from the seed; validity is a fixed window (constants.h), never wall time.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "common/rng.h"
#include "nodes/proto/tls/library_context.h"

namespace imssim::tls {

class Certificate {
 public:
  // Subject CN and subjectAltName dNSName = host_name.
  static Result<std::shared_ptr<const Certificate>> self_signed(LibraryContext& context,
                                                                Rng& rng,
                                                                std::string_view host_name);
  ~Certificate();
  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  X509* x509() const { return x509_; }
  EVP_PKEY* private_key() const { return key_; }
  const std::string& host_name() const { return host_name_; }
  Bytes der() const;
  std::string pem() const;

 private:
  Certificate(X509* x509, EVP_PKEY* key, std::string host_name)
      : x509_(x509), key_(key), host_name_(std::move(host_name)) {}

  X509* x509_;
  EVP_PKEY* key_;
  std::string host_name_;
};

}  // namespace imssim::tls
