// Test harness: a library context, endpoints of each kind, and a pump that moves bytes
// between two endpoints the way a reliable stream would, counting flights.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/rng.h"
#include "nodes/proto/tls/context.h"
#include "nodes/proto/tls/endpoint.h"
#include "nodes/proto/tls/library_context.h"
#include "nodes/proto/tls/psk_identity.h"

namespace imssim::tls::testing {

inline const std::string kBtid = "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com";
inline const std::string kNafHost = "kms.ims.example.com";

struct Flight {
  bool client_to_server;
  Bytes bytes;
};

struct Transcript {
  std::vector<Flight> flights;
  std::size_t bytes(bool client_to_server) const {
    std::size_t n = 0;
    for (const auto& f : flights)
      if (f.client_to_server == client_to_server) n += f.bytes.size();
    return n;
  }
  std::size_t total_bytes() const { return bytes(true) + bytes(false); }
  bool operator==(const Transcript& o) const {
    if (flights.size() != o.flights.size()) return false;
    for (std::size_t i = 0; i < flights.size(); ++i)
      if (flights[i].client_to_server != o.flights[i].client_to_server ||
          flights[i].bytes != o.flights[i].bytes)
        return false;
    return true;
  }
};

// Moves output between the two until neither has anything to send. Receive errors are left
// to the endpoints' states (tests check them); the failing side's alert is still delivered.
inline void pump(Endpoint& client, Endpoint& server, Transcript& t) {
  for (int round = 0; round < 50; ++round) {
    bool moved = false;
    for (bool c2s : {true, false}) {
      Endpoint& from = c2s ? client : server;
      Endpoint& to = c2s ? server : client;
      Bytes out = from.take_output();
      if (out.empty()) continue;
      moved = true;
      t.flights.push_back({c2s, out});
      if (to.state() != State::kFailed) (void)to.receive(out);
    }
    if (!moved) return;
  }
  ADD_FAILURE() << "pump did not settle";
}

// One simulation's worth of TLS: a library context and per-endpoint random streams.
class World {
 public:
  explicit World(std::uint64_t seed)
      : seed_(seed), library_rng_(Rng::derive(seed, "tls-library")),
        library_(LibraryContext::create(library_rng_).value()) {}

  LibraryContext& library() { return *library_; }
  Rng& stream(const std::string& name) {
    streams_.push_back(std::make_unique<Rng>(Rng::derive(seed_, name)));
    return *streams_.back();
  }

  // `tag` tells apart two keys for the same host name.
  std::shared_ptr<const Certificate> certificate(const std::string& host,
                                                 const std::string& tag = "") {
    auto cert = Certificate::self_signed(*library_, stream("cert/" + host + tag), host);
    EXPECT_TRUE(cert.ok()) << (cert.ok() ? "" : cert.error().message);
    return cert.ok() ? *cert : nullptr;
  }

  std::shared_ptr<Context> context(Config config, const std::string& name) {
    auto ctx = Context::create(*library_, std::move(config), stream("ctx/" + name));
    EXPECT_TRUE(ctx.ok()) << (ctx.ok() ? "" : ctx.error().message);
    return ctx.ok() ? *ctx : nullptr;
  }

  std::unique_ptr<Endpoint> endpoint(std::shared_ptr<const Context> ctx, const std::string& name) {
    auto e = Endpoint::create(std::move(ctx), stream("endpoint/" + name));
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
    return e.ok() ? std::move(*e) : nullptr;
  }

 private:
  std::uint64_t seed_;
  Rng library_rng_;
  std::unique_ptr<LibraryContext> library_;
  std::vector<std::unique_ptr<Rng>> streams_;
};

inline Bytes ks_naf() { return Bytes(32, 0x5a); }

// Client and server configs of each kind with matching credentials.
inline Config client_config(Kind kind, World& world,
                            std::shared_ptr<const Certificate> anchor = nullptr) {
  Config c;
  c.kind = kind;
  c.role = Role::kClient;
  c.server_name = kNafHost;
  if (is_psk(kind)) c.client_psk = ClientPsk::fixed(gba_psk_identity(kBtid), ks_naf());
  if (kind == Kind::kTls13Certificate)
    c.trust_anchor = anchor ? anchor : world.certificate(kNafHost);
  return c;
}

inline Config server_config(Kind kind, World& world,
                            std::shared_ptr<const Certificate> cert = nullptr) {
  Config c;
  c.kind = kind;
  c.role = Role::kServer;
  if (is_psk(kind))
    c.psk_lookup = [](const PskRequest& r) {
      auto id = parse_gba_psk_identity(r.identity);
      if (id && id->btid == kBtid) return PskAnswer::found(ks_naf());
      return PskAnswer::unknown();
    };
  if (kind == Kind::kTls13Certificate) c.certificate = cert ? cert : world.certificate(kNafHost);
  return c;
}

struct Pair {
  std::unique_ptr<Endpoint> client;
  std::unique_ptr<Endpoint> server;
};

inline Pair make_pair(World& world, const Config& client, const Config& server) {
  return {world.endpoint(world.context(client, "client"), "client"),
          world.endpoint(world.context(server, "server"), "server")};
}

// A world, a client/server pair of `kind` in it, and the transcript of their handshake.
// Members are destroyed in reverse order: endpoints before the world they draw from.
struct Handshake {
  std::unique_ptr<World> world;
  Pair pair;
  Transcript transcript;
};

inline Handshake handshake(std::uint64_t seed, Kind kind) {
  Handshake h{std::make_unique<World>(seed), {}, {}};
  auto cert = kind == Kind::kTls13Certificate ? h.world->certificate(kNafHost) : nullptr;
  h.pair = make_pair(*h.world, client_config(kind, *h.world, cert),
                     server_config(kind, *h.world, cert));
  EXPECT_TRUE(h.pair.client->start().ok());
  pump(*h.pair.client, *h.pair.server, h.transcript);
  return h;
}

}  // namespace imssim::tls::testing
