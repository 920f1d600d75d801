// Fuzz target for the SDP parser and RFC 4567 key-mgmt extraction. Aborts when a decoded
// key-mgmt attribute does not survive re-encoding (value text -> bytes -> value text).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "nodes/proto/sip/sdp.h"

namespace {

using namespace imssim::sip;

void round_trip(const KeyMgmt& k) {
  auto again = parse_key_mgmt(key_mgmt_value(k));
  if (!again || again->protocol != k.protocol || again->data != k.data) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  if (auto k = parse_key_mgmt(s)) round_trip(*k);
  auto sdp = parse_sdp(s);
  if (!sdp) return 0;
  for (const auto& k : sdp->key_mgmt) round_trip(k);
  for (std::size_t i = 0; i < sdp->media.size(); ++i) {
    for (const auto& k : sdp->media[i].key_mgmt) round_trip(k);
    (void)sdp->effective_key_mgmt(i, "mikey");
  }
  return 0;
}
