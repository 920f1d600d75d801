// Byte strings and bounds-checked big-endian readers/writers shared by every protocol codec.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace imssim {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_chars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline void append(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

// Appends big-endian integers and byte strings to a growing buffer.
class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { u8(std::uint8_t(v >> 8)); u8(std::uint8_t(v)); }
  void u24(std::uint32_t v) { u8(std::uint8_t(v >> 16)); u16(std::uint16_t(v)); }
  void u32(std::uint32_t v) { u16(std::uint16_t(v >> 16)); u16(std::uint16_t(v)); }
  void u64(std::uint64_t v) { u32(std::uint32_t(v >> 32)); u32(std::uint32_t(v)); }
  void bytes(ByteView b) { append(out_, b); }
  void text(std::string_view s) { append(out_, as_bytes(s)); }
  std::size_t size() const { return out_.size(); }
  // Overwrites a previously written 16-bit field (for lengths known only afterwards).
  void patch_u16(std::size_t at, std::uint16_t v) {
    out_[at] = std::uint8_t(v >> 8);
    out_[at + 1] = std::uint8_t(v);
  }

 private:
  Bytes& out_;
};

// Reads big-endian fields; every read is bounds-checked and a short read is an error that
// names the field and the offset, never undefined behaviour.
class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  ByteView rest() const { return data_.subspan(pos_); }

  Result<std::uint8_t> u8(std::string_view field) {
    if (!need(1, field)) return error_;
    return data_[pos_++];
  }
  Result<std::uint16_t> u16(std::string_view field) {
    if (!need(2, field)) return error_;
    std::uint16_t v = std::uint16_t(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  Result<std::uint32_t> u32(std::string_view field) {
    if (!need(4, field)) return error_;
    std::uint32_t v = std::uint32_t(data_[pos_]) << 24 | std::uint32_t(data_[pos_ + 1]) << 16 |
                      std::uint32_t(data_[pos_ + 2]) << 8 | std::uint32_t(data_[pos_ + 3]);
    pos_ += 4;
    return v;
  }
  Result<std::uint64_t> u64(std::string_view field) {
    auto hi = u32(field);
    if (!hi) return Unexpected{hi.error()};
    auto lo = u32(field);
    if (!lo) return Unexpected{lo.error()};
    return std::uint64_t(*hi) << 32 | *lo;
  }
  Result<ByteView> bytes(std::size_t n, std::string_view field) {
    if (!need(n, field)) return error_;
    ByteView v = data_.subspan(pos_, n);
    pos_ += n;
    return v;
  }

 private:
  bool need(std::size_t n, std::string_view field) {
    if (remaining() >= n) return true;
    error_ = fail(std::string(field) + " at offset " + std::to_string(pos_) + ": needs " +
                  std::to_string(n) + " byte(s), only " + std::to_string(remaining()) + " left");
    return false;
  }

  ByteView data_;
  std::size_t pos_ = 0;
  Unexpected<Error> error_{};
};

}  // namespace imssim
