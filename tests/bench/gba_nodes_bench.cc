// Speed of whole GBA bootstraps over the simulated network: UEs bootstrap with the BSF (which
// asks the HSS on Zh), then the KMS fetches each Ks_NAF on Zn. Wall-clock rate of complete
// bootstraps, with the simulated latency as a counter.
#include <benchmark/benchmark.h>

#include <vector>

#include "tests/gba_nodes/gba_net.h"

namespace {

using namespace imssim;
using namespace imssim::gba_nodes;
using gba_nodes::testing::GbaNet;

// One iteration: a fresh network with N UEs that all bootstrap at t = 0, then N Zn fetches.
// Includes building the network and the nodes (a few µs per host) and TCP TIME-WAIT handling.
void BM_BootstrapsOverSim(benchmark::State& state) {
  const int n = int(state.range(0));
  double latency_ms = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    GbaNet net(seed++,
               {.access = {.delay = 20_ms}, .core = {.delay = 1_ms}, .extra_subscribers = n});
    std::vector<std::unique_ptr<GbaClient>> ues;
    std::vector<std::string> btids;
    int failures = 0;
    for (int i = 0; i < n; ++i) {
      sim::Host& h = net.sim.network().add_host(
          "ue" + std::to_string(i),
          Ipv4{gba_nodes::testing::ip("10.1.1.0").value + 1 + std::uint32_t(i)}, net.access);
      GbaClientConfig c = net.ue_config();
      c.impi = gba_nodes::testing::extra_impi(i);
      ues.push_back(GbaClient::create(h.env(), c).value());
      ues.back()->bootstrap([&](Result<GbaSession> r) {
        if (!r) {
          ++failures;
          return;
        }
        net.zn->fetch(r->btid, [&](Result<NafKey, ZnError> k) { failures += k ? 0 : 1; });
      });
    }
    net.sim.run_until_idle();
    if (failures) state.SkipWithError("a bootstrap failed");
    latency_ms = ues.front()->last_latency().to_ms();
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * n);
  state.counters["sim_latency_ms"] = latency_ms;
}
BENCHMARK(BM_BootstrapsOverSim)->Arg(1)->Arg(100)->Unit(benchmark::kMillisecond);

// Sequential bootstraps of one UE in one long-lived network (no set-up cost per bootstrap).
void BM_SequentialBootstraps(benchmark::State& state) {
  GbaNet net(1);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  for (auto _ : state) {
    auto s = net.bootstrap(*ue);
    if (!s) state.SkipWithError(s.error().message.c_str());
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
  state.counters["sim_latency_ms"] = ue->last_latency().to_ms();
}
BENCHMARK(BM_SequentialBootstraps)->Unit(benchmark::kMicrosecond);

// A NAF's cached Zn lookup (the KMS's cost per UE request after the first).
void BM_ZnCacheHit(benchmark::State& state) {
  GbaNet net(1);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue).value();
  if (!net.fetch(s.btid)) state.SkipWithError("fetch failed");
  for (auto _ : state) benchmark::DoNotOptimize(net.zn->cached(s.btid));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_ZnCacheHit);

}  // namespace

BENCHMARK_MAIN();
