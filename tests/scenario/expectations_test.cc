#include "sim/scenario/expectations.h"

#include <gtest/gtest.h>

namespace imssim::scenario {
namespace {

using nlohmann::json;

const json kResults = json::parse(R"({
  "calls": [{"established": true, "setup_delay_ms": 120.5, "km_round_trips": {"caller": 1}},
            {"established": false, "setup_delay_ms": 400, "km_round_trips": {"caller": 1}}],
  "probes": {"p/1": {"received": 10}}
})");

Expectation expect_equals(std::string path, json value) {
  Expectation e;
  e.what = e.path = std::move(path);
  e.equals = std::move(value);
  return e;
}

TEST(Expectations, EqualsAcrossWildcard) {
  auto out = check_expectations({expect_equals("/calls/*/km_round_trips/caller", 1.0)}, kResults, "mikey");
  EXPECT_TRUE(out[0].passed) << out[0].detail;
  out = check_expectations({expect_equals("/calls/*/established", true)}, kResults, "mikey");
  EXPECT_FALSE(out[0].passed);
  EXPECT_EQ(out[0].detail, "/calls/1/established is false, expected == true");
}

TEST(Expectations, MinMax) {
  Expectation e;
  e.path = "/calls/*/setup_delay_ms";
  e.max = 300;
  auto out = check_expectations({e}, kResults, "mikey");
  EXPECT_FALSE(out[0].passed);
  EXPECT_EQ(out[0].detail, "/calls/1/setup_delay_ms is 400, expected <= 300.0");
  e.max = 400;
  e.min = 100;
  EXPECT_TRUE(check_expectations({e}, kResults, "mikey")[0].passed);
}

TEST(Expectations, MissingPathFails) {
  auto out = check_expectations({expect_equals("/calls/5/established", true)}, kResults, "mikey");
  EXPECT_FALSE(out[0].passed);
  EXPECT_EQ(out[0].detail, "no value at /calls/5/established");
}

TEST(Expectations, EscapedPointerTokens) {
  EXPECT_TRUE(check_expectations({expect_equals("/probes/p~11/received", 10)}, kResults, "mikey")[0].passed);
}

TEST(Expectations, SkippedForOtherVariants) {
  Expectation e = expect_equals("/calls/0/established", false);
  e.variants = {"tls-ticket"};
  auto out = check_expectations({e}, kResults, "mikey");
  EXPECT_TRUE(out[0].skipped);
  EXPECT_TRUE(out[0].passed);
  EXPECT_FALSE(check_expectations({e}, kResults, "tls-ticket")[0].passed);
}

}  // namespace
}  // namespace imssim::scenario
