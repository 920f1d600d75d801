// Complete calls per second of wall time, tracing off: each UE pair bootstraps GBA, registers
// with IMS AKA, runs the proposal's key management, sets up the call, sends 100 ms of SRTP
// (5 frames each way) and hangs up. Also reports heap bytes per registered UE and per call in
// progress.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <string>

#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace imssim::scenario {
namespace {

std::string hex16(unsigned seed) {
  char buf[33];
  for (int i = 0; i < 16; ++i) std::snprintf(buf + 2 * i, 3, "%02x", (seed * 131 + i * 7 + 1) & 0xFF);
  return buf;
}

// `pairs` caller/callee pairs; every UE registers at 0 s, every pair calls at 2 s for
// `call_s` seconds (0: no calls). The run ends at 10 s.
std::string scenario_text(int pairs, double call_s) {
  const bool calls = call_s > 0;
  std::string subs, timeline;
  for (int i = 0; i < 2 * pairs; ++i) {
    std::string name = "ue" + std::to_string(i);
    subs += std::string(i ? "," : "") + R"({"name": ")" + name + R"(", "k": ")" + hex16(i) +
            R"(", "opc": ")" + hex16(i + 1000) + R"("})";
    timeline += std::string(i ? "," : "") + R"({"at_s": 0, "action": "register", "ue": ")" + name + R"("})";
  }
  for (int i = 0; calls && i < pairs; ++i)
    timeline += R"(,{"at_s": 2, "action": "call", "id": "c)" + std::to_string(i) +
                R"(", "from": "ue)" + std::to_string(2 * i) + R"(", "to": "ue)" +
                std::to_string(2 * i + 1) + R"(", "duration_s": )" + std::to_string(call_s) + "}";
  return R"({"name": "bench", "duration_s": 10, "network": {"zones": {"access": {"delay_ms": 10},
            "core": {"delay_ms": 1}}}, "subscribers": [)" + subs + R"(], "timeline": [)" + timeline + "]}";
}

void BM_CompleteCalls(benchmark::State& state) {
  int pairs = int(state.range(0));
  auto s = load_scenario_text(scenario_text(pairs, 0.1), "bench.json");
  if (!s) return state.SkipWithError("scenario does not load");
  std::int64_t established = 0;
  for (auto _ : state) {
    auto r = run_scenario(*s, {});
    if (!r) return state.SkipWithError(r.error().message.c_str());
    for (const auto& c : r->results["calls"]) established += c["established"].get<bool>();
  }
  if (established != pairs * std::int64_t(state.iterations()))
    state.SkipWithError("not every call was established");
  state.counters["calls/s"] = benchmark::Counter(double(established), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CompleteCalls)->Arg(10)->Arg(200)->Unit(benchmark::kMillisecond);

// Heap in use at the end of the timeline (10 s), while the run's network still exists, with
// `ues` registered UEs and, when call_s > 8, every pair still in its call then.
double heap_at_end(int ues, double call_s = 0) {
  auto s = load_scenario_text(scenario_text(ues / 2, call_s), "bench.json");
  if (!s) return 0;
  double before = double(mallinfo2().uordblks), at_end = 0;
  RunOptions o;
  o.at_end = [&] { at_end = double(mallinfo2().uordblks); };
  auto r = run_scenario(*s, o);
  return r ? at_end - before : 0;
}

void BM_MemoryPerRegisteredUe(benchmark::State& state) {
  double per_ue = 0;
  for (auto _ : state) {
    double small = heap_at_end(20), large = heap_at_end(int(state.range(0)));
    per_ue = (large - small) / double(state.range(0) - 20);
  }
  state.counters["bytes_per_ue"] = per_ue;
}
BENCHMARK(BM_MemoryPerRegisteredUe)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond);

// What a call in progress adds: the same registered pairs with and without a call that is
// still up when the timeline ends (its dialogs, MIKEY state, SRTP sessions, media timers).
void BM_MemoryPerLiveCall(benchmark::State& state) {
  int pairs = int(state.range(0));
  double per_call = 0;
  for (auto _ : state)
    per_call = (heap_at_end(2 * pairs, 60) - heap_at_end(2 * pairs)) / double(pairs);
  state.counters["bytes_per_call"] = per_call;
}
BENCHMARK(BM_MemoryPerLiveCall)->Arg(200)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace imssim::scenario

BENCHMARK_MAIN();
