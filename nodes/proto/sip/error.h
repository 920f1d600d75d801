// The error of SIP parsing and proxy checks: what went wrong, where, and what to answer.
#pragma once

#include <string>
#include <utility>

#include "common/result.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::sip {

struct SipError {
  // The status code an element sends back (400, 483, 505, ...), or kDrop (0) when the message
  // must be discarded silently (a broken response, RFC 3261 §18.1.2 / RFC 4475 §3.1.2.19).
  int status = kBadRequest;
  // Names the place and the reason: "CSeq: header value does not parse".
  std::string message;
};

inline Unexpected<SipError> reject(int status, std::string message) {
  return {SipError{status, std::move(message)}};
}

}  // namespace imssim::sip
