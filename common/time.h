// Simulated time: a signed 64-bit count of nanoseconds. One type serves as instant (since the
// start of the run) and as duration, as in ns-3; ~292 years of range is plenty.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace imssim {

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time ns(std::int64_t v) { return Time(v); }
  static constexpr Time us(std::int64_t v) { return Time(v * 1'000); }
  static constexpr Time ms(std::int64_t v) { return Time(v * 1'000'000); }
  static constexpr Time sec(std::int64_t v) { return Time(v * 1'000'000'000); }
  // From a floating-point count of milliseconds (scenario files), rounded to the nanosecond.
  static constexpr Time from_ms(double v) {
    double ns = v * 1e6;
    return Time(static_cast<std::int64_t>(ns < 0 ? ns - 0.5 : ns + 0.5));
  }
  static constexpr Time max() { return Time(INT64_MAX); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double to_ms() const { return double(ns_) / 1e6; }
  constexpr double to_sec() const { return double(ns_) / 1e9; }

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Time o) const { return Time(ns_ + o.ns_); }
  constexpr Time operator-(Time o) const { return Time(ns_ - o.ns_); }
  constexpr Time& operator+=(Time o) { ns_ += o.ns_; return *this; }
  constexpr Time& operator-=(Time o) { ns_ -= o.ns_; return *this; }
  constexpr Time operator*(std::int64_t k) const { return Time(ns_ * k); }
  constexpr Time operator/(std::int64_t k) const { return Time(ns_ / k); }

  // "1.250000 s", "12.500 ms", "830 ns": the largest unit with a whole part.
  std::string str() const;

 private:
  constexpr explicit Time(std::int64_t v) : ns_(v) {}
  std::int64_t ns_ = 0;
};

namespace time_literals {
constexpr Time operator""_ns(unsigned long long v) { return Time::ns(std::int64_t(v)); }
constexpr Time operator""_us(unsigned long long v) { return Time::us(std::int64_t(v)); }
constexpr Time operator""_ms(unsigned long long v) { return Time::ms(std::int64_t(v)); }
constexpr Time operator""_s(unsigned long long v) { return Time::sec(std::int64_t(v)); }
}  // namespace time_literals

}  // namespace imssim
