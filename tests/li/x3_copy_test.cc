#include "nodes/li/x3_copy.h"

#include <gtest/gtest.h>

namespace imssim::li {
namespace {

TEST(X3Copy, RoundTripsCorrelationDirectionAndPayload) {
  Bytes payload{0x80, 0x00, 0x01, 0x02};
  Bytes wire = encode_x3(0x01020304, CopyDirection::kToWatched, payload);
  ASSERT_EQ(wire.size(), 9u);
  EXPECT_EQ(wire[0], 0x01);
  EXPECT_EQ(wire[3], 0x04);
  auto c = decode_x3(wire);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->correlation, 0x01020304u);
  EXPECT_EQ(c->direction, CopyDirection::kToWatched);
  EXPECT_EQ(Bytes(c->payload.begin(), c->payload.end()), payload);
}

TEST(X3Copy, RefusesShortDatagramsAndUnknownDirections) {
  auto short_one = decode_x3(Bytes{0, 0, 0, 1});
  ASSERT_FALSE(short_one);
  EXPECT_NE(short_one.error().message.find("shorter than its 5-byte header"), std::string::npos);
  auto bad = decode_x3(Bytes{0, 0, 0, 1, 7});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("unknown direction 7"), std::string::npos);
}

}  // namespace
}  // namespace imssim::li
