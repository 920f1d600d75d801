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

// Service times on this machine (release build, one core, Dec 2026), the mean CPU time per
// operation the KmsCpu meter measured over `imssim compare scenarios/kms-load.json`.
// Re-measure with `imssim run --measured` when the handlers change.
inline constexpr Time kMikeyRequestCost = Time::us(30);
inline constexpr Time kTlsHandshakeCost = Time::us(120);
inline constexpr Time kHttpsRequestCost = Time::us(40);

struct CpuModelConfig {
  bool enabled = false;
  double slowdown = 1;  // a KMS this many times slower than the calibration machine
};

class CpuModel {
 public:
  explicit CpuModel(CpuModelConfig config = {}) : config_(config) {}
  // An operation arrives at `now`: the delay until its service ends (zero when off).
  Time admit(KmsOp op, Time now);
  // Busy time, utilisation over `elapsed`, operations, and the wait before service.
  nlohmann::json to_json(Time elapsed) const;
  bool enabled() const { return config_.enabled; }

 private:
  CpuModelConfig config_;
  Time busy_until_;
  Time busy_;
  std::uint64_t ops_ = 0;
  Time waited_, max_wait_;
};

}  // namespace imssim::kms
