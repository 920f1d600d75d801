// TLS handshakes per second for each kind, in-process over memory BIOs (both ends on this
// core, so one handshake costs client + server work). Variants: endpoints from contexts made
// once (how a server runs), and a fresh SSL_CTX per handshake (what toolchain.md measured).
#include <benchmark/benchmark.h>

#include <memory>

#include "common/rng.h"
#include "nodes/proto/tls/context.h"
#include "nodes/proto/tls/endpoint.h"
#include "nodes/proto/tls/library_context.h"
#include "nodes/proto/tls/psk_identity.h"

namespace {

using namespace imssim;
using namespace imssim::tls;

const std::string kBtid = "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com";
const std::string kHost = "kms.ims.example.com";

struct Setup {
  Rng rng{1};
  std::unique_ptr<LibraryContext> library = LibraryContext::create(rng).value();
  std::shared_ptr<const Certificate> cert =
      Certificate::self_signed(*library, rng, kHost).value();

  Config config(Kind kind, Role role) const {
    Config c;
    c.kind = kind;
    c.role = role;
    c.server_name = kHost;
    c.client_psk = ClientPsk::fixed(gba_psk_identity(kBtid), Bytes(32, 0x5a));
    c.psk_lookup = [](const PskRequest&) { return PskAnswer::found(Bytes(32, 0x5a)); };
    c.trust_anchor = cert;
    c.certificate = cert;
    return c;
  }
  std::shared_ptr<Context> context(Kind kind, Role role) {
    return Context::create(*library, config(kind, role), rng).value();
  }
};

bool handshake(std::shared_ptr<const Context> client_ctx, std::shared_ptr<const Context> server_ctx,
               Rng& rng) {
  auto client = Endpoint::create(std::move(client_ctx), rng).value();
  auto server = Endpoint::create(std::move(server_ctx), rng).value();
  (void)client->start();
  for (int i = 0; i < 8; ++i) {
    Bytes a = client->take_output();
    if (!a.empty()) (void)server->receive(a);
    Bytes b = server->take_output();
    if (!b.empty()) (void)client->receive(b);
    if (a.empty() && b.empty()) break;
  }
  return client->connected() && server->connected();
}

void BM_Handshake(benchmark::State& state) {
  Kind kind = Kind(state.range(0));
  Setup s;
  auto client = s.context(kind, Role::kClient);
  auto server = s.context(kind, Role::kServer);
  for (auto _ : state)
    if (!handshake(client, server, s.rng)) state.SkipWithError("handshake failed");
  state.SetLabel(std::string(to_string(kind)));
  state.counters["handshakes/s"] = benchmark::Counter(double(state.iterations()),
                                                      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Handshake)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

void BM_HandshakeWithFreshContexts(benchmark::State& state) {
  Kind kind = Kind(state.range(0));
  Setup s;
  for (auto _ : state)
    if (!handshake(s.context(kind, Role::kClient), s.context(kind, Role::kServer), s.rng))
      state.SkipWithError("handshake failed");
  state.SetLabel(std::string(to_string(kind)));
  state.counters["handshakes/s"] = benchmark::Counter(double(state.iterations()),
                                                      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HandshakeWithFreshContexts)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

void BM_LibraryContextCreate(benchmark::State& state) {
  Rng rng(2);
  for (auto _ : state) benchmark::DoNotOptimize(LibraryContext::create(rng).value());
}
BENCHMARK(BM_LibraryContextCreate)->Unit(benchmark::kMicrosecond);

void BM_SelfSignedCertificate(benchmark::State& state) {
  Setup s;
  for (auto _ : state)
    benchmark::DoNotOptimize(Certificate::self_signed(*s.library, s.rng, kHost).value());
}
BENCHMARK(BM_SelfSignedCertificate)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
