// The KMS's processor as a modelled resource, for load studies: one server, first come first
// served; each operation holds it for a service time calibrated from the CPU time the real
// handlers take (cpu_meter.h; numbers and how they were measured below). An operation that
// arrives while the server is busy waits: the reply leaves when its service ends. Off by
// default (zero service time: replies leave at once). All of it is simulated time, so the
// utilisation and queueing it reports are reproducible from the seed.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "common/time.h"

namespace imssim::kms {

enum class KmsOp {
  kMikeyRequest,  // a MIKEY REQUEST_INIT or RESOLVE_INIT over UDP: MAC, key, KEMAC, MAC
  kTlsHandshake,  // a GBA PSK-TLS handshake, all its server flights
  kHttpsRequest,  // one HTTP request over TLS: record crypto, the handler (JSON or MIKEY)
};

// Service times: the mean CPU time per operation that the KMS's CpuMeter measured (release
// build, the 2-core calibration VM, 2026-12-02) over scenarios/kms-load.json, 200 calls per
// variant: `imssim run scenarios/kms-load.json --out DIR` writes them to measured.json; divide
// by the operation counts of results.json (nodes.kms). Re-measure when the handlers change.
inline constexpr Time kMikeyRequestCost = Time::us(25);     // mikey: 25.0 us
inline constexpr Time kTls12HandshakeCost = Time::us(193);  // TLS 1.2 PSK: 193 us
inline constexpr Time kTls13HandshakeCost = Time::us(380);  // TLS 1.3 psk_dhe_ke (X25519)
// One HTTP request over TLS 1.2 with its handler: 62 us (tls-ticket, JSON) and 78 us
// (mikey-ticket, MIKEY); modelled as their mean.
inline constexpr Time kHttpsRequestCost = Time::us(70);

struct CpuModelConfig {
  bool enabled = false;
  double slowdown = 1;  // a KMS this many times slower than the calibration machine
  bool tls13 = false;   // handshakes are TLS 1.3 (ECDHE) rather than TLS 1.2 PSK
};

class CpuModel {
 public:
  explicit CpuModel(CpuModelConfig config = {}) : config_(config) {}
  // An operation arrives at `now`: the delay until its service ends (zero when off).
  Time admit(KmsOp op, Time now);
  // Busy time, operations, the wait before service, and the utilisation over the loaded
  // period: from the first operation's arrival to the last one's completion.
  nlohmann::json to_json() const;
  bool enabled() const { return config_.enabled; }

 private:
  CpuModelConfig config_;
  Time first_arrival_;
  Time busy_until_;
  Time busy_;
  std::uint64_t ops_ = 0;
  Time waited_, max_wait_;
};

}  // namespace imssim::kms
