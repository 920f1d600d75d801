#include "nodes/proto/srtp/nss_setup.h"

#ifdef IMSSIM_SRTP_NSS
#include <nss.h>
#endif

namespace imssim::srtp {

bool set_up_crypto_backend() {
#ifdef IMSSIM_SRTP_NSS
  // libsrtp's NSS backend opens an NSS context for every cipher and HMAC, with
  // NSS_INIT_OPTIMIZESPACE, and NSS shuts down when the last context closes. So:
  // - NSS would be re-initialised (~3 ms) whenever no SRTP session is alive; the context held
  //   here keeps it up;
  // - whoever initialises NSS first sizes the softoken's session and object hash tables, 32
  //   buckets with OPTIMIZESPACE, 1024 without. Every SRTP session holds several NSS sessions
  //   and keys, so with hundreds of calls at once the 32-bucket chains made every key import,
  //   context and free slower. Initialising here, before srtp_init(), gets the large tables.
  // Same flags as libsrtp's apart from OPTIMIZESPACE.
  static NSSInitContext* context = NSS_InitContext(
      "", "", "", "", nullptr,
      NSS_INIT_READONLY | NSS_INIT_NOCERTDB | NSS_INIT_NOMODDB | NSS_INIT_FORCEOPEN);
  return context != nullptr;
#else
  return true;
#endif
}

}  // namespace imssim::srtp
