// Fuzz target for the Diameter decoder and the Zn/Zh parsers. Checks, besides "no crash":
//  * the strict decoder only accepts canonical encodings: encode(decode(x)) == x;
//  * the Zn/Zh parsers accept only what their builders reproduce exactly.
#include <cstdint>
#include <cstdlib>

#include "nodes/proto/diameter/zh.h"
#include "nodes/proto/diameter/zn.h"

namespace {

using namespace imssim;
using namespace imssim::diameter;

// Every AVP value tried as a Grouped value, to a bounded depth.
void walk(const std::vector<Avp>& avps, int depth) {
  if (depth == 0) return;
  for (const auto& a : avps) {
    auto inner = decode_avps(a.data, "");
    if (inner) {
      if (encode_avps(*inner) != a.data) std::abort();
      walk(*inner, depth - 1);
    }
    (void)as_u32(a, "");
    (void)as_utf8(a, "");
    (void)as_time(a, "");
  }
}

template <typename T, typename Parse, typename Build>
void reparse(const Message& m, Parse parse, Build build) {
  auto p = parse(m);
  if (!p) return;
  // The typed view rebuilt must parse to a message that encodes the same as a rebuild of it.
  const Bytes once = encode(build(*p, m.hop_by_hop, m.end_to_end));
  auto d = decode(once);
  if (!d) std::abort();
  auto p2 = parse(*d);
  if (!p2) std::abort();
  if (encode(build(*p2, m.hop_by_hop, m.end_to_end)) != once) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  (void)peek_length(input);
  auto m = decode(input);
  if (!m) return 0;
  if (encode(*m) != Bytes(input.begin(), input.end())) std::abort();
  walk(m->avps, 4);
  reparse<BootstrappingInfoRequest>(*m, parse_bir, build_bir);
  reparse<BootstrappingInfoAnswer>(*m, parse_bia, build_bia);
  reparse<MultimediaAuthRequest>(*m, parse_mar, build_mar);
  reparse<MultimediaAuthAnswer>(*m, parse_maa, build_maa);
  return 0;
}
