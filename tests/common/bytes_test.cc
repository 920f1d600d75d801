#include "common/bytes.h"

#include <gtest/gtest.h>

namespace imssim {
namespace {

TEST(ByteWriter, WritesBigEndian) {
  Bytes out;
  ByteWriter w(out);
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090A);
  w.u64(0x0B0C0D0E0F101112ull);
  EXPECT_EQ(out, (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
  w.patch_u16(1, 0xBEEF);
  EXPECT_EQ(out[1], 0xBE);
  EXPECT_EQ(out[2], 0xEF);
}

TEST(ByteReader, ReadsWhatWriterWrote) {
  Bytes buf;
  ByteWriter w(buf);
  w.u16(0xCAFE);
  w.u32(0xDEADBEEF);
  w.u64(0x0123456789ABCDEFull);
  ByteReader r(buf);
  EXPECT_EQ(*r.u16("a"), 0xCAFE);
  EXPECT_EQ(*r.u32("b"), 0xDEADBEEFu);
  EXPECT_EQ(*r.u64("c"), 0x0123456789ABCDEFull);
  EXPECT_TRUE(r.at_end());
}

TEST(ByteReader, ShortReadNamesFieldAndOffset) {
  Bytes buf{1, 2, 3};
  ByteReader r(buf);
  ASSERT_TRUE(r.u16("first").ok());
  auto v = r.u32("length");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "length at offset 2: needs 4 byte(s), only 1 left");
  EXPECT_EQ(r.offset(), 2u);  // a failed read consumes nothing
  auto b = r.bytes(2, "payload");
  EXPECT_FALSE(b.ok());
  EXPECT_TRUE(r.bytes(1, "payload").ok());
}

}  // namespace
}  // namespace imssim
