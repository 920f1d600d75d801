#include "nodes/proto/tls/seeded_rand_provider.h"

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <climits>
#include <new>
#include <string>

#include "nodes/proto/tls/openssl_error.h"

namespace imssim::tls::detail {

void RandomSource::fill(unsigned char* out, std::size_t n) {
  std::lock_guard lock(mutex_);
  Rng* rng = current_ != nullptr ? current_ : fallback_;
  rng->fill(out, n);
  bytes_drawn_ += n;
}

Rng* RandomSource::exchange_current(Rng* rng) {
  std::lock_guard lock(mutex_);
  Rng* previous = current_;
  current_ = rng;
  return previous;
}

std::uint64_t RandomSource::bytes_drawn() const {
  std::lock_guard lock(mutex_);
  return bytes_drawn_;
}

namespace {

// provctx: set by the core at load time, pointed at the context's RandomSource right after.
struct ProviderContext {
  RandomSource* source = nullptr;
};

struct RandContext {
  ProviderContext* provider;
  int state = EVP_RAND_STATE_UNINITIALISED;
};

void* rand_newctx(void* provctx, void* /*parent*/, const OSSL_DISPATCH* /*parent_calls*/) {
  return new (std::nothrow) RandContext{static_cast<ProviderContext*>(provctx)};
}

void rand_freectx(void* vctx) { delete static_cast<RandContext*>(vctx); }

int rand_instantiate(void* vctx, unsigned int /*strength*/, int /*prediction_resistance*/,
                     const unsigned char* /*pstr*/, size_t /*pstr_len*/,
                     const OSSL_PARAM /*params*/[]) {
  static_cast<RandContext*>(vctx)->state = EVP_RAND_STATE_READY;
  return 1;
}

int rand_uninstantiate(void* vctx) {
  static_cast<RandContext*>(vctx)->state = EVP_RAND_STATE_UNINITIALISED;
  return 1;
}

int rand_generate(void* vctx, unsigned char* out, size_t outlen, unsigned int /*strength*/,
                  int /*prediction_resistance*/, const unsigned char* /*adin*/,
                  size_t /*adin_len*/) {
  auto* ctx = static_cast<RandContext*>(vctx);
  if (ctx->provider->source == nullptr) return 0;  // fail closed, never silently unseeded
  ctx->provider->source->fill(out, outlen);
  return 1;
}

// A seed source's parent interface: children would call this; ours never need it, but a
// DRBG from another provider might be stacked on top, so it gets seeded bytes too.
size_t rand_get_seed(void* vctx, unsigned char** out, int /*entropy*/, size_t min_len,
                     size_t /*max_len*/, int /*prediction_resistance*/,
                     const unsigned char* /*adin*/, size_t /*adin_len*/) {
  auto* ctx = static_cast<RandContext*>(vctx);
  if (ctx->provider->source == nullptr) return 0;
  auto* buffer = static_cast<unsigned char*>(OPENSSL_secure_malloc(min_len));
  if (buffer == nullptr) return 0;
  ctx->provider->source->fill(buffer, min_len);
  *out = buffer;
  return min_len;
}

void rand_clear_seed(void* /*vctx*/, unsigned char* out, size_t outlen) {
  OPENSSL_secure_clear_free(out, outlen);
}

int rand_enable_locking(void* /*vctx*/) { return 1; }  // RandomSource locks itself

int rand_get_ctx_params(void* vctx, OSSL_PARAM params[]) {
  auto* ctx = static_cast<RandContext*>(vctx);
  OSSL_PARAM* p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE);
  if (p != nullptr && !OSSL_PARAM_set_int(p, ctx->state)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH);
  if (p != nullptr && !OSSL_PARAM_set_uint(p, 256)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST);
  if (p != nullptr && !OSSL_PARAM_set_size_t(p, INT_MAX)) return 0;
  return 1;
}

const OSSL_PARAM* rand_gettable_ctx_params(void* /*vctx*/, void* /*provctx*/) {
  static const OSSL_PARAM kGettable[] = {
      OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, nullptr),
      OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, nullptr),
      OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, nullptr),
      OSSL_PARAM_END,
  };
  return kGettable;
}

