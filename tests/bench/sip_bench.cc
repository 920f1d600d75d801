// SIP throughput: strict parse+validate against sofia-sip's bare msg_make on the same INVITE
// (an IMS-style INVITE with SDP carrying a=key-mgmt:mikey at both levels), and build+serialise.
#include <benchmark/benchmark.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>

#include <string>

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/message.h"
#include "nodes/proto/sip/sdp.h"

namespace imssim::sip {
namespace {

const Bytes kMikey(96, 0x5a);  // the size of a typical MIKEY I_MESSAGE / TRANSFER_INIT

RequestSpec invite_spec() {
  SdpSpec sdp;
  sdp.address = "10.0.0.1";
  sdp.audio_port = 49170;
  sdp.session_key_mgmt = KeyMgmt{"mikey", kMikey};
  sdp.media_key_mgmt = KeyMgmt{"mikey", kMikey};
  RequestSpec s;
  s.method = "INVITE";
  s.request_uri = "sip:bob@ims.test";
  s.from = "\"Alice\" <sip:alice@ims.test>";
  s.from_tag = "9fxced76sl";
  s.to = "\"Bob\" <sip:bob@ims.test>";
  s.call_id = "3848276298220188511@ims.test";
  s.cseq = 1;
  s.via_sent_by = "10.0.0.1:5060";
  s.branch = "z9hG4bK74bf9";
  s.contact = "<sip:alice@10.0.0.1:5060>";
  s.route = {"sip:pcscf.ims.test;lr", "sip:scscf.ims.test;lr"};
  s.content_type = "application/sdp";
  s.body = *build_sdp(sdp);
  return s;
}

const std::string& invite_wire() {
  static const std::string wire = build_request(invite_spec())->serialize();
  return wire;
}

void BM_SofiaBareMsgMake(benchmark::State& state) {
  const std::string& w = invite_wire();
  for (auto _ : state) {
    msg_t* m = msg_make(sip_default_mclass(), 0, w.data(), issize_t(w.size()));
    benchmark::DoNotOptimize(m);
    msg_destroy(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(w.size()) + " B INVITE");
}
BENCHMARK(BM_SofiaBareMsgMake);

void BM_ParseValidate(benchmark::State& state) {
  const std::string& w = invite_wire();
  for (auto _ : state) {
    auto m = Message::parse(w);
    benchmark::DoNotOptimize(m.ok());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseValidate);

void BM_ParseValidateSdpKeyMgmt(benchmark::State& state) {
  const std::string& w = invite_wire();
  for (auto _ : state) {
    auto m = Message::parse(w);
    auto sdp = parse_sdp(m->body());
    benchmark::DoNotOptimize(sdp->effective_key_mgmt(0, "mikey"));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseValidateSdpKeyMgmt);

void BM_BuildSerialize(benchmark::State& state) {
  RequestSpec s = invite_spec();
  for (auto _ : state) {
    auto m = build_request(s);
    std::string wire = m->serialize();
    benchmark::DoNotOptimize(wire);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildSerialize);

void BM_BuildResponseSerialize(benchmark::State& state) {
  auto invite = build_request(invite_spec());
  ResponseSpec r;
  r.status = 200;
  r.to_tag = "314159";
  for (auto _ : state) {
    auto m = build_response(*invite, r);
    std::string wire = m->serialize();
    benchmark::DoNotOptimize(wire);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildResponseSerialize);

}  // namespace
}  // namespace imssim::sip

BENCHMARK_MAIN();
