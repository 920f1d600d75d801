// Fuzz target for the GBA text decoders: Digest headers (WWW-Authenticate, Authorization,
// Authentication-Info), the AKA nonce, the B-TID and the BootstrappingInfo XML body. Each input
// goes through all of them. What parses must survive format -> parse unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/hex.h"
#include "nodes/proto/gba/bootstrapping_info.h"
#include "nodes/proto/gba/digest.h"
#include "nodes/proto/gba/digest_aka.h"
#include "nodes/proto/gba/kdf.h"

namespace {

using namespace imssim;
using namespace imssim::gba;

bool same(const std::vector<AuthParam>& a, const std::vector<AuthParam>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
  return true;
}

void challenge(std::string_view s) {
  auto c = parse_challenge(s);
  if (!c) return;
  auto again = parse_challenge(format_challenge(*c));
  if (!again || again->realm != c->realm || again->nonce != c->nonce ||
      again->opaque != c->opaque || again->domain != c->domain ||
      again->algorithm != c->algorithm || again->qop_options != c->qop_options ||
      again->stale != c->stale || !same(again->extensions, c->extensions))
    std::abort();
  (void)parse_aka_nonce(c->nonce);
}

void credentials(std::string_view s) {
  auto c = parse_credentials(s);
  if (!c) return;
  auto again = parse_credentials(format_credentials(*c));
  if (!again || again->username != c->username || again->realm != c->realm ||
      again->nonce != c->nonce || again->uri != c->uri || again->response != c->response ||
      again->algorithm != c->algorithm || again->cnonce != c->cnonce ||
      again->opaque != c->opaque || again->qop != c->qop || again->nc != c->nc ||
      again->auts != c->auts || !same(again->extensions, c->extensions))
    std::abort();
  (void)digest_response(*c, "GET", as_bytes("password"), as_bytes("body"));
}

void auth_info(std::string_view s) {
  auto i = parse_auth_info(s);
  if (!i) return;
  auto again = parse_auth_info(format_auth_info(*i));
  if (!again || again->nextnonce != i->nextnonce || again->qop != i->qop ||
      again->rspauth != i->rspauth || again->cnonce != i->cnonce || again->nc != i->nc ||
      !same(again->extensions, i->extensions))
    std::abort();
}

void bootstrapping_info(std::string_view s) {
  auto b = parse_bootstrapping_info(s);
  if (!b) return;
  auto again = parse_bootstrapping_info(build_bootstrapping_info(*b));
  if (!again || again->btid != b->btid || again->lifetime_unix != b->lifetime_unix) std::abort();
}

void btid(std::string_view s) {
  auto b = parse_btid(s);
  if (b && make_btid(b->rand, b->bsf_domain) != s) std::abort();  // strict base64 is canonical
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  challenge(s);
  credentials(s);
  auth_info(s);
  bootstrapping_info(s);
  btid(s);
  (void)parse_aka_nonce(s);
  auto t = parse_rfc3339_utc(s);
  if (t && *parse_rfc3339_utc(format_rfc3339_utc(*t)) != *t) std::abort();
  return 0;
}
