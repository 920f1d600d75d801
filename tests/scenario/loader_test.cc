#include "sim/scenario/loader.h"

#include <gtest/gtest.h>

namespace imssim::scenario {
namespace {

using namespace time_literals;

constexpr const char* kSubscriber =
    R"({"name": "alice", "k": "465b5ce8b199b49faa5f0a2ee238a6bc", "opc": "cd63cb71954a9f4e48a5994e37a02baf"})";

std::string minimal(const std::string& extra = "") {
  return R"({"name": "t", "duration_s": 10, "subscribers": [)" + std::string(kSubscriber) +
         R"(, {"name": "bob", "k": "465b5ce8b199b49faa5f0a2ee238a6bc", "op": "cdc202d5123e20f62b6d676ac72cb318"}])" +
         extra + "}";
}

// Loads `text`, expects failure, and returns the diagnostics as printed.
std::string errors_of(const std::string& text) {
  auto s = load_scenario_text(text, "s.json");
  EXPECT_FALSE(s.ok());
  return s ? "" : format_diagnostics(s.error(), "s.json");
}

TEST(Loader, MinimalScenarioGetsDefaults) {
  auto s = load_scenario_text(minimal(), "s.json");
  ASSERT_TRUE(s.ok()) << format_diagnostics(s.error(), "s.json");
  EXPECT_EQ(s->seed, 1u);
  EXPECT_EQ(s->variants, std::vector<std::string>{"mikey"});
  ASSERT_EQ(s->zones.size(), 2u);
  EXPECT_EQ(s->zones[0].name, "access");
  EXPECT_EQ(s->zones[0].delay, 10_ms);
  EXPECT_EQ(s->zones[0].mtu, 1500);
  EXPECT_EQ(s->zones[1].subnet.str(), "10.2.0.0");
  EXPECT_EQ(s->ims.domain, "ims.example.com");
  ASSERT_EQ(s->ims_hosts.size(), 7u);
  EXPECT_EQ(s->ims_hosts[2].name, "kms");
  EXPECT_EQ(s->ims_hosts[0].address.str(), "10.2.0.1");
  const Subscriber* alice = s->subscriber("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->impu, "sip:alice@ims.example.com");
  EXPECT_EQ(alice->impi, "alice@ims.example.com");
  EXPECT_EQ(alice->host.address.str(), "10.1.0.1");
  EXPECT_EQ(alice->sqn, 0x20u);
  EXPECT_EQ(alice->amf, 0x8000);
  EXPECT_TRUE(alice->opc.has_value());
  EXPECT_TRUE(s->subscriber("bob")->op.has_value());
  EXPECT_EQ(s->subscriber("sip:bob@ims.example.com"), s->subscriber("bob"));
}

TEST(Loader, TimelineSortedStablyByTime) {
  auto s = load_scenario_text(minimal(R"(, "timeline": [
      {"at_s": 2, "action": "register", "ue": "bob"},
      {"at_s": 1, "action": "register", "ue": "alice"},
      {"at_s": 2, "action": "call", "id": "c", "from": "alice", "to": "bob"}])"),
                              "s.json");
  ASSERT_TRUE(s.ok()) << format_diagnostics(s.error(), "s.json");
  ASSERT_EQ(s->timeline.size(), 3u);
  EXPECT_EQ(s->timeline[0].args["ue"], "alice");
  EXPECT_EQ(s->timeline[1].args["ue"], "bob");
  EXPECT_EQ(s->timeline[2].kind, "call");
  EXPECT_EQ(s->timeline[2].args["duration_s"], 5);  // default filled in
  EXPECT_EQ(s->timeline[2].pointer, "/timeline/2");
}

TEST(Loader, PopulationIsGeneratedDeterministically) {
  std::string text = R"({"name": "t", "duration_s": 10, "population": {"count": 3}})";
  auto a = load_scenario_text(text, "s.json");
  auto b = load_scenario_text(text, "s.json");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->subscribers.size(), 3u);
  EXPECT_EQ(a->subscribers[2].host.name, "ue3");
  EXPECT_EQ(a->subscribers[0].k, b->subscribers[0].k);
  EXPECT_NE(a->subscribers[0].k, a->subscribers[1].k);
}

// One test per kind of error: each names the place (line:column and pointer) and the reason.

TEST(LoaderErrors, JsonSyntax) {
  EXPECT_EQ(errors_of("{\n  \"name\": \"t\",\n  \"duration_s\": 10,\n}"),
            "s.json:4:1: (document): invalid JSON: syntax error while parsing object key - unexpected "
            "'}'; expected string literal\n");
}

TEST(LoaderErrors, WrongType) {
  EXPECT_EQ(errors_of(R"({"name": "t", "duration_s": "ten"})"),
            "s.json:1:29: /duration_s: expected a number, found the string \"ten\"\n");
}

TEST(LoaderErrors, OutOfRange) {
  EXPECT_EQ(errors_of(R"({"name": "t", "duration_s": 1, "network": {"zones": {"a": {"loss": 1.5}}}})"),
            "s.json:1:68: /network/zones/a/loss: expected a number >= 0 and <= 1, found the number 1.5\n");
}

TEST(LoaderErrors, UnknownKeyWithSuggestion) {
  EXPECT_EQ(errors_of(R"({"name": "t", "duration_s": 1, "network": {"zones": {"a": {"dealy_ms": 5}}}})"),
            "s.json:1:60: /network/zones/a/dealy_ms: unknown key 'dealy_ms' (did you mean 'delay_ms'?)\n");
}

TEST(LoaderErrors, UnknownKeyListsAllowedOnes) {
  EXPECT_NE(errors_of(R"({"name": "t", "duration_s": 1, "network": {"xyz": 1}})")
                .find("unknown key 'xyz' (allowed: 'zones')"),
            std::string::npos);
}

TEST(LoaderErrors, MissingRequiredKey) {
  EXPECT_EQ(errors_of(R"({"name": "t"})"),
            "s.json:1:1: (document): missing required key 'duration_s': Simulated time limit of the run, in seconds.\n");
}

TEST(LoaderErrors, BadEnumValue) {
  EXPECT_EQ(errors_of(R"({"name": "t", "duration_s": 1, "variants": ["mikee"]})"),
            "s.json:1:45: /variants/0: expected one of 'mikey', 'tls-ticket' or 'mikey-ticket', found "
            "'mikee' (did you mean 'mikey'?)\n");
}

TEST(LoaderErrors, BadHex) {
  std::string e = errors_of(R"({"name": "t", "duration_s": 1, "subscribers": [{"name": "a", "k": "00", "opc": "zz"}]})");
  EXPECT_NE(e.find("/subscribers/0/k: expected 16 bytes of hex (32 digits), found 1 bytes"), std::string::npos) << e;
  EXPECT_NE(e.find("/subscribers/0/opc: expected 16 bytes of hex, hex string: character 'z' at position 0 is not a hex digit"),
            std::string::npos) << e;
}

TEST(LoaderErrors, ExactlyOneOf) {
  std::string e = errors_of(R"({"name": "t", "duration_s": 1, "subscribers": [{"name": "a", "k": "465b5ce8b199b49faa5f0a2ee238a6bc"}]})");
  EXPECT_NE(e.find("/subscribers/0: exactly one of 'opc' or 'op' must be given, found 0"), std::string::npos) << e;
}

TEST(LoaderErrors, UnknownAction) {
  EXPECT_NE(errors_of(minimal(R"(, "timeline": [{"at_s": 0, "action": "regster", "ue": "alice"}])"))
                .find("/timeline/0/action: unknown action 'regster' (did you mean 'register'?)"),
            std::string::npos);
}

TEST(LoaderErrors, UnknownZoneReference) {
  EXPECT_NE(errors_of(R"({"name": "t", "duration_s": 1, "hosts": [{"name": "h", "zone": "acess"}]})")
                .find("/hosts/0/zone: no zone named 'acess' (did you mean 'access'?)"),
            std::string::npos);
}

TEST(LoaderErrors, DuplicateAndReservedNames) {
  std::string e = errors_of(R"({"name": "t", "duration_s": 1, "hosts": [{"name": "h"}, {"name": "h"}, {"name": "kms"}]})");
  EXPECT_NE(e.find("/hosts/1/name: the name 'h' is already used by another host"), std::string::npos) << e;
  EXPECT_NE(e.find("/hosts/2/name: the name 'kms' is already used"), std::string::npos) << e;
}

TEST(LoaderErrors, AddressOutsideZone) {
  EXPECT_NE(errors_of(R"({"name": "t", "duration_s": 1, "hosts": [{"name": "h", "zone": "core", "address": "192.168.0.1"}]})")
                .find("/hosts/0/address: address 192.168.0.1 is outside zone 'core' (10.2.0.0/16)"),
            std::string::npos);
}

TEST(LoaderErrors, UnknownSubscriberInCall) {
  EXPECT_NE(errors_of(minimal(R"(, "timeline": [{"at_s": 0, "action": "call", "id": "c", "from": "alice", "to": "bobb"}])"))
                .find("/timeline/0/to: no subscriber named 'bobb' (did you mean 'bob'?)"),
            std::string::npos);
}

TEST(LoaderErrors, ActionAfterEndOfRun) {
  EXPECT_NE(errors_of(minimal(R"(, "timeline": [{"at_s": 11, "action": "register", "ue": "alice"}])"))
                .find("/timeline/0/at_s: at 11.000000 s, after the end of the run (duration_s)"),
            std::string::npos);
}

TEST(LoaderErrors, ExpectationWithoutComparison) {
  EXPECT_NE(errors_of(minimal(R"(, "expect": [{"path": "/calls/0/established"}])"))
                .find("/expect/0: an expectation needs 'equals', 'min' or 'max'"),
            std::string::npos);
}

TEST(LoaderErrors, UnknownGroupAndMembers) {
  std::string e = errors_of(minimal(R"(, "groups": [{"id": "sip:g@x", "members": ["carol"]}],
      "timeline": [{"at_s": 0, "action": "group_call", "id": "g", "from": "alice", "group": "sip:h@x"}])"));
  EXPECT_NE(e.find("/groups/0/members/0: no subscriber named 'carol'"), std::string::npos) << e;
  EXPECT_NE(e.find("/timeline/0/group: no group sip:h@x in `groups`"), std::string::npos) << e;
}

TEST(LoaderErrors, ReportsEveryProblemAtOnce) {
  auto s = load_scenario_text(R"({"name": 1, "duration_s": -1, "bogus": true})", "s.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().size(), 3u);
}

TEST(LoaderErrors, MissingFile) {
  auto s = load_scenario_file("/nonexistent/scenario.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(format_diagnostics(s.error(), "/nonexistent/scenario.json"),
            "/nonexistent/scenario.json: (document): cannot open the scenario file\n");
}

}  // namespace
}  // namespace imssim::scenario
