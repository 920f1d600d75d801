// Hex and base64 text forms of byte strings (lower-case hex; RFC 4648 base64, strict).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"

namespace imssim {

std::string to_hex(ByteView data);
// Accepts upper or lower case; whitespace is not allowed. Errors name the offending position.
Result<Bytes> from_hex(std::string_view text);

std::string to_base64(ByteView data);
// Strict RFC 4648 §4: padding required, no whitespace, no non-alphabet characters,
// non-zero trailing bits rejected.
Result<Bytes> from_base64(std::string_view text);

}  // namespace imssim
