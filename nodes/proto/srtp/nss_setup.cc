#include "nodes/proto/srtp/nss_setup.h"

#ifdef IMSSIM_SRTP_NSS
#include <dlfcn.h>
#include <nss.h>
#endif

namespace imssim::srtp {

#ifdef IMSSIM_SRTP_NSS
namespace {

NSSInitContext* held = nullptr;  // ours, for the life of the process
char shared_token;               // what libsrtp's ciphers get while `held` keeps NSS up

template <typename F>
F real(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace
#endif

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
  held = context;
  return context != nullptr;
#else
  return true;
#endif
}

}  // namespace imssim::srtp

#ifdef IMSSIM_SRTP_NSS
// libsrtp's per-cipher NSS contexts (above) are kept by NSS in a singly linked list that
// NSS_ShutdownContext walks from the newest entry, so freeing a call's SRTP session cost
// O(SRTP sessions alive): with 200 calls at once, a tenth of the run. Once our context keeps
// NSS up, a context without databases (libsrtp's kind) would only add a list entry, so this
// process's definitions (they take precedence over libnss3's for libsrtp) hand out a token
// instead and pass every other call on to NSS.
extern "C" NSSInitContext* NSS_InitContext(const char* configdir, const char* cert_prefix,
                                           const char* key_prefix, const char* secmod_name,
                                           NSSInitParameters* params, PRUint32 flags) {
  constexpr PRUint32 kNoDatabases = NSS_INIT_READONLY | NSS_INIT_NOCERTDB | NSS_INIT_NOMODDB;
  if (imssim::srtp::held != nullptr && (flags & kNoDatabases) == kNoDatabases &&
      configdir != nullptr && *configdir == '\0' && params == nullptr)
    return reinterpret_cast<NSSInitContext*>(&imssim::srtp::shared_token);
  static auto next = imssim::srtp::real<decltype(&NSS_InitContext)>("NSS_InitContext");
  return next ? next(configdir, cert_prefix, key_prefix, secmod_name, params, flags) : nullptr;
}

extern "C" SECStatus NSS_ShutdownContext(NSSInitContext* context) {
  if (context == reinterpret_cast<NSSInitContext*>(&imssim::srtp::shared_token)) return SECSuccess;
  static auto next = imssim::srtp::real<decltype(&NSS_ShutdownContext)>("NSS_ShutdownContext");
  return next ? next(context) : SECFailure;
}
#endif
