// libsrtp's ciphers and HMAC on OpenSSL.
//
// Debian builds libsrtp2 on NSS, whose AES-CM creates and destroys a PKCS#11 context for every
// packet and holds about 5 KB per key: in a run with many calls that was a fifth of the time.
// libsrtp lets an application replace a cipher or auth type (srtp_replace_cipher_type,
// srtp_replace_auth_type) and runs both the replacement's and the original's known-answer
// tests before it takes over, so libsrtp still does all of SRTP (packet layout, key
// derivation, replay window, tags); only the block-cipher and HMAC calls go to OpenSSL.
#pragma once

#include <srtp2/auth.h>
#include <srtp2/cipher.h>
#include <srtp2/srtp.h>

namespace imssim::srtp {

// Replaces AES-ICM-128/256, AES-GCM-128/256 and HMAC-SHA1 in libsrtp's crypto kernel. Call
// once, after srtp_init(). Returns the first status that is not srtp_err_status_ok.
srtp_err_status_t install_openssl_crypto();

// The replacement types themselves (for tests): nullptr for a cipher id not replaced.
const srtp_cipher_type_t* openssl_cipher_type(srtp_cipher_type_id_t id);
const srtp_auth_type_t& openssl_hmac_sha1();

}  // namespace imssim::srtp
