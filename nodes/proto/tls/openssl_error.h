// OpenSSL reports failures on a per-thread error queue; these turn it into one readable line.
#pragma once

#include <string>
#include <string_view>

namespace imssim::tls {

// Empties this thread's OpenSSL error queue and returns its reasons joined by "; " (empty if
// the queue was empty). Example: "error:0A000412:SSL routines::sslv3 alert bad certificate".
std::string drain_openssl_errors();

// "<what>: <drained errors>" or just "<what>" when OpenSSL left no reason.
std::string openssl_failure(std::string_view what);

}  // namespace imssim::tls
