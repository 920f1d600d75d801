#include "sim/trace/pcap_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace imssim::trace {
namespace {

// pcap file format (draft-ietf-opsawg-pcap §4): the nanosecond-resolution magic number.
constexpr std::uint32_t kPcapMagicNanos = 0xA1B23C4D;
constexpr std::uint32_t kSnapLen = 262144;
constexpr std::uint32_t kLinkTypeEthernet = 1;  // LINKTYPE_ETHERNET
constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint8_t kIpProtoTcp = 6;
constexpr std::uint8_t kIpProtoUdp = 17;
constexpr std::size_t kIpv4Header = 20;

void put_le32(std::ostream& out, std::uint32_t v) {
  char b[4] = {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
  out.write(b, 4);
}
void put_le16(std::ostream& out, std::uint16_t v) {
  char b[2] = {char(v), char(v >> 8)};
  out.write(b, 2);
}

// Locally administered MAC derived from the IPv4 address, so each host has a stable MAC.
void write_mac(ByteWriter& w, Ipv4 ip) {
  w.u16(0x0200);
  w.u32(ip.value);
}

std::uint32_t pseudo_header_sum(const Endpoint& src, const Endpoint& dst, std::uint8_t proto,
                                std::size_t l4_len) {
  std::uint32_t sum = 0;
  sum += src.ip.value >> 16;
  sum += src.ip.value & 0xFFFF;
  sum += dst.ip.value >> 16;
  sum += dst.ip.value & 0xFFFF;
  sum += proto;
  sum += std::uint32_t(l4_len);
  return sum;
}

}  // namespace

std::uint16_t internet_checksum(ByteView data, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += std::uint32_t(data[i] << 8 | data[i + 1]);
  if (i < data.size()) sum += std::uint32_t(data[i] << 8);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return std::uint16_t(~sum);
}

PcapWriter::PcapWriter(std::ostream& out) : out_(out) {
  put_le32(out_, kPcapMagicNanos);
  put_le16(out_, 2);  // version 2.4
  put_le16(out_, 4);
  put_le32(out_, 0);  // reserved (thiszone)
  put_le32(out_, 0);  // reserved (sigfigs)
  put_le32(out_, kSnapLen);
  put_le32(out_, kLinkTypeEthernet);
}

Result<std::unique_ptr<PcapWriter>> PcapWriter::open(const std::string& path) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) return fail("cannot write pcap '" + path + "': " + std::strerror(errno));
  auto writer = std::make_unique<PcapWriter>(*file);
  writer->owned_ = std::move(file);
  return writer;
}

void PcapWriter::udp(Time t, const Endpoint& src, const Endpoint& dst, ByteView payload,
                     std::size_t mtu) {
  Bytes l4;
  l4.reserve(8 + payload.size());
  ByteWriter w(l4);
  w.u16(src.port);
  w.u16(dst.port);
  w.u16(std::uint16_t(8 + payload.size()));
  w.u16(0);  // checksum, below
  w.bytes(payload);
  std::uint16_t sum = internet_checksum(l4, pseudo_header_sum(src, dst, kIpProtoUdp, l4.size()));
  if (sum == 0) sum = 0xFFFF;  // RFC 768: a computed zero is sent as all ones
  w.patch_u16(6, sum);
  ip_packet(t, src, dst, kIpProtoUdp, l4, mtu);
}

void PcapWriter::tcp(Time t, const Endpoint& src, const Endpoint& dst, std::uint32_t seq,
                     std::uint32_t ack, std::uint8_t flags, ByteView payload,
                     std::uint16_t window) {
  Bytes l4;
  l4.reserve(20 + payload.size());
  ByteWriter w(l4);
  w.u16(src.port);
  w.u16(dst.port);
  w.u32(seq);
  w.u32(flags & tcp_flags::kAck ? ack : 0);
  w.u8(5 << 4);  // data offset: 5 words, no options
  w.u8(flags);
  w.u16(window);
  w.u16(0);  // checksum, below
  w.u16(0);  // urgent pointer
  w.bytes(payload);
  w.patch_u16(16, internet_checksum(l4, pseudo_header_sum(src, dst, kIpProtoTcp, l4.size())));
  ip_packet(t, src, dst, kIpProtoTcp, l4, 65535);
}

void PcapWriter::ip_packet(Time t, const Endpoint& src, const Endpoint& dst, std::uint8_t protocol,
                           ByteView l4, std::size_t mtu) {
  // Fragment payloads are multiples of 8 bytes except the last (RFC 791 §3.2).
  std::size_t max_fragment = mtu > kIpv4Header + 8 ? (mtu - kIpv4Header) / 8 * 8 : 8;
  std::uint16_t id = ip_id_++;
  for (std::size_t off = 0; off < l4.size() || off == 0;) {
    std::size_t len = std::min(max_fragment, l4.size() - off);
    bool more = off + len < l4.size();
    frame_.clear();
    ByteWriter w(frame_);
    write_mac(w, dst.ip);
    write_mac(w, src.ip);
    w.u16(kEtherTypeIpv4);
    std::size_t ip_start = frame_.size();
    w.u8(0x45);  // version 4, IHL 5
    w.u8(0);
    w.u16(std::uint16_t(kIpv4Header + len));
    w.u16(id);
    bool fragmented = more || off > 0;
    w.u16(std::uint16_t((fragmented ? 0 : 0x4000) | (more ? 0x2000 : 0) | (off / 8)));  // DF/MF
    w.u8(64);  // TTL
    w.u8(protocol);
    w.u16(0);  // header checksum, below
    w.u32(src.ip.value);
    w.u32(dst.ip.value);
    w.patch_u16(ip_start + 10,
                internet_checksum(ByteView(frame_).subspan(ip_start, kIpv4Header)));
    w.bytes(l4.subspan(off, len));
    record(t, frame_);
    off += len;
    if (l4.empty()) break;
  }
}

void PcapWriter::record(Time t, ByteView frame) {
  std::int64_t ns = t.ns() < 0 ? 0 : t.ns();
  put_le32(out_, std::uint32_t(ns / 1'000'000'000));
  put_le32(out_, std::uint32_t(ns % 1'000'000'000));
  put_le32(out_, std::uint32_t(frame.size()));
  put_le32(out_, std::uint32_t(frame.size()));
  out_.write(reinterpret_cast<const char*>(frame.data()), std::streamsize(frame.size()));
  ++packets_;
}

}  // namespace imssim::trace
