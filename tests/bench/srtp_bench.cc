// SRTP packets protected and unprotected per second: 172-byte RTP packets (12-byte header +
// 160-byte G.711 frame), per profile, with and without a 4-byte MKI.
#include <benchmark/benchmark.h>

#include <vector>

#include "common/rng.h"
#include "nodes/proto/srtp/session.h"
#include "nodes/proto/srtp/voice.h"

namespace {

using namespace imssim;
using namespace imssim::srtp;

const Profile kProfiles[] = {Profile::kAesCm128HmacSha1_80, Profile::kAeadAes128Gcm,
                             Profile::kAesCm256HmacSha1_80, Profile::kAesCm128HmacSha1_32};

std::unique_ptr<Session> make(Profile p, Direction d, bool mki) {
  Rng rng(1);
  SessionConfig c;
  c.profile = p;
  c.direction = d;
  c.master_key = rng.bytes(info(p).key_length);
  c.master_salt = rng.bytes(info(p).salt_length);
  if (mki) c.mki = {0, 0, 0, 1};
  return Session::create(c).value();
}

// One full sequence-number cycle of protected packets: unprotecting never hits a replay.
std::vector<Bytes> protected_cycle(Session& out, std::vector<Bytes>* plain = nullptr) {
  Rng rng(2);
  VoiceSource voice(0x1234, rng);
  std::vector<Bytes> packets;
  for (int i = 0; i < 65536; ++i) {
    Bytes p = voice.next_packet();
    if (plain != nullptr) plain->push_back(p);
    (void)out.protect_rtp(p);
    packets.push_back(std::move(p));
  }
  return packets;
}

void BM_ProtectRtp(benchmark::State& state) {
  Profile p = kProfiles[state.range(0)];
  bool mki = state.range(1) != 0;
  auto out = make(p, Direction::kOutbound, mki);
  Rng rng(3);
  VoiceSource voice(0x1234, rng);
  std::vector<Bytes> plain;
  for (int i = 0; i < 4096; ++i) plain.push_back(voice.next_packet());
  Bytes packet;
  packet.reserve(512);
  std::size_t i = 0;
  for (auto _ : state) {
    // Sequence numbers go on growing (the stream index must not repeat for protect).
    packet.assign(plain[i % plain.size()].begin(), plain[i % plain.size()].end());
    std::uint16_t seq = std::uint16_t(i);
    packet[2] = std::uint8_t(seq >> 8);
    packet[3] = std::uint8_t(seq);
    ++i;
    if (!out->protect_rtp(packet).ok()) state.SkipWithError("protect failed");
  }
  state.SetLabel(std::string(to_string(p)) + (mki ? " +MKI" : ""));
  state.counters["packets/s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(std::int64_t(state.iterations()) * 172);
}
BENCHMARK(BM_ProtectRtp)->ArgsProduct({{0, 1, 2, 3}, {0, 1}});

void BM_UnprotectRtp(benchmark::State& state) {
  Profile p = kProfiles[state.range(0)];
  bool mki = state.range(1) != 0;
  auto out = make(p, Direction::kOutbound, mki);
  std::vector<Bytes> packets = protected_cycle(*out);
  auto in = make(p, Direction::kInbound, mki);
  Bytes packet;
  packet.reserve(512);
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == packets.size()) {  // a new cycle needs a fresh receiver (replay window)
      state.PauseTiming();
      in = make(p, Direction::kInbound, mki);
      i = 0;
      state.ResumeTiming();
    }
    packet.assign(packets[i].begin(), packets[i].end());
    ++i;
    if (!in->unprotect_rtp(packet).ok()) state.SkipWithError("unprotect failed");
  }
  state.SetLabel(std::string(to_string(p)) + (mki ? " +MKI" : ""));
  state.counters["packets/s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UnprotectRtp)->ArgsProduct({{0, 1, 2, 3}, {0, 1}});

void BM_ProtectRtcp(benchmark::State& state) {
  auto out = make(Profile::kAesCm128HmacSha1_80, Direction::kOutbound, false);
  const Bytes rr = {0x80, 0xc9, 0x00, 0x01, 0x00, 0x00, 0x12, 0x34};
  Bytes packet;
  packet.reserve(256);
  for (auto _ : state) {
    packet.assign(rr.begin(), rr.end());
    if (!out->protect_rtcp(packet).ok()) state.SkipWithError("protect_rtcp failed");
  }
  state.counters["packets/s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ProtectRtcp);

// The receiver path a simulated UE runs: unprotect + parse + payload check.
void BM_VoiceCheckerPerPacket(benchmark::State& state) {
  auto out = make(Profile::kAesCm128HmacSha1_80, Direction::kOutbound, true);
  std::vector<Bytes> packets = protected_cycle(*out);
  auto in = make(Profile::kAesCm128HmacSha1_80, Direction::kInbound, true);
  auto checker = std::make_unique<StreamChecker>(*in);
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == packets.size()) {
      state.PauseTiming();
      in = make(Profile::kAesCm128HmacSha1_80, Direction::kInbound, true);
      checker = std::make_unique<StreamChecker>(*in);
      i = 0;
      state.ResumeTiming();
    }
    checker->on_packet(packets[i++]);
  }
  if (checker->counters().verified == 0) state.SkipWithError("nothing verified");
  state.counters["packets/s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VoiceCheckerPerPacket);

}  // namespace

BENCHMARK_MAIN();
