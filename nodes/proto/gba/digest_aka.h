// The digest computation of RFC 2617 §3.2.2 with the AKA conventions of RFC 3310: the password
// is the raw RES octets (an empty password with auts= on a synchronisation failure), the nonce is
// base64(RAND || AUTN || server data), and Ub uses qop=auth-int (TS 24.109 §4).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/gba/aka.h"
#include "nodes/proto/gba/digest.h"

namespace imssim::gba {

// request-digest of RFC 2617 §3.2.2.1 (32 lower-case hex digits) for the credentials' username,
// realm, nonce, uri, qop, nc and cnonce. H(A1) = MD5(username:realm:password) for the MD5 and
// AKAv1-MD5 algorithms; A2 = method:uri (qop auth or none) or method:uri:MD5(body) (auth-int).
// Errors: an algorithm other than MD5 / AKAv1-MD5 (e.g. the -sess variants, not supported).
Result<std::string> digest_response(const DigestCredentials& c, std::string_view method,
                                    ByteView password, ByteView body);

// The BSF's check of a client's response with the expected password (XRES, or empty when auts
// is present). Constant-time comparison; the error says which check failed.
Result<Ok> verify_digest_response(const DigestCredentials& c, std::string_view method,
                                  ByteView password, ByteView body);

// rspauth of the Authentication-Info header (RFC 2617 §3.2.3): like the response with an empty
// method in A2, over the response body for auth-int.
Result<std::string> digest_rspauth(const DigestCredentials& c, ByteView password, ByteView body);

// nonce = base64(RAND || AUTN || server data) (RFC 3310 §3.2).
std::string make_aka_nonce(const Block& rand, const Autn& autn, ByteView server_data = {});
struct AkaNonce {
  Block rand{};
  Autn autn{};
  Bytes server_data;
};
Result<AkaNonce> parse_aka_nonce(std::string_view nonce);

// MD5 of `data` as 32 lower-case hex digits (RFC 2617's H()).
std::string md5_hex(ByteView data);

}  // namespace imssim::gba
