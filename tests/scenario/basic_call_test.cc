// The default scenario end to end: the proposal's call meets its expectations, its pcap shows
// every protocol of the flow in tshark without a malformed packet, the ladder numbers the
// proposal's steps, and the same seed gives the same bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"
#include "tests/scenario/test_util.h"
#include "tests/support/tshark.h"

namespace imssim::scenario {
namespace {

namespace fs = std::filesystem;
const std::string kLua = "-X lua_script:" IMSSIM_SOURCE_DIR "/tools/wireshark/mikey_ticket.lua";

using testing::slurp;

struct Run {
  fs::path dir;
  nlohmann::json results;
};

Run run_into(const std::string& name) {
  Run out{testing::temp_dir("basic-call-" + name), {}};
  RunOptions o;
  o.pcap_path = (out.dir / "t.pcap").string();
  o.ladder_paths = {(out.dir / "l.txt").string()};
  auto r = run_scenario(testing::shipped_scenario("basic-call"), o);
  if (!r)
    ADD_FAILURE() << r.error().message;
  else
    out.results = r->results;
  return out;
}

TEST(BasicCall, MeetsItsExpectationsWithOneKmsRoundTripPerSide) {
  auto run = run_into("expect");
  ASSERT_EQ(run.results["passed"], true) << run.results["expectations"].dump(1);
  const auto& call = run.results["calls"][0];
  EXPECT_EQ(call["km_round_trips"]["caller"], 1);
  EXPECT_EQ(call["km_round_trips"]["callee"], 1);
  EXPECT_EQ(call["messages"]["UE-KMS"], 4);  // two request/response pairs, nothing resent
  EXPECT_GT(call["messages"]["Mw"].get<int>(), 0);
  // The results never carry keys: fingerprints only (16 hex digits).
  EXPECT_EQ(call["key_fingerprints"]["caller"].get<std::string>().size(), 16u);
}

TEST(BasicCall, PcapShowsEveryProtocolOfTheFlowAndNothingMalformed) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  auto run = run_into("pcap");
  auto pcap = (run.dir / "t.pcap").string();
  EXPECT_EQ(imssim::testing::tshark_problems(pcap, kLua), "");
  auto count = [&](const std::string& filter) {
    auto o = imssim::testing::run_tshark(pcap, kLua + " -Y '" + filter + "'");
    return std::count(o.out.begin(), o.out.end(), '\n');
  };
  EXPECT_GT(count("sip.Method == \"INVITE\""), 0);
  EXPECT_GT(count("sdp.key_mgmt.kmpid == \"mikey\" && mikeyticket"), 0);  // key-id in the SDP
  EXPECT_EQ(count("udp.port == 2269 && mikeyticket"), 4);                 // UE-KMS exchanges
  EXPECT_GT(count("http.request.method == \"GET\""), 0);                  // Ub
  EXPECT_GT(count("diameter"), 0);                                        // Zh, Zn
  EXPECT_GT(count("rtp"), 400);  // shown as SRTP: the SDP says RTP/SAVP
}

TEST(BasicCall, LadderNumbersTheProposalsSteps) {
  auto run = run_into("ladder");
  std::string ladder = slurp(run.dir / "l.txt");
  for (int step = 1; step <= 9; ++step)
    EXPECT_NE(ladder.find(": " + std::to_string(step) + ". "), std::string::npos)
        << "step " << step << " missing";
}

TEST(BasicCall, SameSeedSameBytes) {
  auto a = run_into("det-a"), b = run_into("det-b");
  EXPECT_EQ(a.results.dump(), b.results.dump());
  EXPECT_TRUE(slurp(a.dir / "t.pcap") == slurp(b.dir / "t.pcap"));
  EXPECT_EQ(slurp(a.dir / "l.txt"), slurp(b.dir / "l.txt"));
}

}  // namespace
}  // namespace imssim::scenario
