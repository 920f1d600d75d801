// IPv4 addresses and transport endpoints as the nodes see them.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace imssim {

struct Ipv4 {
  std::uint32_t value = 0;  // host byte order
  auto operator<=>(const Ipv4&) const = default;
  std::string str() const;
  static Result<Ipv4> parse(std::string_view dotted);
};

struct Endpoint {
  Ipv4 ip;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
  std::string str() const { return ip.str() + ":" + std::to_string(port); }
};

}  // namespace imssim

template <>
struct std::hash<imssim::Endpoint> {
  std::size_t operator()(const imssim::Endpoint& e) const noexcept {
    return std::hash<std::uint64_t>{}(std::uint64_t(e.ip.value) << 16 | e.port);
  }
};
