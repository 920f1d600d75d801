#include "common/address.h"

#include <gtest/gtest.h>

namespace imssim {
namespace {

TEST(Ipv4, ParseAndPrint) {
  auto a = Ipv4::parse("10.0.1.254");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value, 0x0A0001FEu);
  EXPECT_EQ(a->str(), "10.0.1.254");
  EXPECT_EQ((Endpoint{*a, 5060}).str(), "10.0.1.254:5060");
}

TEST(Ipv4, RejectsMalformed) {
  for (const char* bad : {"10.0.1", "10.0.1.256", "a.b.c.d", "10.0.1.1.", "10..1.1", "1.2.3.4x", ""})
    EXPECT_FALSE(Ipv4::parse(bad).ok()) << bad;
}

}  // namespace
}  // namespace imssim
