// Process-wide set-up of the crypto library under libsrtp (Debian builds libsrtp2 on NSS).
#pragma once

namespace imssim::srtp {

// Called once before srtp_init(). With NSS underneath, initialises NSS and holds one NSS
// context for the life of the process; otherwise does nothing. Returns false on failure.
bool set_up_crypto_backend();

}  // namespace imssim::srtp
