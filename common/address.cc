#include "common/address.h"

#include <charconv>

namespace imssim {

std::string Ipv4::str() const {
  return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 255) + "." +
         std::to_string((value >> 8) & 255) + "." + std::to_string(value & 255);
}

Result<Ipv4> Ipv4::parse(std::string_view s) {
  // Appends rather than "'" + std::string(s): g++ 12 -O3 raises a false -Wrestrict on the latter.
  auto bad = [s](std::string_view why) {
    std::string m = "'";
    m.append(s).append(why);
    return fail(std::move(m));
  };
  std::uint32_t v = 0;
  const char* p = s.data();
  const char* end = s.data() + s.size();
  for (int i = 0; i < 4; ++i) {
    unsigned octet = 0;
    auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc() || octet > 255 || next == p || next - p > 3)
      return bad("' is not a dotted IPv4 address (octet " + std::to_string(i + 1) + ")");
    v = v << 8 | octet;
    p = next;
    if (i < 3) {
      if (p == end || *p != '.') return bad("' is not a dotted IPv4 address");
      ++p;
    }
  }
  if (p != end) return bad("' has trailing characters after the address");
  return Ipv4{v};
}

}  // namespace imssim
