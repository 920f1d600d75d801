// An OpenSSL library context of its own (OSSL_LIB_CTX) whose randomness is an imssim::Rng.
// Every TLS object of a simulation is created in such a context, so the TLS bytes are
// reproducible from the seed and two simulations in one process share no OpenSSL state.
//
// One context may serve many endpoints: while an endpoint calls into OpenSSL it installs its
// own Rng stream (RngScope), so its bytes do not depend on what other endpoints drew. Outside
// such a scope (creating contexts and certificates) bytes come from the Rng given here.
// A context is used by one thread at a time, like the simulation that owns it.
//
// Determinism (checked by tests/tls/determinism_test.cc: same seed, byte-identical flights for
// all three kinds, application data and tickets included; another seed changes every flight):
//  * every random byte OpenSSL draws in this context (hello randoms, TLS 1.3 legacy session
//    ids, X25519/P-256 keys, ECDSA nonces, TLS 1.2 explicit GCM nonces, ticket keys) comes from
//    the seeded provider; nothing in the context reads OS entropy or the default context;
//  * the wall clock is kept out: certificates have a fixed validity window, the client
//    verifies at Config::verify_time_unix, and the session time OpenSSL seals into tickets is
//    pinned (context.cc).
// Known limits: resuming a session (not offered by Endpoint) would send an obfuscated ticket
// age computed from time(NULL); OpenSSL's per-thread error queue and its one-time library
// initialisation are process-wide, but hold no simulation state.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>

#include "common/result.h"
#include "common/rng.h"
#include "nodes/proto/tls/seeded_rand_provider.h"

namespace imssim::tls {

class LibraryContext {
 public:
  // `rng` must outlive the context. Errors carry OpenSSL's reason text.
  static Result<std::unique_ptr<LibraryContext>> create(Rng& rng);
  ~LibraryContext();
  LibraryContext(const LibraryContext&) = delete;
  LibraryContext& operator=(const LibraryContext&) = delete;

  OSSL_LIB_CTX* get() const { return libctx_; }

  // While alive, OpenSSL's random bytes in this context come from `rng`. Scopes nest.
  class [[nodiscard]] RngScope {
   public:
    RngScope(LibraryContext& context, Rng& rng);
    ~RngScope();
    RngScope(const RngScope&) = delete;
    RngScope& operator=(const RngScope&) = delete;

   private:
    detail::RandomSource& source_;
    Rng* previous_;
  };

  // Random bytes OpenSSL has drawn from this context's streams so far.
  std::uint64_t random_bytes_drawn() const { return source_.bytes_drawn(); }

 private:
  explicit LibraryContext(Rng& rng) : source_(rng) {}

  detail::RandomSource source_;
  OSSL_LIB_CTX* libctx_ = nullptr;
  OSSL_PROVIDER* rand_provider_ = nullptr;
  OSSL_PROVIDER* default_provider_ = nullptr;
};

}  // namespace imssim::tls
