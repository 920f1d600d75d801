#include "nodes/kms/cpu_model.h"

#include <algorithm>

namespace imssim::kms {
namespace {

Time cost_of(KmsOp op, bool tls13) {
  switch (op) {
    case KmsOp::kMikeyRequest:
      return kMikeyRequestCost;
    case KmsOp::kTlsHandshake:
      return tls13 ? kTls13HandshakeCost : kTls12HandshakeCost;
    case KmsOp::kHttpsRequest:
      return kHttpsRequestCost;
  }
  return Time();
}

}  // namespace

Time CpuModel::admit(KmsOp op, Time now) {
  if (!config_.enabled) return Time();
  Time service = Time::from_ms(cost_of(op, config_.tls13).to_ms() * config_.slowdown);
  Time start = std::max(now, busy_until_);
  Time wait = start - now;
  if (ops_ == 0) first_arrival_ = now;
  busy_until_ = start + service;
  busy_ = busy_ + service;
  ++ops_;
  waited_ = waited_ + wait;
  max_wait_ = std::max(max_wait_, wait);
  return busy_until_ - now;
}

nlohmann::json CpuModel::to_json() const {
  if (!config_.enabled) return {{"modelled", false}};
  Time loaded = busy_until_ - first_arrival_;
  double util = loaded > Time() ? busy_.to_sec() / loaded.to_sec() : 0;
  return {{"modelled", true},
          {"slowdown", config_.slowdown},
          {"operations", ops_},
          {"busy_s", busy_.to_sec()},
          {"loaded_s", (busy_until_ - first_arrival_).to_sec()},
          {"utilisation", util},
          {"mean_wait_ms", ops_ ? waited_.to_ms() / double(ops_) : 0.0},
          {"max_wait_ms", max_wait_.to_ms()}};
}

}  // namespace imssim::kms
