#include "common/function.h"

#include <gtest/gtest.h>

#include <memory>

namespace imssim {
namespace {

TEST(UniqueFunction, CallsSmallAndLargeTargets) {
  int hits = 0;
  UniqueFunction<void()> small = [&hits] { ++hits; };
  small();
  struct Big {
    char pad[200] = {};
    int* hits;
    void operator()() const { *hits += 10; }
  };
  UniqueFunction<void()> big = Big{{}, &hits};
  big();
  EXPECT_EQ(hits, 11);
}

TEST(UniqueFunction, MovesOwnershipOfMoveOnlyCaptures) {
  auto p = std::make_unique<int>(7);
  UniqueFunction<int(int)> f = [q = std::move(p)](int x) { return *q + x; };
  UniqueFunction<int(int)> g = std::move(f);
  EXPECT_FALSE(f);  // NOLINT(bugprone-use-after-move): checking the moved-from state
  EXPECT_EQ(g(3), 10);
}

TEST(UniqueFunction, DestroysCapturesExactlyOnce) {
  auto token = std::make_shared<int>(0);
  {
    UniqueFunction<void()> f = [token] {};
    UniqueFunction<void()> g;
    g = std::move(f);
    EXPECT_EQ(token.use_count(), 2);
  }
  EXPECT_EQ(token.use_count(), 1);
}

}  // namespace
}  // namespace imssim
