#include "nodes/li/x3_copy.h"

namespace imssim::li {
namespace {

constexpr std::size_t kHeaderBytes = 5;

}  // namespace

Bytes encode_x3(std::uint32_t correlation, CopyDirection direction, ByteView payload) {
  Bytes out;
  out.reserve(kHeaderBytes + payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::uint8_t(correlation >> shift));
  out.push_back(std::uint8_t(direction));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<X3Copy> decode_x3(ByteView d) {
  if (d.size() < kHeaderBytes)
    return fail("X3 copy: " + std::to_string(d.size()) + " bytes, shorter than its 5-byte header");
  if (d[4] > std::uint8_t(CopyDirection::kToWatched))
    return fail("X3 copy: unknown direction " + std::to_string(d[4]));
  X3Copy c;
  c.correlation = std::uint32_t(d[0]) << 24 | std::uint32_t(d[1]) << 16 |
                  std::uint32_t(d[2]) << 8 | std::uint32_t(d[3]);
  c.direction = CopyDirection(d[4]);
  c.payload = d.subspan(kHeaderBytes);
  return c;
}

}  // namespace imssim::li
