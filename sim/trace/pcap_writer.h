// Writes a Wireshark-readable pcap (nanosecond timestamps, Ethernet link type) of simulated
// traffic: synthetic Ethernet + IPv4 + UDP/TCP headers with correct lengths and checksums
// around the real payload bytes, simulated time as timestamps.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

#include "common/address.h"
#include "common/bytes.h"
#include "common/time.h"

namespace imssim::trace {

// TCP header flag bits (RFC 9293 §3.1).
namespace tcp_flags {
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kPsh = 0x08;
constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flags

class PcapWriter {
 public:
  // Writes to `out`, which must outlive the writer. The file header is written at once.
  explicit PcapWriter(std::ostream& out);
  // Opens `path` for writing; errors name the path and the reason.
  static Result<std::unique_ptr<PcapWriter>> open(const std::string& path);

  // One UDP datagram. IPv4 packets larger than `mtu` are written as IPv4 fragments
  // (RFC 791 §3.2), the way the sender's IP layer would emit them; Wireshark reassembles them.
  void udp(Time t, const Endpoint& src, const Endpoint& dst, ByteView payload,
           std::size_t mtu = 65535);
  // One TCP segment with real sequence/acknowledgement numbers, so Wireshark follows streams.
  void tcp(Time t, const Endpoint& src, const Endpoint& dst, std::uint32_t seq, std::uint32_t ack,
           std::uint8_t flags, ByteView payload, std::uint16_t window = 65535);

  std::uint64_t packets() const { return packets_; }
  void flush() { out_.flush(); }

 private:
  void ip_packet(Time t, const Endpoint& src, const Endpoint& dst, std::uint8_t protocol,
                 ByteView l4, std::size_t mtu);
  void record(Time t, ByteView frame);

  std::unique_ptr<std::ofstream> owned_;
  std::ostream& out_;
  std::uint16_t ip_id_ = 1;
  std::uint64_t packets_ = 0;
  Bytes frame_;  // reused scratch buffer
};

// The Internet checksum (RFC 1071) over `data`, starting from a partial `sum`.
std::uint16_t internet_checksum(ByteView data, std::uint32_t sum = 0);

}  // namespace imssim::trace
