#include "common/time.h"

#include <gtest/gtest.h>

namespace imssim {
namespace {

using namespace time_literals;

TEST(Time, UnitsAndArithmetic) {
  EXPECT_EQ(Time::ms(1).ns(), 1'000'000);
  EXPECT_EQ(2_s + 500_ms, Time::ms(2500));
  EXPECT_EQ((3_ms - 1_ms) * 2, 4_ms);
  EXPECT_EQ(Time::from_ms(0.0000015), 2_ns);  // rounds to nearest
  EXPECT_EQ(Time::from_ms(-1.5), Time::us(-1500));
  EXPECT_DOUBLE_EQ((1500_us).to_ms(), 1.5);
  EXPECT_LT(1_us, 1_ms);
}

TEST(Time, ReadableString) {
  EXPECT_EQ((830_ns).str(), "830 ns");
  EXPECT_EQ((12500_us).str(), "12.500 ms");
  EXPECT_EQ((1250_ms).str(), "1.250000 s");
}

}  // namespace
}  // namespace imssim
