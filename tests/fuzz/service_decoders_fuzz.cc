// Fuzz target for the decoders of the IMS services' inputs: the X3 media copy (li/x3_copy.h)
// and the media mailbox's service URI parameters (mailbox/service_uri.h). What decodes must
// survive encode -> decode unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "nodes/li/x3_copy.h"
#include "nodes/mailbox/service_uri.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace imssim;
  ByteView in(data, size);
  if (auto c = li::decode_x3(in)) {
    Bytes again = li::encode_x3(c->correlation, c->direction, c->payload);
    if (again != Bytes(in.begin(), in.end())) std::abort();
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto u = mailbox::parse_service_uri(text); u && u->target) {
    auto again = mailbox::parse_service_uri(
        mailbox::retarget_uri("sip:mailbox@x", *u->target, mailbox::kCauseNoReply));
    if (!again || again->target != u->target) std::abort();
  }
  return 0;
}
