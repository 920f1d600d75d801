// Speed of the GBA building blocks: Milenage vectors, the AUTN check, Ks_NAF derivations, Digest
// AKA verification, HTTP parsing and Zn/Zh Diameter encode+decode.
#include <benchmark/benchmark.h>

#include "common/hex.h"
#include "nodes/proto/diameter/zh.h"
#include "nodes/proto/diameter/zn.h"
#include "nodes/proto/gba/aka.h"
#include "nodes/proto/gba/digest_aka.h"
#include "nodes/proto/gba/kdf.h"
#include "nodes/proto/http/parser.h"

namespace {

using namespace imssim;

gba::Milenage set1() {
  return gba::Milenage::with_op(*from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
                                *from_hex("cdc202d5123e20f62b6d676ac72cb318"))
      .value();
}

gba::Block counter_rand(std::uint64_t i) {
  gba::Block r{};
  for (int k = 0; k < 8; ++k) r[std::size_t(k)] = std::uint8_t(i >> (8 * k));
  return r;
}

// One authentication vector (RAND, AUTN, XRES, CK, IK) as the HSS makes it.
void BM_MilenageVector(benchmark::State& state) {
  const auto m = set1();
  const gba::Amf amf{0x80, 0x00};
  std::uint64_t i = 0;
  for (auto _ : state) {
    auto v = gba::make_vector(m, counter_rand(i), 32 + i, amf);
    benchmark::DoNotOptimize(v);
    ++i;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_MilenageVector);

// Per-subscriber set-up: the AES key schedule and OPc from OP.
void BM_MilenageSetupFromOp(benchmark::State& state) {
  const Bytes k = *from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
              op = *from_hex("cdc202d5123e20f62b6d676ac72cb318");
  for (auto _ : state) benchmark::DoNotOptimize(gba::Milenage::with_op(k, op));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_MilenageSetupFromOp);

// The UE side: AUTN check, SQN freshness and RES/CK/IK. Vectors with increasing SQN are made
// beforehand; when they run out the USIM state starts over (amortised over 4096 checks).
void BM_UsimAuthenticate(benchmark::State& state) {
  const auto m = set1();
  const gba::Amf amf{0x80, 0x00};
  std::vector<gba::AuthVector> vectors;
  gba::HeSqnGenerator he;
  for (std::uint64_t i = 0; i < 4096; ++i)
    vectors.push_back(gba::make_vector(m, counter_rand(i), he.next(), amf));
  gba::UsimSqnState usim;
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == vectors.size()) {
      usim = gba::UsimSqnState();
      next = 0;
    }
    const auto& v = vectors[next++];
    benchmark::DoNotOptimize(gba::usim_authenticate(m, usim, v.rand, v.autn));
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_UsimAuthenticate);

void BM_KsNaf(benchmark::State& state) {
  const gba::Key256 ks = gba::make_ks(counter_rand(1), counter_rand(2));
  const Bytes naf_id = gba::naf_id("kms.ims.example.com", gba::kUaImsUeKms);
  std::uint64_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(gba::ks_naf(ks, counter_rand(i++), "user@ims.example.com", naf_id));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_KsNaf);

// The BSF's work on the second Ub request: parse Authorization, verify the auth-int digest.
void BM_DigestAkaVerify(benchmark::State& state) {
  const Bytes res = *from_hex("a54211d5e3ba50bf");
  gba::DigestCredentials c;
  c.username = "user@ims.example.com";
  c.realm = "bsf.ims.example.com";
  c.nonce = gba::make_aka_nonce(counter_rand(1), gba::Autn{});
  c.uri = "/";
  c.algorithm = "AKAv1-MD5";
  c.qop = "auth-int";
  c.nc = "00000001";
  c.cnonce = "0a4f113b";
  c.response = *gba::digest_response(c, "GET", res, {});
  const std::string header = gba::format_credentials(c);
  for (auto _ : state) {
    auto parsed = gba::parse_credentials(header);
    benchmark::DoNotOptimize(gba::verify_digest_response(*parsed, "GET", res, {}));
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_DigestAkaVerify);

const std::string kUbRequest =
    "GET / HTTP/1.1\r\nHost: bsf.ims.example.com\r\nUser-Agent: imssim-ue 3gpp-gba-tmpi\r\n"
    "Authorization: Digest username=\"user@ims.example.com\", realm=\"bsf.ims.example.com\", "
    "nonce=\"I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=\", uri=\"/\", "
    "response=\"6629fae49393a05397450978507c4ef1\", algorithm=AKAv1-MD5, cnonce=\"0a4f113b\", "
    "qop=auth-int, "
    "nc=00000001\r\nAccept: */*\r\n\r\n";
const std::string kUbResponse =
    "HTTP/1.1 200 OK\r\nServer: imssim-bsf 3gpp-gba-tmpi\r\nContent-Type: "
    "application/vnd.3gpp.bsf+xml\r\n"
    "Authentication-Info: qop=auth-int, rspauth=\"6629fae49393a05397450978507c4ef1\", "
    "cnonce=\"0a4f113b\", "
    "nc=00000001\r\nContent-Length: 170\r\n\r\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<BootstrappingInfo xmlns=\"uri:3gpp-gba\">\n  "
    "<btid>I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com</btid>\n"
    "  <lifetime>2027-01-01T01:03:52Z</lifetime>\n</BootstrappingInfo>\n";

// A fresh parser per message (a new connection each time).
void BM_HttpParseUbRequest(benchmark::State& state) {
  for (auto _ : state) {
    http::RequestParser p;
    p.feed(as_bytes(kUbRequest));
    benchmark::DoNotOptimize(p.next());
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
  state.SetBytesProcessed(std::int64_t(state.iterations() * kUbRequest.size()));
}
BENCHMARK(BM_HttpParseUbRequest);

// Many messages on one long-lived connection (pipelined, 64 per feed).
void BM_HttpParsePipelined(benchmark::State& state) {
  std::string batch;
  for (int i = 0; i < 64; ++i) batch += kUbRequest;
  http::RequestParser p;
  for (auto _ : state) {
    p.feed(as_bytes(batch));
    for (int i = 0; i < 64; ++i) benchmark::DoNotOptimize(p.next());
  }
  state.SetItemsProcessed(std::int64_t(state.iterations() * 64));
}
BENCHMARK(BM_HttpParsePipelined);

void BM_HttpParseUbResponse(benchmark::State& state) {
  for (auto _ : state) {
    http::ResponseParser p;
    p.feed(as_bytes(kUbResponse));
    benchmark::DoNotOptimize(p.next());
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_HttpParseUbResponse);

void BM_HttpSerializeRequest(benchmark::State& state) {
  http::RequestParser p;
  p.feed(as_bytes(kUbRequest));
  const http::Request r = std::move(**p.next());
  for (auto _ : state) benchmark::DoNotOptimize(http::serialize(r));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_HttpSerializeRequest);

// Zn: the KMS builds a BIR, the BSF decodes and parses it, answers with a BIA that the KMS
// decodes and parses: one full round of Diameter work.
void BM_DiameterZnRound(benchmark::State& state) {
  diameter::BootstrappingInfoRequest bir;
  bir.session_id = diameter::make_session_id("kms.ims.example.com", 1, 1);
  bir.origin_host = "kms.ims.example.com";
  bir.origin_realm = "ims.example.com";
  bir.destination_realm = "ims.example.com";
  bir.btid = "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com";
  bir.naf_id = gba::naf_id("kms.ims.example.com", gba::kUaImsUeKms);
  diameter::BootstrappingInfoAnswer bia;
  bia.session_id = bir.session_id;
  bia.origin_host = "bsf.ims.example.com";
  bia.origin_realm = "ims.example.com";
  bia.impi = "user@ims.example.com";
  bia.me_key_material = Bytes(32, 0xC9);
  bia.key_expiry_time = 1798765432;
  for (auto _ : state) {
    auto req = diameter::decode(diameter::encode(diameter::build_bir(bir, 1, 2)));
    auto parsed_req = diameter::parse_bir(*req);
    auto ans = diameter::decode(diameter::encode(diameter::build_bia(bia, 1, 2)));
    benchmark::DoNotOptimize(parsed_req);
    benchmark::DoNotOptimize(diameter::parse_bia(*ans));
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
BENCHMARK(BM_DiameterZnRound);

}  // namespace
