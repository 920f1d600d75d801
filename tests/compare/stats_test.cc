// Mean and nearest-rank percentiles, against values worked out by hand.
#include "sim/compare/stats.h"

#include <gtest/gtest.h>

namespace imssim::compare {
namespace {

TEST(CompareStats, NearestRankPicksAnObservedValue) {
  // n = 4: p50 -> rank ceil(2) = 2; p95 -> ceil(3.8) = 4; p25 -> rank 1.
  std::vector<double> v{40, 10, 30, 20};
  EXPECT_EQ(percentile(v, 50), 20);
  EXPECT_EQ(percentile(v, 95), 40);
  EXPECT_EQ(percentile(v, 25), 10);
  EXPECT_EQ(percentile(v, 0), 10);
  EXPECT_EQ(percentile(v, 100), 40);
}

TEST(CompareStats, ExactRanksDoNotRoundUp) {
  // 1..20: p95 is rank 19 exactly (0.95 * 20 = 19 in decimal, 19.000000000000004 in binary).
  std::vector<double> v;
  for (int i = 1; i <= 20; ++i) v.push_back(i);
  EXPECT_EQ(percentile(v, 95), 19);
  EXPECT_EQ(percentile(v, 50), 10);
  // 1..100: p99 is 99, not 100.
  v.clear();
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_EQ(percentile(v, 99), 99);
  EXPECT_EQ(percentile(v, 99.5), 100);
}

TEST(CompareStats, SummaryOfFewAndNone) {
  auto one = summarize({7.5});
  EXPECT_EQ(one.count, 1u);
  EXPECT_EQ(one.mean, 7.5);
  EXPECT_EQ(one.p50, 7.5);
  EXPECT_EQ(one.p99, 7.5);
  auto none = summarize({});
  EXPECT_EQ(none.count, 0u);
  EXPECT_FALSE(none.mean);
  EXPECT_FALSE(none.p50);
  EXPECT_FALSE(none.p95);
  EXPECT_FALSE(none.p99);
  auto s = summarize({1, 2, 3, 10});
  EXPECT_DOUBLE_EQ(*s.mean, 4.0);
  EXPECT_EQ(s.p50, 2);
  EXPECT_EQ(s.p95, 10);
}

}  // namespace
}  // namespace imssim::compare
