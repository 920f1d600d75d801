// MIKEY throughput: codec encode+decode, and the KMS side of a key request (decode, verify the
// MAC, derive keys, build and encode the response).
#include <benchmark/benchmark.h>

#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/ticket_messages.h"
#include "tests/mikey/samples.h"

namespace imssim::mikey {
namespace {

using namespace time_literals;

const testing::Sample& sample(const std::string& name) {
  static const auto samples = testing::generated_samples();
  for (const auto& s : samples)
    if (s.name == name) return s;
  std::abort();
}

void BM_DecodeEncode(benchmark::State& state, const char* name) {
  const Bytes& wire = sample(name).wire;
  Bytes out;
  out.reserve(512);
  for (auto _ : state) {
    auto m = decode(wire);
    out.clear();
    auto ok = encode_into(*m, out);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(std::int64_t(state.iterations() * wire.size()));
}
BENCHMARK_CAPTURE(BM_DecodeEncode, psk_init, "psk_init");
BENCHMARK_CAPTURE(BM_DecodeEncode, request_init, "request_init");
BENCHMARK_CAPTURE(BM_DecodeEncode, request_resp, "request_resp");

// The KMS answering a REQUEST_INIT: parse (decode, shape, MAC, window, replay), make the key
// and key-id, build the REQUEST_RESP (KEMAC AES-CM encryption, V MAC).
void BM_KmsKeyRequest(benchmark::State& state) {
  const auto& req = sample("request_init");
  // The same request is replayed every iteration; a zero window and a clock that moves 1 ns
  // per request let each entry expire just before the next, so insert and expiry are paid.
  ReplayCache cache(1024, Time::ns(0));
  Freshness f;
  f.now = 100_s;
  f.max_skew = 2_s;
  f.replay = &cache;
  RequestResp resp;
  resp.ticket = key_id_ticket(to_bytes("key-0001"));
  resp.keys = {KeyData{KeyDataType::kTgk, KvType::kSpi, Bytes(16, 0xE1), {}, Bytes(4, 0x42), {}, {}}};
  std::int64_t i = 0;
  for (auto _ : state) {
    f.now += Time::ns(1);
    auto v = parse_request_init(req.wire, req.key, f);
    if (!v) state.SkipWithError(v.error().message.c_str());
    resp.header.csb_id = v->message.header.csb_id;
    resp.t = v->message.t;
    resp.kms = v->message.kms;
    auto wire = build_request_resp(resp, v->binding);
    benchmark::DoNotOptimize(wire);
    ++i;
  }
  state.SetItemsProcessed(i);
}
BENCHMARK(BM_KmsKeyRequest);

// Same without the replay cache, to show its cost.
void BM_KmsKeyRequestNoReplayCache(benchmark::State& state) {
  const auto& req = sample("request_init");
  Freshness f;
  f.now = 100_s;
  f.max_skew = 2_s;
  RequestResp resp;
  resp.ticket = key_id_ticket(to_bytes("key-0001"));
  resp.keys = {KeyData{KeyDataType::kTgk, KvType::kSpi, Bytes(16, 0xE1), {}, Bytes(4, 0x42), {}, {}}};
  for (auto _ : state) {
    auto v = parse_request_init(req.wire, req.key, f);
    resp.header.csb_id = v->message.header.csb_id;
    resp.t = v->message.t;
    auto wire = build_request_resp(resp, v->binding);
    benchmark::DoNotOptimize(wire);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KmsKeyRequestNoReplayCache);

}  // namespace
}  // namespace imssim::mikey

BENCHMARK_MAIN();
