// The typed error every MIKEY decoder, parser and verifier returns: callers branch on the
// kind (a KMS answers a bad MAC with ERR "Authentication failure", a stale timestamp with
// "Invalid timestamp"), people read the message, which names the payload, field and offset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace imssim::mikey {

struct MikeyError {
  enum class Kind {
    kTruncated,          // a field runs past the end of the input
    kBadLength,          // a length field is inconsistent (too big, zero where not allowed)
    kBadValue,           // a field holds a value the RFC does not allow
    kUnknownPayload,     // a Next Payload value no RFC we implement defines
    kUnsupported,        // defined by an RFC but not implemented (PKE, DH, AES-KW, ...)
    kMisplacedPayload,   // a payload not allowed at this place of this message
    kMissingPayload,     // a payload the message must carry is absent
    kTrailingBytes,      // bytes after the last payload
    kWrongMessage,       // another data type than the one asked for
    kBadMac,             // MAC verification failed (wrong key or tampered message)
    kStaleTimestamp,     // timestamp outside the allowed clock-skew window
    kReplay,             // message already seen (replay cache)
    kCrypto,             // OpenSSL failure or a key of the wrong size
  };
  Kind kind = Kind::kBadValue;
  std::size_t offset = 0;  // byte offset in the message where the problem is
  std::string message;
};

std::string_view to_string(MikeyError::Kind kind);

template <typename T>
using MikeyResult = Result<T, MikeyError>;

inline Unexpected<MikeyError> mikey_fail(MikeyError::Kind kind, std::size_t offset,
                                         std::string message) {
  return {MikeyError{kind, offset, std::move(message)}};
}

}  // namespace imssim::mikey
