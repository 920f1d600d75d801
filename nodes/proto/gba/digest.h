// HTTP Digest headers (RFC 2617 §3.2, RFC 7235 §2.1) as HTTP Digest AKA uses them on Ub
// (RFC 3310, TS 24.109 §4): WWW-Authenticate challenges, Authorization credentials and
// Authentication-Info, each parsed strictly and built with RFC 2617's quoting.
//
// Parsing accepts token or quoted-string for every value (RFC 7235 §2.2 asks recipients to);
// what is checked strictly is the structure (scheme, name=value pairs, commas, quotes and
// escapes), duplicates, required parameters and the formats of nc, response, qop and auts.
// Unknown parameters are kept in `extensions` (RFC 2617 §3.2.1: ignore unrecognised ones).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::gba {

struct AuthParam {
  std::string name;  // as received (compared case-insensitively)
  std::string value;
};

// WWW-Authenticate: Digest realm=..., nonce=..., ... (RFC 2617 §3.2.1).
struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::optional<std::string> opaque;
  std::optional<std::string> domain;
  std::string algorithm;                 // empty: absent (RFC 2617 default MD5)
  std::vector<std::string> qop_options;  // empty: no qop
  bool stale = false;
  std::vector<AuthParam> extensions;
};

// Authorization: Digest username=..., ... (RFC 2617 §3.2.2, RFC 3310 §3.4 for auts).
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;  // 32 lower-case hex digits, or empty in the initial Ub request
  std::string algorithm;
  std::optional<std::string> cnonce;
  std::optional<std::string> opaque;
  std::optional<std::string> qop;  // "auth" or "auth-int"
  std::optional<std::string> nc;   // 8 hex digits
  std::optional<Bytes> auts;       // decoded AUTS (14 octets) on a synchronisation failure
  std::vector<AuthParam> extensions;
};

// Authentication-Info: rspauth=..., ... (RFC 2617 §3.2.3).
struct DigestAuthInfo {
  std::optional<std::string> nextnonce;
  std::optional<std::string> qop;
  std::optional<std::string> rspauth;
  std::optional<std::string> cnonce;
  std::optional<std::string> nc;
  std::vector<AuthParam> extensions;
};

// Header values (what follows "Name: "). Errors name the header, the column and the reason.
std::string format_challenge(const DigestChallenge& c);
Result<DigestChallenge> parse_challenge(std::string_view header_value);
std::string format_credentials(const DigestCredentials& c);
Result<DigestCredentials> parse_credentials(std::string_view header_value);
std::string format_auth_info(const DigestAuthInfo& i);
Result<DigestAuthInfo> parse_auth_info(std::string_view header_value);

}  // namespace imssim::gba
