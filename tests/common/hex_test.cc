#include "common/hex.h"

#include <gtest/gtest.h>

namespace imssim {
namespace {

TEST(Hex, RoundTrip) {
  Bytes b{0x00, 0x7f, 0x80, 0xff, 0xa5};
  EXPECT_EQ(to_hex(b), "007f80ffa5");
  EXPECT_EQ(*from_hex("007F80FFa5"), b);
  EXPECT_EQ(*from_hex(""), Bytes{});
}

TEST(Hex, RejectsOddLengthAndBadDigits) {
  EXPECT_EQ(from_hex("abc").error().message, "hex string has an odd number of digits (3)");
  EXPECT_EQ(from_hex("0g").error().message,
            "hex string: character 'g' at position 1 is not a hex digit");
}

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(to_base64(as_bytes(plain[i])), coded[i]);
    EXPECT_EQ(*from_base64(coded[i]), to_bytes(plain[i]));
  }
}

TEST(Base64, StrictDecoding) {
  EXPECT_FALSE(from_base64("Zg=").ok());       // length
  EXPECT_FALSE(from_base64("Zm9 ").ok());      // whitespace
  EXPECT_FALSE(from_base64("Zh==").ok());      // non-zero trailing bits
  EXPECT_FALSE(from_base64("Z===").ok());      // too much padding
  EXPECT_FALSE(from_base64("Zg==Zg==").ok());  // padding in the middle
}

}  // namespace
}  // namespace imssim
