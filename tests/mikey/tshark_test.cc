// Cross-check with an independent decoder: generated and real MIKEY messages written to a pcap
// (raw on UDP 2269, and base64 in a SIP INVITE's SDP a=key-mgmt:mikey) must decode in tshark
// with no malformed packet, and tshark's data type, CSB ID and payload chain must equal
// imssim's decode: RFC 3830 messages with Wireshark's built-in MIKEY dissector, RFC 6043
// messages with tools/wireshark/mikey_ticket.lua.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "common/hex.h"
#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/describe.h"
#include "sim/trace/pcap_writer.h"
#include "tests/mikey/samples.h"
#include "tests/mikey/test_util.h"
#include "tests/support/tshark.h"

namespace imssim::mikey {
namespace {

using namespace time_literals;

const std::string kLua = std::string(IMSSIM_SOURCE_DIR) + "/tools/wireshark/mikey_ticket.lua";

std::string sip_invite(const std::string& b64) {
  std::string sdp =
      "v=0\r\no=alice 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "a=key-mgmt:mikey " + b64 + "\r\nm=audio 4000 RTP/SAVP 0\r\n";
  return "INVITE sip:bob@ims.example SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds\r\n"
         "Max-Forwards: 70\r\nTo: <sip:bob@ims.example>\r\n"
         "From: <sip:alice@ims.example>;tag=1928301774\r\nCall-ID: a84b4c76e66710@10.0.0.1\r\n"
         "CSeq: 314159 INVITE\r\nContact: <sip:alice@10.0.0.1>\r\n"
         "Content-Type: application/sdp\r\nContent-Length: " + std::to_string(sdp.size()) +
         "\r\n\r\n" + sdp;
}

struct Expect {
  std::string type, csb, chain;
};

Expect expect_of(const Bytes& wire) {
  auto m = decode(wire);
  EXPECT_TRUE(m.ok());
  char csb[16];
  std::snprintf(csb, sizeof csb, "0x%08x", m->header.csb_id);
  // The Next Payload chain: HDR's, then each payload's (the last is 0).
  std::string chain;
  for (const auto& p : m->payloads) chain += std::to_string(int(payload_type(p))) + ",";
  chain += "0";
  return {std::to_string(int(m->header.data_type)), csb, chain};
}

// Writes every message twice (UDP 2269, SIP/SDP) and returns the expected rows per frame.
std::vector<Expect> write_pcap(const std::string& path, const std::vector<Bytes>& messages) {
  auto w = trace::PcapWriter::open(path);
  EXPECT_TRUE(w.ok());
  Endpoint a{*Ipv4::parse("10.0.0.1"), 40000}, kms{*Ipv4::parse("10.0.0.9"), kUdpPort};
  Endpoint sa{*Ipv4::parse("10.0.0.1"), 5060}, sb{*Ipv4::parse("10.0.0.2"), 5060};
  std::vector<Expect> rows;
  Time t = 1_s;
  for (const Bytes& m : messages) {
    (*w)->udp(t, a, kms, m);
    rows.push_back(expect_of(m));
    t += 10_ms;
    std::string invite = sip_invite(to_base64(m));
    (*w)->udp(t, sa, sb, as_bytes(invite));
    rows.push_back(expect_of(m));
    t += 10_ms;
  }
  (*w)->flush();
  return rows;
}

std::vector<std::vector<std::string>> tshark_rows(const std::string& pcap, const std::string& args,
                                                  const std::string& prefix) {
  auto r = imssim::testing::run_tshark(pcap, args + " -T fields -e " + prefix + ".type -e " +
                                         prefix + ".csb_id -e " + prefix + ".next_payload");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::istringstream l(line);
    std::string c;
    while (std::getline(l, c, '\t')) cols.push_back(c);
    while (cols.size() < 3) cols.push_back("");
    rows.push_back(cols);
  }
  return rows;
}

void cross_check(const std::vector<Bytes>& messages, const std::string& name, bool lua) {
  std::string pcap = ::testing::TempDir() + "/mikey_" + name + ".pcap";
  auto expected = write_pcap(pcap, messages);
  std::string args = lua ? "-X lua_script:" + kLua : "";
  EXPECT_EQ(imssim::testing::tshark_problems(pcap, args), "") << pcap;
  auto rows = tshark_rows(pcap, args, lua ? "mikeyticket" : "mikey");
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE("frame " + std::to_string(i + 1));
    EXPECT_EQ(rows[i][0], expected[i].type);
    EXPECT_EQ(rows[i][1], expected[i].csb);
    EXPECT_EQ(rows[i][2], expected[i].chain);
  }
}

TEST(MikeyTshark, Rfc3830MessagesMatchTheBuiltInDissector) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  std::vector<Bytes> msgs;
  for (const char* f : {"mikey/tsitle_rtsp_sdp_psk_init_mki.bin",
                        "mikey/tsitle_mikeytest_roundtrip1_psk_init_mki.bin",
                        "mikey/tsitle_mikeytest_gstreamer_generated_psk_init.bin",
                        "mikey/tsitle_srtcp_known_packet_psk_init_mki.bin"})
    msgs.push_back(testing::read_file(testing::vector_path(f)));
  for (const auto& s : testing::generated_samples())
    if (s.name == "psk_init" || s.name == "psk_verify" || s.name == "error") msgs.push_back(s.wire);
  cross_check(msgs, "rfc3830", false);
}

TEST(MikeyTshark, Rfc6043MessagesMatchTheLuaDissector) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  std::vector<Bytes> msgs;
  for (const auto& s : testing::generated_samples())
    if (s.name.find("_init") != std::string::npos || s.name.find("_resp") != std::string::npos)
      if (s.name != "psk_init") msgs.push_back(s.wire);
  ASSERT_EQ(msgs.size(), 6u);
  cross_check(msgs, "rfc6043", true);
}

TEST(MikeyTshark, LuaDissectorFlagsTruncatedTicketMessages) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  Bytes m = testing::generated_samples()[3].wire;  // request_init
  ASSERT_GT(m.size(), 5u);
  m.erase(m.end() - 5, m.end());
  std::string pcap = ::testing::TempDir() + "/mikey_truncated.pcap";
  write_pcap(pcap, {});
  auto w = trace::PcapWriter::open(pcap);
  ASSERT_TRUE(w.ok());
  (*w)->udp(1_s, {*Ipv4::parse("10.0.0.1"), 40000}, {*Ipv4::parse("10.0.0.9"), kUdpPort}, m);
  (*w)->flush();
  EXPECT_NE(imssim::testing::tshark_problems(pcap, "-X lua_script:" + kLua), "");
}

}  // namespace
}  // namespace imssim::mikey
