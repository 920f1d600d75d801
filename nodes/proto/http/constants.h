// HTTP/1.1 constants (RFC 9110 semantics, RFC 9112 message syntax), with their sections.
#pragma once

#include <cstddef>
#include <string_view>

namespace imssim::http {

// RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; this codec speaks 1.1 and accepts 1.0.
inline constexpr std::string_view kVersionPrefix = "HTTP/1.";
inline constexpr std::string_view kCrlf = "\r\n";

// Header fields the codec itself interprets.
inline constexpr std::string_view kHost = "Host";                           // RFC 9112 §3.2
inline constexpr std::string_view kContentLength = "Content-Length";        // RFC 9110 §8.6
inline constexpr std::string_view kTransferEncoding = "Transfer-Encoding";  // RFC 9112 §6.1
inline constexpr std::string_view kChunked = "chunked";                     // RFC 9112 §7.1
inline constexpr std::string_view kContentType = "Content-Type";            // RFC 9110 §8.3
// Authentication on Ub and Ua (RFC 9110 §11.6.1, §11.6.2; RFC 2617 §3.2.3).
inline constexpr std::string_view kWwwAuthenticate = "WWW-Authenticate";
inline constexpr std::string_view kAuthorization = "Authorization";
inline constexpr std::string_view kAuthenticationInfo = "Authentication-Info";

// Status codes the parser suggests for a bad request (RFC 9110 §15.5, §15.6; RFC 6585 §5).
inline constexpr int kBadRequest = 400;
inline constexpr int kContentTooLarge = 413;
inline constexpr int kUriTooLong = 414;
inline constexpr int kHeaderFieldsTooLarge = 431;
inline constexpr int kNotImplemented = 501;
inline constexpr int kVersionNotSupported = 505;

// Default limits (RFC 9112 §3: a server that receives a too-long request-target answers 414; RFC
// 6585 §5: 431 for oversized header fields). Ub, Zn-over-HTTP and KMS messages are small.
struct Limits {
  std::size_t max_start_line = 8192;
  std::size_t max_header_line = 8192;
  std::size_t max_headers = 100;
  std::size_t max_header_bytes = 65536;
  std::size_t max_body = 1 << 20;
  std::size_t max_chunk_line = 1024;
};

}  // namespace imssim::http
