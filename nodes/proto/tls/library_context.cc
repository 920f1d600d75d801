#include "nodes/proto/tls/library_context.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>

#include "nodes/proto/tls/openssl_error.h"

namespace imssim::tls {

Result<std::unique_ptr<LibraryContext>> LibraryContext::create(Rng& rng) {
  ERR_clear_error();
  std::unique_ptr<LibraryContext> context(new LibraryContext(rng));
  // A fresh context reads no configuration file, so the system's openssl.cnf (cipher strings,
  // security level, providers) cannot change what a simulation does.
  context->libctx_ = OSSL_LIB_CTX_new();
  if (context->libctx_ == nullptr) return fail(openssl_failure("OSSL_LIB_CTX_new failed"));
  auto rand = detail::install_seeded_rand(context->libctx_, context->source_);
  if (!rand) return Unexpected{rand.error()};
  context->rand_provider_ = *rand;
  context->default_provider_ = OSSL_PROVIDER_load(context->libctx_, "default");
  if (context->default_provider_ == nullptr)
    return fail(openssl_failure("loading OpenSSL's default provider"));
  return context;
}

LibraryContext::~LibraryContext() {
  if (default_provider_ != nullptr) OSSL_PROVIDER_unload(default_provider_);
  if (rand_provider_ != nullptr) OSSL_PROVIDER_unload(rand_provider_);
  if (libctx_ != nullptr) OSSL_LIB_CTX_free(libctx_);
}

LibraryContext::RngScope::RngScope(LibraryContext& context, Rng& rng)
    : source_(context.source_), previous_(context.source_.exchange_current(&rng)) {}

LibraryContext::RngScope::~RngScope() { source_.exchange_current(previous_); }

}  // namespace imssim::tls
