// The mailbox's service URIs. A retargeted call arrives at the RFC 4458 form
// sip:mailbox@<domain>;target=<escaped callee>;cause=<code>; a stored message is played back
// from sip:mailbox@<domain>;msg=<index>.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace imssim::mailbox {

// RFC 4458 §3.2, Table 1: the redirecting reason the cause parameter carries.
inline constexpr int kCauseNotAvailable = 404;  // "Unknown/Not available": not registered
inline constexpr int kCauseNoReply = 408;       // "No reply": the no-answer timer ran out

struct ServiceUri {
  std::optional<std::string> target;  // unescaped: sip:bob@ims.example
  std::string cause;
  std::optional<std::size_t> message;
};

// The service URI's parameters; fails on a bad escape or a bad message index.
Result<ServiceUri> parse_service_uri(std::string_view uri);
std::string retarget_uri(const std::string& mailbox, const std::string& callee, int cause);
std::string message_uri(const std::string& mailbox, std::size_t index);

}  // namespace imssim::mailbox
