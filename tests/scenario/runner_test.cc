// The runner on the network-only scenario: results, determinism (same seed, same bytes),
// pcap validity, and the errors a run can report.
#include "sim/scenario/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/loader.h"
#include "tests/scenario/test_util.h"
#include "tests/support/tshark.h"

namespace imssim::scenario {
namespace {

namespace fs = std::filesystem;
using testing::slurp;
using testing::temp_dir;

Scenario load(const std::string& text) {
  auto s = load_scenario_text(text, "test.json");
  if (!s) ADD_FAILURE() << format_diagnostics(s.error(), "test.json");
  return *s;
}

Scenario network_probes() { return testing::shipped_scenario("network-probes"); }

RunOptions pcap_only(std::string path) {
  RunOptions o;
  o.pcap_path = std::move(path);
  return o;
}
RunOptions variant_only(std::string variant) {
  RunOptions o;
  o.variant = std::move(variant);
  return o;
}

TEST(Runner, NetworkProbesMeetTheirExpectations) {
  auto s = network_probes();
  auto r = run_scenario(s, {});
  ASSERT_TRUE(r) << r.error().message;
  for (const auto& e : r->expectations) EXPECT_TRUE(e.passed) << e.what << ": " << e.detail;
  EXPECT_EQ(r->results["variant"], "mikey");
  EXPECT_EQ(r->results["seed"], 7);
  EXPECT_EQ(r->results["passed"], true);
  EXPECT_EQ(r->results["expectations"].size(), s.expectations.size());
  // The probes between plain hosts are counted under their interface name.
  EXPECT_GT(r->results["network"]["interfaces"]["probe"]["packets"].get<int>(), 1000);
}

TEST(Runner, SameSeedGivesIdenticalResultsLaddersAndPcaps) {
  auto s = network_probes();
  auto dir = temp_dir("determinism");
  std::string outputs[2][3];
  for (int i = 0; i < 2; ++i) {
    auto base = dir / std::to_string(i);
    RunOptions o;
    o.pcap_path = (base / "t.pcap").string();
    o.ladder_paths = {(base / "l.txt").string()};
    fs::create_directories(base);
    auto r = run_scenario(s, o);
    ASSERT_TRUE(r) << r.error().message;
    outputs[i][0] = r->results.dump();
    outputs[i][1] = slurp(base / "t.pcap");
    outputs[i][2] = slurp(base / "l.txt");
  }
  EXPECT_EQ(outputs[0][0], outputs[1][0]);
  EXPECT_GT(outputs[0][1].size(), 100000u);
  EXPECT_TRUE(outputs[0][1] == outputs[1][1]) << "pcaps differ";
  EXPECT_EQ(outputs[0][2], outputs[1][2]);

  // Another seed changes what the lossy link does.
  s.seed = 8;
  auto other = run_scenario(s, {});
  ASSERT_TRUE(other);
  EXPECT_NE(other->results["probes"].dump(), nlohmann::json::parse(outputs[0][0])["probes"].dump());
}

TEST(Runner, PcapDecodesWithoutMalformedPackets) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  auto pcap = temp_dir("pcap") / "t.pcap";
  auto r = run_scenario(network_probes(), pcap_only(pcap.string()));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(imssim::testing::tshark_problems(pcap.string()), "");
}

TEST(Runner, FailedExpectationIsReportedNotAnError) {
  auto s = load(R"({"name": "x", "duration_s": 1,
    "hosts": [{"name": "a", "zone": "core"}, {"name": "b", "zone": "core"}],
    "timeline": [{"at_s": 0, "action": "datagrams", "id": "d", "from": "a", "to": "b", "count": 3}],
    "expect": [{"what": "too many", "path": "/probes/d/received", "min": 4},
               {"what": "mikey only", "path": "/probes/d/received", "equals": 3, "variants": ["mikey"]}]})");
  auto r = run_scenario(s, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->passed());
  EXPECT_FALSE(r->expectations[0].passed);
  EXPECT_TRUE(r->expectations[1].passed);
  EXPECT_EQ(r->results["passed"], false);
}

TEST(Runner, ErrorsNameThePlace) {
  auto s = load(R"({"name": "x", "duration_s": 1,
    "hosts": [{"name": "a", "zone": "core"}, {"name": "b", "zone": "core"}],
    "timeline": [{"at_s": 0, "action": "datagrams", "id": "d1", "from": "a", "to": "b", "count": 1, "port": 99},
                 {"at_s": 0, "action": "datagrams", "id": "d2", "from": "a", "to": "b", "count": 1, "port": 99}]})");
  auto r = run_scenario(s, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/timeline/1"), std::string::npos) << r.error().message;

  auto wrong_variant = run_scenario(s, variant_only("kerberos"));
  ASSERT_FALSE(wrong_variant);
  EXPECT_NE(wrong_variant.error().message.find("kerberos"), std::string::npos);

  auto bad_path = run_scenario(s, pcap_only("/nonexistent-dir/x.pcap"));
  ASSERT_FALSE(bad_path);
  EXPECT_NE(bad_path.error().message.find("/nonexistent-dir/x.pcap"), std::string::npos);
}

}  // namespace
}  // namespace imssim::scenario
