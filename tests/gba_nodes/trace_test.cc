// A bootstrapping run in the traces: same seed, same bytes; tshark decodes Ub as HTTP and
// Zh/Zn as Diameter without malformed packets.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/gba_nodes/gba_net.h"
#include "tests/support/tshark.h"

namespace imssim::gba_nodes {
namespace {

using testing::GbaNet;
namespace fs = std::filesystem;

struct RunOutput {
  std::string pcap;
  std::string ladder;
  std::string btid;
  gba::Key256 ks_naf{};
};

// Bootstrap, then the KMS fetches the key; with a pcap written to `pcap_path` when given.
RunOutput run(std::uint64_t seed, const std::string& pcap_path = "") {
  std::ostringstream pcap;
  RunOutput out;
  {
    GbaNet net(seed, {.access = {.delay = 20_ms, .jitter = 2_ms, .bandwidth_bps = 10e6},
                      .core = {.delay = 1_ms, .bandwidth_bps = 1e9}});
    if (pcap_path.empty())
      net.sim.tracer().enable_pcap(pcap);
    else
      EXPECT_TRUE(net.sim.tracer().enable_pcap(pcap_path).ok());
    net.sim.tracer().enable_ladder();
    auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
    auto s = net.bootstrap(*ue);
    EXPECT_TRUE(s.ok()) << s.error().message;
    if (!s) return out;
    auto key = net.fetch(s->btid);
    EXPECT_TRUE(key.ok());
    if (key) out.ks_naf = key->ks_naf;
    out.btid = s->btid;
    net.sim.run_until_idle();
    net.sim.tracer().flush();
    out.ladder = net.sim.tracer().ladder()->text();
    ue.reset();
  }
  out.pcap = pcap.str();
  return out;
}

TEST(GbaNodesTrace, SameSeedSameBytes) {
  const RunOutput a = run(42), b = run(42), c = run(43);
  ASSERT_FALSE(a.pcap.empty());
  EXPECT_EQ(a.pcap, b.pcap);
  EXPECT_EQ(a.ladder, b.ladder);
  EXPECT_EQ(a.btid, b.btid);
  EXPECT_EQ(a.ks_naf, b.ks_naf);
  EXPECT_NE(a.btid, c.btid);
  EXPECT_NE(a.pcap, c.pcap);
  // The ladder names the logical messages.
  for (const char* label : {"Ub GET (IMPI)", "Zh MAR", "Zh MAA", "Ub 401 (RAND, AUTN)",
                            "Ub GET (RES digest)", "Ub 200 OK (B-TID)", "Zn BIR", "Zn BIA"})
    EXPECT_NE(a.ladder.find(label), std::string::npos) << label << "\n" << a.ladder;
}

TEST(GbaNodesTrace, TsharkDecodesUbAndDiameter) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  const fs::path path = fs::temp_directory_path() / "imssim_gba_nodes_run.pcap";
  const RunOutput r = run(7, path.string());
  EXPECT_EQ(imssim::testing::tshark_problems(path.string()), "");
  auto http = imssim::testing::run_tshark(
      path.string(), "-Y http -T fields -e http.request.method -e http.response.code");
  ASSERT_EQ(http.exit_code, 0) << http.out;
  EXPECT_EQ(http.out, "GET\t\n\t401\nGET\t\n\t200\n");
  auto dia = imssim::testing::run_tshark(
      path.string(),
      "-Y diameter -T fields -e diameter.cmd.code -e diameter.flags.request "
      "-e diameter.applicationId");
  ASSERT_EQ(dia.exit_code, 0) << dia.out;
  EXPECT_EQ(dia.out, "303\t1\t16777221\n303\t0\t16777221\n310\t1\t16777220\n310\t0\t16777220\n");
  // tshark's reading of the key and the B-TID in the BIA / BIR.
  auto values = imssim::testing::run_tshark(path.string(),
                                            "-Y diameter -T fields -e diameter.ME-Key-Material");
  EXPECT_NE(values.out.find(to_hex(r.ks_naf)), std::string::npos) << values.out;
  auto body = imssim::testing::run_tshark(
      path.string(), "-Y http.response.code==200 -T fields -e http.content_type -e http.file_data");
  EXPECT_NE(body.out.find("application/vnd.3gpp.bsf+xml\t"), std::string::npos) << body.out;
  EXPECT_NE(body.out.find("<btid>" + r.btid + "</btid>"), std::string::npos) << body.out;
  fs::remove(path);
}

}  // namespace
}  // namespace imssim::gba_nodes
