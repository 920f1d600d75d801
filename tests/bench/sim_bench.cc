// Speed of the kernel and the network. Run from the release build:
//   build/tests/bench/sim_bench
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "common/rng.h"
#include "sim/simulation.h"

namespace imssim::sim {
namespace {

using namespace time_literals;

// ns-3's bench-scheduler workload: P events pending; each event, when it runs, schedules one
// new event after an exponential delay (mean 100 ns). Counts events scheduled+dispatched.
struct Hold {
  Scheduler s;
  std::vector<Time> delays;
  std::size_t next = 0;
  void fire() {
    Time d = delays[next++ & (delays.size() - 1)];
    s.schedule(d, [this] { fire(); });
  }
};

void BM_KernelHold(benchmark::State& state) {
  Hold h;
  Rng rng(1);
  h.delays.resize(1 << 16);
  for (auto& d : h.delays) d = Time::ns(std::int64_t(rng.exponential(100)) + 1);
  for (std::int64_t i = 0; i < state.range(0); ++i) h.fire();
  const std::int64_t batch = 1'000'000;
  for (auto _ : state) {
    std::uint64_t target = h.s.dispatched() + std::uint64_t(batch);
    h.s.run_until([&] { return h.s.dispatched() >= target; }, Time::max());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_KernelHold)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

// Schedule a batch of events at random times, then dispatch them all.
void BM_KernelScheduleThenDispatch(benchmark::State& state) {
  Scheduler s;
  Rng rng(2);
  std::uint64_t sum = 0;
  const std::int64_t n = state.range(0);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < n; ++i)
      s.schedule(Time::ns(std::int64_t(rng.uniform(1'000'000))),
                 [&sum, i] { sum += std::uint64_t(i); });
    s.run_until_idle();
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_KernelScheduleThenDispatch)->Arg(1000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// A timer started and cancelled before it fires (a retransmission timer's usual life).
void BM_TimerScheduleCancel(benchmark::State& state) {
  Scheduler s;
  int fired = 0;
  for (auto _ : state) {
    TimerId id = s.schedule(200_ms, [&fired] { ++fired; });
    s.cancel(id);
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimerScheduleCancel);

// UDP datagrams from a UE to a server through two links (delay, loss 0, bandwidth), tracing off.
void datagrams(benchmark::State& state, bool metrics) {
  Simulation sim(1);
  auto& access = sim.network().add_zone("access", {.delay = 10_ms, .bandwidth_bps = 100e9});
  auto& core = sim.network().add_zone("core", {.delay = 1_ms, .bandwidth_bps = 100e9});
  Host& ue = sim.network().add_host("ue", *Ipv4::parse("10.1.0.1"), access);
  Host& server = sim.network().add_host("server", *Ipv4::parse("10.2.0.1"), core);
  if (metrics) sim.tracer().enable_metrics();
  auto rx = server.env().open_udp(5060).value();
  std::uint64_t received = 0;
  rx->on_receive([&received](const Endpoint&, ByteView p) { received += p.size(); });
  auto tx = ue.env().open_udp(0).value();
  Bytes payload(160);
  const Endpoint to{server.address(), 5060};
  const int batch = 10000;
  for (auto _ : state) {
    for (int i = 0; i < batch; ++i) tx->send_to(to, payload);
    sim.run_until_idle();
  }
  if (received != std::uint64_t(state.iterations()) * batch * payload.size())
    state.SkipWithError("datagrams went missing");
  state.SetItemsProcessed(state.iterations() * batch);
}
void BM_DatagramDelivery(benchmark::State& state) { datagrams(state, false); }
void BM_DatagramDeliveryWithMetrics(benchmark::State& state) { datagrams(state, true); }
BENCHMARK(BM_DatagramDelivery)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DatagramDeliveryWithMetrics)->Unit(benchmark::kMillisecond);

// One stream carrying 1 MB: handshake, slow start, ACKs, FIN, TIME-WAIT. Wall time per transfer.
void BM_Stream1MB(benchmark::State& state) {
  const std::size_t size = 1 << 20;
  Bytes data(size, 0x5A);
  double loss = double(state.range(0)) / 100;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    Simulation sim(seed++);
    auto& access =
        sim.network().add_zone("access", {.delay = 10_ms, .loss = loss, .bandwidth_bps = 100e6});
    auto& core = sim.network().add_zone("core", {.delay = 1_ms, .bandwidth_bps = 1e9});
    Host& ue = sim.network().add_host("ue", *Ipv4::parse("10.1.0.1"), access);
    Host& server = sim.network().add_host("server", *Ipv4::parse("10.2.0.1"), core);
    std::uint64_t received = 0;
    std::unique_ptr<Stream> accepted;
    auto listener =
        server.env()
            .listen_tcp(443,
                        [&](std::unique_ptr<Stream> s) {
                          accepted = std::move(s);
                          accepted->on_data([&received](ByteView d) { received += d.size(); });
                          accepted->on_closed([&accepted](StreamClose) { accepted->close(); });
                        })
            .value();
    auto client = ue.env().connect_tcp({server.address(), 443});
    client->send(data);
    client->close();
    sim.run_until_idle();
    if (received != size) state.SkipWithError("bytes went missing");
    state.counters["sim_seconds"] = sim.now().to_sec() - 60;  // minus TIME-WAIT
  }
  state.SetBytesProcessed(state.iterations() * std::int64_t(size));
}
BENCHMARK(BM_Stream1MB)->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace imssim::sim
