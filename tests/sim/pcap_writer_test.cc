#include "sim/trace/pcap_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/support/tshark.h"

namespace imssim::trace {
namespace {

using namespace time_literals;
namespace fs = std::filesystem;

Endpoint ep(const char* ip, std::uint16_t port) { return {*Ipv4::parse(ip), port}; }

TEST(InternetChecksum, Rfc1071Example) {
  // RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum = ~ddf2.
  Bytes data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(data), std::uint16_t(~0xddf2));
}

TEST(PcapWriter, HeaderAndRecordLayout) {
  std::ostringstream out;
  PcapWriter w(out);
  w.udp(1_s + 5_ns, ep("10.0.0.1", 5060), ep("10.0.0.2", 5060), as_bytes("hello"));
  std::string s = out.str();
  ASSERT_EQ(s.size(), 24u + 16u + 14u + 20u + 8u + 5u);
  EXPECT_EQ(std::uint8_t(s[0]), 0x4D);  // nanosecond magic, little-endian
  EXPECT_EQ(std::uint8_t(s[3]), 0xA1);
  EXPECT_EQ(std::uint8_t(s[24]), 1);  // ts_sec
  EXPECT_EQ(std::uint8_t(s[28]), 5);  // ts_nsec
  EXPECT_EQ(w.packets(), 1u);
}

TEST(PcapWriter, LargeDatagramIsFragmented) {
  std::ostringstream out;
  PcapWriter w(out);
  Bytes big(3000, 0xAB);
  w.udp(0_ns, ep("10.0.0.1", 2269), ep("10.0.0.2", 2269), big, 1500);
  EXPECT_EQ(w.packets(), 3u);  // 1480 + 1480 + 48 bytes of the 3008-byte UDP packet
}

TEST(PcapWriter, TsharkDecodesWithoutProblems) {
  if (!testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  fs::path path = fs::temp_directory_path() / "imssim_pcap_writer_test.pcap";
  {
    auto w = PcapWriter::open(path.string());
    ASSERT_TRUE(w.ok()) << w.error().message;
    auto a = ep("10.0.0.1", 40000), b = ep("10.0.0.2", 443);
    (*w)->udp(0_ms, ep("10.0.0.1", 5060), ep("10.0.0.2", 5060),
              as_bytes("OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
                       "Max-Forwards: 70\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\n"
                       "Call-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
    (*w)->udp(1_ms, ep("10.0.0.1", 9), ep("10.0.0.2", 9), Bytes(4000, 7), 1500);
    (*w)->tcp(2_ms, a, b, 1000, 0, tcp_flags::kSyn, {});
    (*w)->tcp(3_ms, b, a, 5000, 1001, tcp_flags::kSyn | tcp_flags::kAck, {});
    (*w)->tcp(4_ms, a, b, 1001, 5001, tcp_flags::kAck, {});
    (*w)->tcp(5_ms, a, b, 1001, 5001, tcp_flags::kAck | tcp_flags::kPsh, Bytes(100, 1));
    (*w)->tcp(6_ms, b, a, 5001, 1101, tcp_flags::kAck, {});
    (*w)->tcp(7_ms, a, b, 1101, 5001, tcp_flags::kAck | tcp_flags::kFin, {});
    (*w)->tcp(8_ms, b, a, 5001, 1102, tcp_flags::kAck | tcp_flags::kFin, {});
    (*w)->tcp(9_ms, a, b, 1102, 5002, tcp_flags::kAck, {});
  }
  EXPECT_EQ(testing::tshark_problems(path.string()), "");
  auto r = testing::run_tshark(path.string(), "-T fields -e frame.protocols");
  EXPECT_NE(r.out.find("sip"), std::string::npos) << r.out;
  fs::remove(path);
}

TEST(PcapWriter, OpenReportsUnwritablePath) {
  auto w = PcapWriter::open("/nonexistent-dir/x.pcap");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("/nonexistent-dir/x.pcap"), std::string::npos);
}

}  // namespace
}  // namespace imssim::trace
