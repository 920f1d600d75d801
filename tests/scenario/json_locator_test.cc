#include "sim/scenario/json_locator.h"

#include <gtest/gtest.h>

namespace imssim::scenario {
namespace {

TEST(JsonLocator, FindsValuesAndKeys) {
  JsonLocator where("{\n  \"a\": [1, {\"b/c\": true}],\n  \"d\": \"x\\\"y\"\n}");
  EXPECT_EQ(where.find("/a").line, 2);
  EXPECT_EQ(where.find("/a").column, 8);
  EXPECT_EQ(where.find("/a/1/b~1c").column, 20);
  EXPECT_EQ(where.find_key("/a/1/b~1c").column, 13);
  EXPECT_EQ(where.find("/d").line, 3);
  // Unknown pointers fall back to the closest located ancestor.
  EXPECT_EQ(where.find("/a/7").column, 8);
  EXPECT_EQ(where.at_offset(0).line, 1);
}

TEST(JsonLocator, PointerEscape) { EXPECT_EQ(pointer_escape("a/b~c"), "a~1b~0c"); }

}  // namespace
}  // namespace imssim::scenario
