// libFuzzer target for the MIKEY decoder and the message parsers: any input must give a value
// or a typed error; whatever decodes must re-encode to the same bytes.
#include <cstdint>
#include <cstdlib>

#include "nodes/proto/mikey/analysis.h"
#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/psk_messages.h"
#include "nodes/proto/mikey/ticket_messages.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace imssim::mikey;
  imssim::ByteView wire(data, size);
  // The PSK of the generated corpus messages, so the MAC and KEMAC paths are reached too.
  static const imssim::Bytes kPsk = [] {
    imssim::Bytes k;
    for (int i = 0; i < 32; ++i) k.push_back(std::uint8_t(i));
    return k;
  }();
  Freshness f;
  f.now = imssim::Time::sec(100);
  auto m = decode(wire);
  if (m.ok()) {
    auto again = encode(*m);
    if (!again.ok() || *again != imssim::Bytes(wire.begin(), wire.end())) std::abort();
    if (is_initiating(m->header.data_type)) {
      auto b = binding_from_message(*m, wire, kPsk);
      if (b.ok()) {
        (void)verify_message_mac(wire, *m, *b);
        (void)open_kemac(*m, *b);
      }
    }
  }
  (void)parse_psk_init(wire, kPsk, f);
  (void)parse_request_init(wire, kPsk, f);
  (void)parse_resolve_init(wire, kPsk, f);
  (void)parse_transfer_init(wire, kPsk, f);
  auto b = binding_of(RequestInit{}, kPsk);
  if (b.ok()) {
    (void)parse_request_resp(wire, *b, f);
    (void)parse_resolve_resp(wire, *b, f);
    (void)parse_transfer_resp(wire, *b, f);
    (void)parse_psk_verify(wire, *b, f);
    (void)parse_error(wire, &*b, f);
  }
  return 0;
}
