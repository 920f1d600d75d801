// A configured OpenSSL SSL_CTX for one kind and role, shared by the endpoints made from it
// (a server's connections, or one client connection).
#pragma once

#include <openssl/types.h>

#include <memory>

#include "common/result.h"
#include "common/rng.h"
#include "nodes/proto/tls/config.h"
#include "nodes/proto/tls/library_context.h"

namespace imssim::tls {

class Context {
 public:
  // Checks the config (credentials present for the kind and role) and builds the SSL_CTX.
  // `rng` pays for what SSL_CTX_new draws (session ticket keys). `library` must outlive it.
  static Result<std::shared_ptr<Context>> create(LibraryContext& library, Config config,
                                                 Rng& rng);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  SSL_CTX* get() const { return ctx_; }
  const Config& config() const { return config_; }
  LibraryContext& library() const { return library_; }

 private:
  Context(LibraryContext& library, Config config)
      : library_(library), config_(std::move(config)) {}
  Result<Ok> configure();

  LibraryContext& library_;
  Config config_;
  SSL_CTX* ctx_ = nullptr;
};

}  // namespace imssim::tls
