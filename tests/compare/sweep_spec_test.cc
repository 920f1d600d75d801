// --sweep parsing: the accepted forms, the values (float steps without accumulated error),
// the refused specs with their messages, and rewriting a document.
#include "sim/compare/sweep_spec.h"

#include <gtest/gtest.h>

namespace imssim::compare {
namespace {

using json = nlohmann::json;

std::string error_of(std::string_view spec) {
  auto s = parse_sweep(spec);
  EXPECT_FALSE(s) << spec << " was accepted";
  return s ? "" : s.error().message;
}

TEST(CompareSweepSpec, DottedAndPointerFormsAgree) {
  auto dotted = parse_sweep("network.zones.access.delay_ms=10:300:10");
  auto pointer = parse_sweep("/network/zones/access/delay_ms=10:300:10");
  ASSERT_TRUE(dotted) << dotted.error().message;
  ASSERT_TRUE(pointer) << pointer.error().message;
  EXPECT_EQ(dotted->pointer, "/network/zones/access/delay_ms");
  EXPECT_EQ(pointer->pointer, "/network/zones/access/delay_ms");
  EXPECT_EQ(dotted->text, "network.zones.access.delay_ms");
  ASSERT_EQ(dotted->values.size(), 30u);
  EXPECT_EQ(dotted->values.front(), 10);
  EXPECT_EQ(dotted->values[1], 20);
  EXPECT_EQ(dotted->values.back(), 300);
  EXPECT_EQ(to_json_pointer("timeline.2.at_s"), "/timeline/2/at_s");
  EXPECT_EQ(to_json_pointer("a~b"), "/a~0b");
}

TEST(CompareSweepSpec, FloatStepsDoNotAccumulateError) {
  auto s = parse_sweep("network.zones.access.loss=0:1:0.1");
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->values.size(), 11u);  // ends on 1 although 10 * 0.1 is not exactly 1
  EXPECT_EQ(s->values[3], 0.3);      // the double nearest 0.3, not 0.30000000000000004
  EXPECT_EQ(s->values[7], 0.7);
  EXPECT_EQ(s->values.back(), 1.0);
  double sum = 0;  // what repeated addition would have given
  for (int i = 0; i < 3; ++i) sum += 0.1;
  EXPECT_NE(sum, 0.3);

  auto fine = parse_sweep("x=0.05:0.25:0.05");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->values, (std::vector<double>{0.05, 0.1, 0.15, 0.2, 0.25}));
  auto uneven = parse_sweep("x=0:10:3");  // TO not on the grid: stops before it
  ASSERT_TRUE(uneven);
  EXPECT_EQ(uneven->values, (std::vector<double>{0, 3, 6, 9}));
  auto single = parse_sweep("x=5:5:1");
  ASSERT_TRUE(single);
  EXPECT_EQ(single->values, std::vector<double>{5});
  auto exponent = parse_sweep("x=1e1:3e1:1e1");
  ASSERT_TRUE(exponent);
  EXPECT_EQ(exponent->values, (std::vector<double>{10, 20, 30}));
}

TEST(CompareSweepSpec, BadSpecsAreRefusedWithTheReason) {
  EXPECT_NE(error_of("network.zones.access.delay_ms").find("expected PARAM=FROM:TO:STEP"),
            std::string::npos);
  EXPECT_NE(error_of("=1:2:1").find("PARAM before '=' is empty"), std::string::npos);
  EXPECT_NE(error_of("x=1:2").find("three numbers separated by ':'"), std::string::npos);
  EXPECT_NE(error_of("x=1:2:3:4").find("three numbers"), std::string::npos);
  EXPECT_NE(error_of("x=a:2:1").find("FROM 'a' is not a number"), std::string::npos);
  EXPECT_NE(error_of("x=1:2ms:1").find("TO '2ms' is not a number"), std::string::npos);
  EXPECT_NE(error_of("x=1:2:").find("STEP '' is not a number"), std::string::npos);
  EXPECT_NE(error_of("x=1:2:nan").find("STEP 'nan' is not a number"), std::string::npos);
  EXPECT_NE(error_of("x=1:2:0").find("STEP must be greater than 0"), std::string::npos);
  EXPECT_NE(error_of("x=1:2:-1").find("STEP must be greater than 0"), std::string::npos);
  EXPECT_NE(error_of("x=3:2:1").find("TO must not be less than FROM"), std::string::npos);
  EXPECT_NE(error_of("x=0:1:0.0001").find("at most 1000"), std::string::npos);
  EXPECT_NE(error_of("a..b=1:2:1").find("is not a path"), std::string::npos);
  EXPECT_NE(error_of("/a/=1:2:1").find("is not a path"), std::string::npos);
  // Every message starts with the option and the spec as given.
  EXPECT_EQ(error_of("x=3:2:1").rfind("--sweep 'x=3:2:1': ", 0), 0u);
}

TEST(CompareSweepSpec, SetParameter) {
  json doc = json::parse(R"({"network": {"zones": {"access": {"delay_ms": 20}}},
                            "timeline": [{"at_s": 0}, {"at_s": 2}], "name": "n"})");
  ASSERT_TRUE(set_parameter(doc, "/network/zones/access/delay_ms", 150));
  EXPECT_EQ(doc["network"]["zones"]["access"]["delay_ms"], 150);
  EXPECT_TRUE(doc["network"]["zones"]["access"]["delay_ms"].is_number_integer());
  ASSERT_TRUE(set_parameter(doc, "/network/zones/access/loss", 0.25));  // a defaulted member
  EXPECT_EQ(doc["network"]["zones"]["access"]["loss"], 0.25);
  ASSERT_TRUE(set_parameter(doc, "/timeline/1/at_s", 3.5));
  EXPECT_EQ(doc["timeline"][1]["at_s"], 3.5);

  auto missing = set_parameter(doc, "/network/zones/acess/delay_ms", 1);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/network/zones/acess is not in the scenario"),
            std::string::npos);
  auto index = set_parameter(doc, "/timeline/7", 1);
  ASSERT_FALSE(index);
  EXPECT_NE(index.error().message.find("not an index of the 2 elements"), std::string::npos);
  EXPECT_FALSE(set_parameter(doc, "name", 1));  // not a pointer
  EXPECT_FALSE(set_parameter(doc, "/a~2", 1));  // bad escape (RFC 6901 §3)
  EXPECT_FALSE(set_parameter(doc, "", 1));
  auto scalar = set_parameter(doc, "/name/x", 1);
  ASSERT_FALSE(scalar);
  EXPECT_NE(scalar.error().message.find("/name is a string"), std::string::npos);
}

}  // namespace
}  // namespace imssim::compare