// OpenSSL's dispatch tables hold functions as void(*)(void); the casts are its convention.
template <typename F>
constexpr void (*fn(F f))(void) {
  return reinterpret_cast<void (*)(void)>(f);
}

const OSSL_DISPATCH kRandFunctions[] = {
    {OSSL_FUNC_RAND_NEWCTX, fn(rand_newctx)},
    {OSSL_FUNC_RAND_FREECTX, fn(rand_freectx)},
    {OSSL_FUNC_RAND_INSTANTIATE, fn(rand_instantiate)},
    {OSSL_FUNC_RAND_UNINSTANTIATE, fn(rand_uninstantiate)},
    {OSSL_FUNC_RAND_GENERATE, fn(rand_generate)},
    {OSSL_FUNC_RAND_GET_SEED, fn(rand_get_seed)},
    {OSSL_FUNC_RAND_CLEAR_SEED, fn(rand_clear_seed)},
    {OSSL_FUNC_RAND_ENABLE_LOCKING, fn(rand_enable_locking)},
    {OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, fn(rand_gettable_ctx_params)},
    {OSSL_FUNC_RAND_GET_CTX_PARAMS, fn(rand_get_ctx_params)},
    {0, nullptr},
};

const OSSL_ALGORITHM kRandAlgorithms[] = {
    {kSeededRandName, kSeededRandProperties, kRandFunctions,
     "imssim seeded random stream"},
    {nullptr, nullptr, nullptr, nullptr},
};

const OSSL_ALGORITHM* provider_query(void* /*provctx*/, int operation_id, int* no_cache) {
  *no_cache = 0;
  return operation_id == OSSL_OP_RAND ? kRandAlgorithms : nullptr;
}

void provider_teardown(void* provctx) { delete static_cast<ProviderContext*>(provctx); }

const OSSL_DISPATCH kProviderFunctions[] = {
    {OSSL_FUNC_PROVIDER_TEARDOWN, fn(provider_teardown)},
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, fn(provider_query)},
    {0, nullptr},
};

int provider_init(const OSSL_CORE_HANDLE* /*handle*/, const OSSL_DISPATCH* /*in*/,
                  const OSSL_DISPATCH** out, void** provctx) {
  auto* context = new (std::nothrow) ProviderContext;
  if (context == nullptr) return 0;
  *provctx = context;
  *out = kProviderFunctions;
  return 1;
}

}  // namespace

Result<OSSL_PROVIDER*> install_seeded_rand(OSSL_LIB_CTX* libctx, RandomSource& source) {
  const char* propq = kSeededRandProperties;
  if (OSSL_PROVIDER_add_builtin(libctx, kSeededRandProvider, provider_init) != 1)
    return fail(openssl_failure("registering the seeded RAND provider"));
  if (RAND_set_DRBG_type(libctx, kSeededRandName, propq, nullptr, nullptr) != 1 ||
      RAND_set_seed_source_type(libctx, kSeededRandName, propq) != 1)
    return fail(openssl_failure("selecting the seeded RAND as DRBG and seed source"));
  OSSL_PROVIDER* provider = OSSL_PROVIDER_load(libctx, kSeededRandProvider);
  if (provider == nullptr) return fail(openssl_failure("loading the seeded RAND provider"));
  static_cast<ProviderContext*>(OSSL_PROVIDER_get0_provider_ctx(provider))->source = &source;
  // Instantiate now and check that the context's DRBG really is ours.
  EVP_RAND_CTX* primary = RAND_get0_primary(libctx);
  const char* name = primary != nullptr ? EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(primary))
                                        : nullptr;
  if (name == nullptr || std::string(name) != kSeededRandName) {
    OSSL_PROVIDER_unload(provider);
    return fail(openssl_failure("the library context's primary DRBG is not the seeded RAND"));
  }
  return provider;
}

}  // namespace imssim::tls::detail
