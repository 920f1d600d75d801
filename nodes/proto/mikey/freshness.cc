#include "nodes/proto/mikey/freshness.h"

#include <cstring>
#include <string>

#include "nodes/proto/mikey/describe.h"

namespace imssim::mikey {
namespace {
using K = MikeyError::Kind;
constexpr std::int64_t kNsPerSec = 1'000'000'000;
}  // namespace

std::uint64_t to_ntp64(Time t, NtpEpoch epoch) {
  std::int64_t ns = (epoch.since_1900 + t).ns();
  if (ns < 0) ns = 0;
  std::uint64_t sec = std::uint64_t(ns / kNsPerSec);
  std::uint64_t rem = std::uint64_t(ns % kNsPerSec);
  std::uint64_t frac = (rem << 32) / kNsPerSec;
  return (sec << 32) | frac;
}

Time from_ntp64(std::uint64_t ntp, NtpEpoch epoch) {
  std::int64_t sec = std::int64_t(ntp >> 32);
  std::int64_t ns = std::int64_t(((ntp & 0xFFFFFFFFull) * kNsPerSec + (1ull << 31)) >> 32);
  return Time::ns(sec * kNsPerSec + ns) - epoch.since_1900;
}

MikeyResult<Timestamp> make_timestamp(TsType type, Time t, NtpEpoch epoch) {
  std::uint64_t ntp = to_ntp64(t, epoch);
  switch (type) {
    case TsType::kNtpUtc:
    case TsType::kNtp: return Timestamp{type, ntp};
    case TsType::kNtpUtc32: return Timestamp{type, ntp >> 32};
    case TsType::kCounter: break;
  }
  return mikey_fail(K::kBadValue, 0, "a " + ts_type_name(std::uint8_t(type)) +
                                         " timestamp cannot be made from a time");
}

MikeyResult<Time> timestamp_time(const Timestamp& ts, NtpEpoch epoch) {
  switch (ts.type) {
    case TsType::kNtpUtc:
    case TsType::kNtp: return from_ntp64(ts.value, epoch);
    case TsType::kNtpUtc32: return from_ntp64(ts.value << 32, epoch);
    case TsType::kCounter: break;
  }
  return mikey_fail(K::kBadValue, 0, "a COUNTER timestamp is not a time");
}

MikeyResult<Ok> check_timestamp(const Timestamp& ts, const Freshness& f, std::size_t offset) {
  if (ts.type == TsType::kCounter) return Ok{};
  auto t = timestamp_time(ts, f.epoch);
  if (!t) return mikey_fail(K::kBadValue, offset, t.error().message);
  Time skew = *t > f.now ? *t - f.now : f.now - *t;
  if (skew > f.max_skew)
    return mikey_fail(K::kStaleTimestamp, offset,
                      "T at offset " + std::to_string(offset) + ": timestamp is " + skew.str() +
                          (*t > f.now ? " ahead of" : " behind") + " the receiver's clock, " +
                          "outside the " + f.max_skew.str() + " window (RFC 3830 §5.4)");
  return Ok{};
}

void ReplayCache::expire(Time now) {
  while (!order_.empty() && order_.front().at + window_ < now) {
    seen_.erase(order_.front().key);
    order_.pop_front();
  }
}

MikeyResult<Ok> ReplayCache::check_and_remember(ByteView id, Time now) {
  Key key;
  std::uint8_t buf[16] = {};
  std::memcpy(buf, id.data(), std::min<std::size_t>(16, id.size()));
  std::memcpy(&key.a, buf, 8);
  std::memcpy(&key.b, buf + 8, 8);
  expire(now);
  if (seen_.count(key))
    return mikey_fail(K::kReplay, 0, "message replayed: the same MAC was accepted within the last " +
                                         window_.str() + " (RFC 3830 §5.4)");
  if (order_.size() >= capacity_)
    return mikey_fail(K::kReplay, 0, "replay cache full (" + std::to_string(capacity_) +
                                         " live entries): message dropped");
  seen_.insert(key);
  order_.push_back({key, now});
  return Ok{};
}

}  // namespace imssim::mikey
