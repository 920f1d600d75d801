#include "sim/net/link.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace imssim::sim {

Time serialisation_time(std::uint64_t bytes, double bandwidth_bps) {
  if (bandwidth_bps <= 0) return Time();
  return Time::ns(std::llround(double(bytes) * 8e9 / bandwidth_bps));
}

Time draw_jitter(const LinkProfile& profile, Rng& rng) {
  if (profile.jitter.ns() <= 0) return Time();
  double scale = double(profile.jitter.ns());
  double extra = 0;
  switch (profile.jitter_model) {
    case JitterModel::kNormal: {
      // The half-normal |N(0, s)| has standard deviation s * sqrt(1 - 2/pi).
      const double kUnit = 1 / std::sqrt(1 - 2 / std::numbers::pi);
      extra = std::fabs(rng.normal(0, scale * kUnit));
      break;
    }
    case JitterModel::kLognormal: {
      // mean m and standard deviation m: sigma^2 = ln(1 + s^2/m^2) = ln 2, mu = ln m - sigma^2/2
      constexpr double kSigma2 = 0.69314718055994530942;  // ln 2
      extra = rng.lognormal(std::log(scale) - kSigma2 / 2, std::sqrt(kSigma2));
      break;
    }
  }
  return Time::ns(std::llround(extra));
}

std::optional<Time> LinkDirection::carry(Time now, std::uint64_t ip_bytes, std::uint32_t fragments,
                                         const LinkProfile& profile, double loss, bool down,
                                         bool in_order) {
  counters_.packets += fragments;
  counters_.bytes += ip_bytes;
  if (down) {
    counters_.dropped += fragments;
    return std::nullopt;
  }
  Time start = std::max(now, busy_until_);
  busy_until_ = start + serialisation_time(ip_bytes, profile.bandwidth_bps);
  if (loss > 0) {
    for (std::uint32_t f = 0; f < fragments; ++f) {
      if (rng_.bernoulli(loss)) {
        counters_.dropped += fragments;
        return std::nullopt;  // one fragment lost: the datagram is lost, the train stops here
      }
    }
  }
  Time arrival = busy_until_ + profile.delay + draw_jitter(profile, rng_);
  if (in_order) {
    arrival = std::max(arrival, last_in_order_arrival_);
    last_in_order_arrival_ = arrival;
  }
  return arrival;
}

}  // namespace imssim::sim
