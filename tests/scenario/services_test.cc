// The IMS services beyond the basic call, checked on the nodes themselves after a run: the
// media mailbox holds no key material, only what it received; the group call, mailbox and LI
// flows decode in tshark with nothing malformed and show their messages.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/scenario/ims_network.h"
#include "sim/scenario/runner.h"
#include "tests/scenario/test_util.h"
#include "tests/support/tshark.h"

namespace imssim::scenario {
namespace {

const std::string kLua = "-X lua_script:" IMSSIM_SOURCE_DIR "/tools/wireshark/mikey_ticket.lua";

bool contains(ByteView haystack, ByteView needle) {
  return !needle.empty() &&
         std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
             haystack.end();
}

TEST(Mailbox, StoresTheKeyIdAndCiphertextButNoKeyMaterial) {
  for (std::string variant : {"mikey", "tls-ticket", "mikey-ticket"}) {
    bool inspected = false;
    RunOptions o;
    o.variant = variant;
    o.inspect = [&](const ImsNetwork& ims) {
      inspected = true;
      // It asked the KMS (the probe) and was refused every time.
      const auto& asked = ims.mailbox().key_counters();
      EXPECT_GE(asked.requests_sent, 1) << variant;
      EXPECT_EQ(asked.failures, asked.requests_sent) << variant;
      const auto& stored = ims.mailbox().messages();
      ASSERT_EQ(stored.size(), 2u) << variant;  // bob's (not registered), carol's (no answer)
      const auto& voice = ims.ue("bob").voice_messages();
      ASSERT_EQ(voice.size(), 1u) << variant;
      ASSERT_TRUE(voice[0].key) << variant;  // bob's, from the KMS
      const keymgmt::MediaKey& key = *voice[0].key;
      EXPECT_EQ(stored[0].reference, key.reference()) << variant;
      EXPECT_GT(stored[0].packets.size(), 100u) << variant;
      for (ByteView secret : {ByteView(key.tgk), ByteView(key.mpk),
                              ByteView(key.from_caller.master_key),
                              ByteView(key.from_callee.master_key)}) {
        EXPECT_FALSE(contains(stored[0].key_mgmt, secret)) << variant;
        EXPECT_FALSE(contains(stored[0].reference, secret)) << variant;
        for (const auto& p : stored[0].packets) EXPECT_FALSE(contains(p, secret)) << variant;
      }
    };
    auto r = run_scenario(testing::shipped_scenario("mailbox-retarget"), o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(inspected);
    EXPECT_TRUE(r->passed()) << r->results["expectations"].dump(1);
  }
}

TEST(Services, PcapsDecodeWithTheirMessagesVisible) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  struct Case {
    std::string scenario, filter;
    int at_least;
  } cases[] = {
      {"group-call", "sip.Method == \"INVITE\" && sdp.key_mgmt.kmpid == \"mikey\"", 4},
      {"mailbox-retarget", "sip.Method == \"MESSAGE\" && mikey", 1},
      {"mailbox-retarget", "sip.Method == \"REGISTER\" && sip.r-uri.user == \"mailbox\"", 1},
      {"lawful-intercept", "sip.Method == \"MESSAGE\"", 1},
      {"lawful-intercept", "udp.dstport == 50003", 100},
  };
  for (const auto& c : cases) {
    for (std::string variant : {"mikey", "mikey-ticket"}) {
      auto dir = testing::temp_dir("services-" + c.scenario + "-" + variant);
      auto pcap = (dir / "t.pcap").string();
      RunOptions o;
      o.variant = variant;
      o.pcap_path = pcap;
      auto r = run_scenario(testing::shipped_scenario(c.scenario), o);
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(imssim::testing::tshark_problems(pcap, kLua), "") << c.scenario << " " << variant;
      auto out = imssim::testing::run_tshark(pcap, kLua + " -Y '" + c.filter + "'");
      EXPECT_GE(std::count(out.out.begin(), out.out.end(), '\n'), c.at_least)
          << c.scenario << " " << variant << ": " << c.filter;
    }
  }
}

}  // namespace
}  // namespace imssim::scenario
