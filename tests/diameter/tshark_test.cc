// Cross-check with an independent decoder: BIR, BIA, MAR and MAA in a TCP stream on port 3868
// must decode in tshark without malformed packets or expert errors, with the commands,
// applications and AVP codes we put in.
#include "tests/support/tshark.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/hex.h"
#include "nodes/proto/diameter/zh.h"
#include "nodes/proto/diameter/zn.h"
#include "sim/trace/pcap_writer.h"

namespace imssim::diameter {
namespace {

using namespace time_literals;
namespace fs = std::filesystem;

Endpoint ep(const char* ip, std::uint16_t port) { return {*Ipv4::parse(ip), port}; }

// One TCP connection client -> server:3868 carrying a request and its answer.
void exchange(trace::PcapWriter& w, Time t, Endpoint client, Endpoint server, const Bytes& request,
              const Bytes& answer) {
  using namespace trace::tcp_flags;
  std::uint32_t c = 1000, s = 5000;
  w.tcp(t, client, server, c, 0, kSyn, {});
  w.tcp(t + 1_ms, server, client, s, c + 1, kSyn | kAck, {});
  w.tcp(t + 2_ms, client, server, c + 1, s + 1, kAck, {});
  w.tcp(t + 3_ms, client, server, c + 1, s + 1, kAck | kPsh, request);
  const std::uint32_t c2 = c + 1 + std::uint32_t(request.size());
  w.tcp(t + 4_ms, server, client, s + 1, c2, kAck | kPsh, answer);
  const std::uint32_t s2 = s + 1 + std::uint32_t(answer.size());
  w.tcp(t + 5_ms, client, server, c2, s2, kAck | kFin, {});
  w.tcp(t + 6_ms, server, client, s2, c2 + 1, kAck | kFin, {});
  w.tcp(t + 7_ms, client, server, c2 + 1, s2 + 1, kAck, {});
}

TEST(DiameterTshark, ZnAndZhDecodeWithoutProblems) {
  if (!testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  BootstrappingInfoRequest bir;
  bir.session_id = make_session_id("kms.ims.example.com", 1, 1);
  bir.origin_host = "kms.ims.example.com";
  bir.origin_realm = "ims.example.com";
  bir.destination_realm = "ims.example.com";
  bir.btid = "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com";
  bir.naf_id = to_bytes("kms.ims.example.com");
  append(bir.naf_id, Bytes{1, 0, 0, 0, 6});
  BootstrappingInfoAnswer bia;
  bia.session_id = bir.session_id;
  bia.origin_host = "bsf.ims.example.com";
  bia.origin_realm = "ims.example.com";
  bia.impi = "user@ims.example.com";
  bia.me_key_material =
      *from_hex("c900dad47e606029e67ebd667f701a38f9feb03d2bb6f70ac01272898599f75b");
  bia.key_expiry_time = 1798765432;
  bia.bootstrap_info_creation_time = 1798761832;
  bia.gba_type = 0;
  MultimediaAuthRequest mar;
  mar.session_id = make_session_id("bsf.ims.example.com", 2, 1);
  mar.origin_host = "bsf.ims.example.com";
  mar.origin_realm = "ims.example.com";
  mar.destination_realm = "ims.example.com";
  mar.impi = "user@ims.example.com";
  mar.resync = Bytes(30, 0x5A);
  MultimediaAuthAnswer maa;
  maa.session_id = mar.session_id;
  maa.origin_host = "hss.ims.example.com";
  maa.origin_realm = "ims.example.com";
  maa.impi = mar.impi;
  maa.item = AuthDataItem{};
  maa.item->rand_autn =
      *from_hex("23553cbe9637a89d218ae64dae47bf3555f328b43577b9b94a9ffac354dfafb3");
  maa.item->xres = *from_hex("a54211d5e3ba50bf");
  maa.item->ck = *from_hex("b40ba9a3c58b2a05bbf0d987b21bf8cb");
  maa.item->ik = *from_hex("f769bcd751044604127672711c6d3441");

  const fs::path path = fs::temp_directory_path() / "imssim_diameter_zn_zh.pcap";
  {
    auto w = trace::PcapWriter::open(path.string());
    ASSERT_TRUE(w.ok()) << w.error().message;
    exchange(**w, 0_ms, ep("10.0.0.20", 40001), ep("10.0.0.30", kPort),
             encode(build_bir(bir, 1, 100)), encode(build_bia(bia, 1, 100)));
    exchange(**w, 10_ms, ep("10.0.0.30", 40002), ep("10.0.0.40", kPort),
             encode(build_mar(mar, 2, 200)), encode(build_maa(maa, 2, 200)));
  }
  EXPECT_EQ(testing::tshark_problems(path.string()), "");
  auto r =
      testing::run_tshark(path.string(),
                          "-Y diameter -T fields -e diameter.cmd.code -e diameter.flags.request "
                          "-e diameter.applicationId -e diameter.hopbyhopid");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out,
            "310\t1\t16777220\t0x00000001\n"
            "310\t0\t16777220\t0x00000001\n"
            "303\t1\t16777221\t0x00000002\n"
            "303\t0\t16777221\t0x00000002\n")
      << r.out;
  // Every AVP code tshark saw, per message (grouped children included).
  auto avps = testing::run_tshark(path.string(), "-Y diameter -T fields -e diameter.avp.code");
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < avps.out.size()) {
    std::size_t nl = avps.out.find('\n', start);
    lines.push_back(avps.out.substr(start, nl - start));
    start = nl == std::string::npos ? avps.out.size() : nl + 1;
  }
  ASSERT_EQ(lines.size(), 4u) << avps.out;
  EXPECT_EQ(lines[0], "263,260,266,258,264,296,283,401,402");
  EXPECT_EQ(lines[1], "263,260,266,258,268,264,296,1,405,404,408,410");
  EXPECT_EQ(lines[2], "263,260,266,258,277,264,296,283,1,612,608,610");
  EXPECT_EQ(lines[3], "263,260,266,258,268,277,264,296,1,612,608,609,610,625,626");
  // tshark's own reading of two values: the B-TID and the Ks_NAF octets.
  auto values = testing::run_tshark(path.string(),
                                    "-Y diameter -T fields -e diameter.Transaction-Identifier "
                                    "-e diameter.ME-Key-Material");
  EXPECT_NE(values.out.find(to_hex(as_bytes(bir.btid))), std::string::npos) << values.out;
  EXPECT_NE(values.out.find("c900dad47e606029"), std::string::npos) << values.out;
  fs::remove(path);
}

}  // namespace
}  // namespace imssim::diameter
