// Timestamps and replay protection (RFC 3830 §5.4, §6.6): NTP conversion from simulated time,
// the clock-skew window and a bounded replay cache. Time comes in as imssim::Time plus an
// epoch, never from the wall clock.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_set>

#include "common/bytes.h"
#include "common/time.h"
#include "nodes/proto/mikey/error.h"
#include "nodes/proto/mikey/message.h"

namespace imssim::mikey {

// The wall-clock meaning of simulated time: `since_1900` is the NTP instant (nanoseconds
// since 1900-01-01 00:00 UTC) at which simulated time 0 falls.
struct NtpEpoch {
  Time since_1900;
  static NtpEpoch from_unix_seconds(std::int64_t unix_seconds) {
    return {Time::sec(unix_seconds + std::int64_t(kNtpUnixOffset))};
  }
};
// 2024-01-01T00:00:00Z, a fixed default so runs are reproducible.
inline NtpEpoch default_epoch() { return NtpEpoch::from_unix_seconds(1'704'067'200); }

// 64-bit NTP timestamp (32.32 fixed point, RFC 5905 §6) of simulated time `t`.
std::uint64_t to_ntp64(Time t, NtpEpoch epoch);
// Simulated time of a 64-bit NTP timestamp (may be negative: before the run started).
Time from_ntp64(std::uint64_t ntp, NtpEpoch epoch);
// The T payload value of type `type` for simulated time `t` (COUNTER: not a time, rejected).
MikeyResult<Timestamp> make_timestamp(TsType type, Time t, NtpEpoch epoch);
// Simulated time a timestamp stands for. NTP-UTC-32 is the 32-bit seconds part
// of an NTP-UTC timestamp (RFC 6043 §6.3). COUNTER has no time: error.
MikeyResult<Time> timestamp_time(const Timestamp& ts, NtpEpoch epoch);

// Remembers recently accepted messages (by MAC) for the skew window, bounded in size.
class ReplayCache {
 public:
  ReplayCache(std::size_t capacity, Time window) : capacity_(capacity), window_(window) {}
  // Error kReplay if `id` was accepted within the window, or if the cache is full of live
  // entries (then the message is dropped rather than risking an undetected replay).
  MikeyResult<Ok> check_and_remember(ByteView id, Time now);
  std::size_t size() const { return order_.size(); }

 private:
  struct Key {
    std::uint64_t a = 0, b = 0;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const { return std::size_t(k.a ^ (k.b * 0x9E3779B97F4A7C15ull)); }
  };
  struct Entry {
    Key key;
    Time at;
  };
  void expire(Time now);

  std::size_t capacity_;
  Time window_;
  std::deque<Entry> order_;  // insertion order = time order
  std::unordered_set<Key, KeyHash> seen_;
};

// What a receiver checks a message against.
struct Freshness {
  Time now;                       // receiver's simulated clock
  NtpEpoch epoch = default_epoch();
  Time max_skew = Time::sec(300);  // allowed |message time - now|
  ReplayCache* replay = nullptr;  // null: no replay check
};

// kStaleTimestamp if the timestamp is outside the window. COUNTER timestamps pass (they are
// checked by the replay cache only). `offset` locates the T payload for the error.
MikeyResult<Ok> check_timestamp(const Timestamp& ts, const Freshness& f, std::size_t offset);

}  // namespace imssim::mikey
